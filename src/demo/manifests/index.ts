// The demo's manifests, as the YAML a user would write; the demo saves them under DIR/manifests and applies them
// with kubectl.
export { VIRTUAL_SERVICE_CRD } from './virtual-service-crd.js';
export { FEDERATED_NAMESPACE, TEST_NAMESPACE } from './federated-namespace.js';
export { FEDERATED_VIRTUAL_SERVICE } from './federated-virtual-service.js';
export { FEDERATED_DEPLOYMENT } from './federated-deployment.js';
export { REPLICA_SCHEDULING, RSP_DEPLOYMENT, RSP_EXPECTED } from './replica-scheduling.js';
export { ingressDnsManifests, INGRESS_NAME, INGRESS_HOST, DNS_ENDPOINT_NAME, INGRESS_CLUSTERS } from './ingress-dns.js';
