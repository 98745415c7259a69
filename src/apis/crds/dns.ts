// CRDs of multiclusterdns.kubefed.io/v1alpha1 (KubeFed v0.6.1, §2.7). DNSEndpoint's spec is ExternalDNS's
// (sigs.k8s.io/external-dns endpoint.Endpoint and its DNSEndpoint CRD), so ExternalDNS's CRD source can read it
// with `--crd-source-apiversion=multiclusterdns.kubefed.io/v1alpha1 --crd-source-kind=DNSEndpoint`. The records'
// `status.conditions` (a Ready condition) is our addition: KubeFed gave no way to see why a record had no addresses.
import { Kinds, MULTICLUSTER_DNS_GROUP, Plurals, V1ALPHA1 } from '../constants.js';
import { NON_NEGATIVE_MESSAGE } from '../validation.js';
import { customResourceDefinition } from './crd.js';
import type { CustomResourceDefinition } from './crd.js';
import { arr, bool, int64, loadBalancerStatusSchema, mapOf, metav1ConditionsSchema, obj, rootSchema, rule, str } from './schema.js';

const ttlSchema = () => int64({ 'x-kubernetes-validations': [rule('self >= 0', NON_NEGATIVE_MESSAGE)] });

export function domainCrd(): CustomResourceDefinition {
  return customResourceDefinition({
    group: MULTICLUSTER_DNS_GROUP,
    version: V1ALPHA1,
    kind: Kinds.Domain,
    plural: Plurals.Domain,
    scope: 'Namespaced',
    schema: rootSchema({ domain: str({ minLength: 1 }), nameServer: str() }, ['domain']),
  });
}

export function serviceDnsRecordCrd(): CustomResourceDefinition {
  const spec = obj(
    {
      domainRef: str({ minLength: 1 }),
      recordTTL: ttlSchema(),
      dnsPrefix: str(),
      externalName: str(),
      allowServiceWithoutEndpoints: bool(),
    },
    ['domainRef'],
  );
  const clusterDns = obj(
    { cluster: str(), loadBalancer: loadBalancerStatusSchema(), zones: arr(str()), region: str() },
    ['cluster'],
  );
  return customResourceDefinition({
    group: MULTICLUSTER_DNS_GROUP,
    version: V1ALPHA1,
    kind: Kinds.ServiceDNSRecord,
    plural: Plurals.ServiceDNSRecord,
    scope: 'Namespaced',
    schema: rootSchema({ spec, status: obj({ domain: str(), dns: arr(clusterDns), conditions: metav1ConditionsSchema() }) }),
    statusSubresource: true,
  });
}

export function ingressDnsRecordCrd(): CustomResourceDefinition {
  const spec = obj({ hosts: arr(str()), recordTTL: ttlSchema() });
  const clusterDns = obj({ cluster: str(), loadBalancer: loadBalancerStatusSchema() }, ['cluster']);
  return customResourceDefinition({
    group: MULTICLUSTER_DNS_GROUP,
    version: V1ALPHA1,
    kind: Kinds.IngressDNSRecord,
    plural: Plurals.IngressDNSRecord,
    scope: 'Namespaced',
    schema: rootSchema({ spec, status: obj({ dns: arr(clusterDns), conditions: metav1ConditionsSchema() }) }),
    statusSubresource: true,
  });
}

export function dnsEndpointCrd(): CustomResourceDefinition {
  const endpoint = obj({
    dnsName: str(),
    targets: arr(str()),
    recordType: str(),
    setIdentifier: str(),
    recordTTL: int64(),
    labels: mapOf(str()),
    providerSpecific: arr(obj({ name: str(), value: str() })),
  });
  return customResourceDefinition({
    group: MULTICLUSTER_DNS_GROUP,
    version: V1ALPHA1,
    kind: Kinds.DNSEndpoint,
    plural: Plurals.DNSEndpoint,
    scope: 'Namespaced',
    schema: rootSchema({ spec: obj({ endpoints: arr(endpoint) }), status: obj({ observedGeneration: int64() }) }),
    statusSubresource: true,
  });
}
