// The walkthrough's networking example: a Domain the DNS server is authoritative for, an Ingress for
// ingress.example.com in cluster1 and cluster2 (a FederatedIngress), and the IngressDNSRecord of the same name that
// turns the Ingresses' load-balancer addresses into a DNSEndpoint (named ingress-<record>, kubefed-behaviour.md §3.9).
import { TEST_NAMESPACE } from './federated-namespace.js';

export const INGRESS_NAME = 'test-ingress';
export const INGRESS_HOST = 'ingress.example.com';
export const DNS_ENDPOINT_NAME = `ingress-${INGRESS_NAME}`;
export const INGRESS_CLUSTERS = ['cluster1', 'cluster2'] as const;

export function ingressDnsManifests(kubefedNamespace: string): string {
  return `apiVersion: multiclusterdns.kubefed.io/v1alpha1
kind: Domain
metadata:
  name: test-domain
  namespace: ${kubefedNamespace}
domain: example.com
---
apiVersion: types.kubefed.io/v1beta1
kind: FederatedIngress
metadata:
  name: ${INGRESS_NAME}
  namespace: ${TEST_NAMESPACE}
spec:
  placement:
    clusters:
${INGRESS_CLUSTERS.map((c) => `    - name: ${c}`).join('\n')}
  template:
    spec:
      rules:
      - host: ${INGRESS_HOST}
        http:
          paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: test-service
                port:
                  number: 80
---
apiVersion: multiclusterdns.kubefed.io/v1alpha1
kind: IngressDNSRecord
metadata:
  name: ${INGRESS_NAME}
  namespace: ${TEST_NAMESPACE}
spec:
  hosts:
  - ${INGRESS_HOST}
  recordTTL: 300
`;
}
