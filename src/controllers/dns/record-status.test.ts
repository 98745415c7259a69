import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IngressDNSRecord, ServiceDNSRecord } from '../../apis/types.js';
import type { KubeObject } from '../../common/object.js';
import { ingressDnsEndpoints, serviceDnsEndpoints } from '../../federation/dns-endpoints.js';
import { hasReadyAddress, ingressRecordStatus, serviceRecordStatus, sortedLoadBalancer, type DnsClusterInfo } from './record-status.js';

const NS = 'kube-federation-system';

function svcRecord(spec: Partial<ServiceDNSRecord['spec']> = {}, status?: ServiceDNSRecord['status']): ServiceDNSRecord {
  const r: ServiceDNSRecord = {
    apiVersion: 'multiclusterdns.kubefed.io/v1alpha1',
    kind: 'ServiceDNSRecord',
    metadata: { name: 'web', namespace: 'demo' },
    spec: { domainRef: 'fed', ...spec },
  };
  if (status) r.status = status;
  return r;
}

function lbObject(kind: string, ...ips: string[]): KubeObject {
  return { apiVersion: 'v1', kind, metadata: { name: 'web', namespace: 'demo' }, status: { loadBalancer: { ingress: ips.map((ip) => (ip.includes('.') && /^\d/.test(ip) ? { ip } : { hostname: ip })) } } };
}

function endpoints(addresses: number): KubeObject {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'demo' }, subsets: [{ addresses: Array.from({ length: addresses }, (_, i) => ({ ip: `10.0.0.${i + 1}` })), notReadyAddresses: [{ ip: '10.0.1.1' }] }] };
}

const c1: DnsClusterInfo = { name: 'cluster1', ready: true, zones: ['c1-a', 'c1-b'], region: 'r1' };
const c2: DnsClusterInfo = { name: 'cluster2', ready: true, zones: ['c2-a'], region: 'r2' };

test('sortedLoadBalancer orders by IP then host name and drops empty entries', () => {
  const obj = { apiVersion: 'v1', kind: 'Service', metadata: {}, status: { loadBalancer: { ingress: [{ ip: '10.0.0.9' }, { hostname: 'b.elb' }, {}, { ip: '10.0.0.10' }, { hostname: 'a.elb' }] } } };
  assert.deepEqual(sortedLoadBalancer(obj).ingress, [{ hostname: 'a.elb' }, { hostname: 'b.elb' }, { ip: '10.0.0.10' }, { ip: '10.0.0.9' }]);
  assert.deepEqual(sortedLoadBalancer(undefined), {});
});

test('hasReadyAddress counts only ready addresses', () => {
  assert.equal(hasReadyAddress(endpoints(1)), true);
  assert.equal(hasReadyAddress(endpoints(0)), false);
  assert.equal(hasReadyAddress(undefined), false);
});

const serviceCases: {
  name: string;
  record: ServiceDNSRecord;
  domain?: string;
  clusters: DnsClusterInfo[];
  services: Record<string, KubeObject>;
  endpoints: Record<string, KubeObject>;
  wantDns: unknown;
  wantReasons: string[];
}[] = [
  {
    name: 'every Ready cluster with endpoints contributes its sorted addresses, zones and region',
    record: svcRecord(),
    domain: 'example.com',
    clusters: [c2, c1],
    services: { cluster1: lbObject('Service', '10.1.0.2', '10.1.0.1'), cluster2: lbObject('Service', '10.2.0.1') },
    endpoints: { cluster1: endpoints(2), cluster2: endpoints(1) },
    wantDns: [
      { cluster: 'cluster1', zones: ['c1-a', 'c1-b'], region: 'r1', loadBalancer: { ingress: [{ ip: '10.1.0.1' }, { ip: '10.1.0.2' }] } },
      { cluster: 'cluster2', zones: ['c2-a'], region: 'r2', loadBalancer: { ingress: [{ ip: '10.2.0.1' }] } },
    ],
    wantReasons: [],
  },
  {
    name: 'a Service without ready endpoints keeps its entry but not its address',
    record: svcRecord(),
    domain: 'example.com',
    clusters: [c1, c2],
    services: { cluster1: lbObject('Service', '10.1.0.1'), cluster2: lbObject('Service', '10.2.0.1') },
    endpoints: { cluster1: endpoints(1), cluster2: endpoints(0) },
    wantDns: [
      { cluster: 'cluster1', zones: ['c1-a', 'c1-b'], region: 'r1', loadBalancer: { ingress: [{ ip: '10.1.0.1' }] } },
      { cluster: 'cluster2', zones: ['c2-a'], region: 'r2' },
    ],
    wantReasons: ['NoReadyEndpoints'],
  },
  {
    name: 'allowServiceWithoutEndpoints publishes the address anyway',
    record: svcRecord({ allowServiceWithoutEndpoints: true }),
    domain: 'example.com',
    clusters: [c2],
    services: { cluster2: lbObject('Service', '10.2.0.1') },
    endpoints: {},
    wantDns: [{ cluster: 'cluster2', zones: ['c2-a'], region: 'r2', loadBalancer: { ingress: [{ ip: '10.2.0.1' }] } }],
    wantReasons: [],
  },
  {
    name: 'a NotReady cluster keeps its previous entry without addresses (quirk 10 fixed)',
    record: svcRecord({}, { domain: 'example.com', dns: [{ cluster: 'cluster2', zones: ['c2-a'], region: 'r2', loadBalancer: { ingress: [{ ip: '10.2.0.1' }] } }] }),
    domain: 'example.com',
    clusters: [c1, { ...c2, ready: false }],
    services: { cluster1: lbObject('Service', '10.1.0.1'), cluster2: lbObject('Service', '10.2.0.1') },
    endpoints: { cluster1: endpoints(1), cluster2: endpoints(1) },
    wantDns: [
      { cluster: 'cluster1', zones: ['c1-a', 'c1-b'], region: 'r1', loadBalancer: { ingress: [{ ip: '10.1.0.1' }] } },
      { cluster: 'cluster2', zones: ['c2-a'], region: 'r2' },
    ],
    wantReasons: ['ClusterNotReady'],
  },
  {
    name: 'a NotReady cluster never seen before is left out',
    record: svcRecord(),
    domain: 'example.com',
    clusters: [{ ...c2, ready: false }],
    services: {},
    endpoints: {},
    wantDns: [],
    wantReasons: [],
  },
  {
    name: 'a missing Domain is reported and status.domain stays unset',
    record: svcRecord(),
    clusters: [c1],
    services: { cluster1: lbObject('Service', '10.1.0.1') },
    endpoints: { cluster1: endpoints(1) },
    wantDns: [{ cluster: 'cluster1', zones: ['c1-a', 'c1-b'], region: 'r1', loadBalancer: { ingress: [{ ip: '10.1.0.1' }] } }],
    wantReasons: ['DomainNotFound'],
  },
  {
    name: 'a cluster without topology still contributes, with a problem',
    record: svcRecord(),
    domain: 'example.com',
    clusters: [{ name: 'bare', ready: true }],
    services: { bare: lbObject('Service', '10.3.0.1') },
    endpoints: { bare: endpoints(1) },
    wantDns: [{ cluster: 'bare', loadBalancer: { ingress: [{ ip: '10.3.0.1' }] } }],
    wantReasons: ['ClusterTopologyMissing'],
  },
  {
    name: 'a ClusterIP Service (no load balancer) is reported',
    record: svcRecord(),
    domain: 'example.com',
    clusters: [c1],
    services: { cluster1: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, status: {} } },
    endpoints: { cluster1: endpoints(1) },
    wantDns: [{ cluster: 'cluster1', zones: ['c1-a', 'c1-b'], region: 'r1' }],
    wantReasons: ['NoLoadBalancerAddress'],
  },
];

for (const tc of serviceCases) {
  test(`service record status: ${tc.name}`, () => {
    const got = serviceRecordStatus({
      record: tc.record,
      domain: tc.domain,
      kubefedNamespace: NS,
      clusters: tc.clusters,
      service: (c) => tc.services[c],
      endpoints: (c) => tc.endpoints[c],
    });
    assert.deepEqual(got.status.dns, tc.wantDns);
    assert.equal(got.status.domain, tc.domain);
    assert.deepEqual(got.problems.map((p) => p.reason), tc.wantReasons);
  });
}

test('service record: a NotReady cluster turns its zone and region names into CNAMEs up the chain', () => {
  const record = svcRecord({}, { dns: [{ cluster: 'cluster2', zones: ['c2-a'], region: 'r2', loadBalancer: { ingress: [{ ip: '10.2.0.1' }] } }] });
  const { status } = serviceRecordStatus({
    record, domain: 'example.com', kubefedNamespace: NS, clusters: [c1, { ...c2, ready: false }],
    service: () => lbObject('Service', '10.1.0.1'), endpoints: () => endpoints(1),
  });
  const eps = serviceDnsEndpoints({ ...record, status }).endpoints;
  const byName = Object.fromEntries(eps.map((e) => [e.dnsName, `${e.recordType} ${(e.targets ?? []).join(',')}`]));
  assert.equal(byName['web.demo.fed.svc.example.com'], 'A 10.1.0.1');
  assert.equal(byName['web.demo.fed.svc.r2.example.com'], 'CNAME web.demo.fed.svc.example.com');
  assert.equal(byName['web.demo.fed.svc.c2-a.r2.example.com'], 'CNAME web.demo.fed.svc.r2.example.com');
  assert.ok(!JSON.stringify(eps).includes('10.2.0.1'), 'the NotReady cluster address is gone');
});

test('the missing-Domain message names the namespace and spec.domainRef', () => {
  const got = serviceRecordStatus({ record: svcRecord({ domainRef: 'nope' }), domain: undefined, kubefedNamespace: NS, clusters: [], service: () => undefined, endpoints: () => undefined });
  assert.match(got.problems[0]?.message ?? '', /Domain "kube-federation-system\/nope" named by spec.domainRef does not exist/);
});

function ingRecord(hosts: string[], status?: IngressDNSRecord['status']): IngressDNSRecord {
  const r: IngressDNSRecord = { apiVersion: 'multiclusterdns.kubefed.io/v1alpha1', kind: 'IngressDNSRecord', metadata: { name: 'web', namespace: 'demo' }, spec: { hosts, recordTTL: 300 } };
  if (status) r.status = status;
  return r;
}

const ingressCases: { name: string; record: IngressDNSRecord; clusters: DnsClusterInfo[]; ingresses: Record<string, KubeObject>; wantDns: unknown; wantReasons: string[] }[] = [
  {
    name: 'Ready clusters with an Ingress contribute their sorted addresses, by cluster',
    record: ingRecord(['ingress.example.com']),
    clusters: [c2, c1],
    ingresses: { cluster1: lbObject('Ingress', '10.1.0.7'), cluster2: lbObject('Ingress', '10.2.0.7', '10.2.0.3') },
    wantDns: [
      { cluster: 'cluster1', loadBalancer: { ingress: [{ ip: '10.1.0.7' }] } },
      { cluster: 'cluster2', loadBalancer: { ingress: [{ ip: '10.2.0.3' }, { ip: '10.2.0.7' }] } },
    ],
    wantReasons: [],
  },
  {
    name: 'an Ingress without an address yet is listed without one and reported',
    record: ingRecord(['ingress.example.com']),
    clusters: [c1],
    ingresses: { cluster1: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' } } },
    wantDns: [{ cluster: 'cluster1' }],
    wantReasons: ['NoLoadBalancerAddress'],
  },
  {
    name: 'a cluster that stops being Ready drops out',
    record: ingRecord(['ingress.example.com'], { dns: [{ cluster: 'cluster2', loadBalancer: { ingress: [{ ip: '10.2.0.7' }] } }] }),
    clusters: [c1, { ...c2, ready: false }],
    ingresses: { cluster1: lbObject('Ingress', '10.1.0.7'), cluster2: lbObject('Ingress', '10.2.0.7') },
    wantDns: [{ cluster: 'cluster1', loadBalancer: { ingress: [{ ip: '10.1.0.7' }] } }],
    wantReasons: ['ClusterNotReady'],
  },
  {
    name: 'a cluster without the Ingress is skipped silently',
    record: ingRecord(['ingress.example.com']),
    clusters: [c1, c2],
    ingresses: { cluster1: lbObject('Ingress', '10.1.0.7') },
    wantDns: [{ cluster: 'cluster1', loadBalancer: { ingress: [{ ip: '10.1.0.7' }] } }],
    wantReasons: [],
  },
];

for (const tc of ingressCases) {
  test(`ingress record status: ${tc.name}`, () => {
    const got = ingressRecordStatus({ record: tc.record, clusters: tc.clusters, ingress: (c) => tc.ingresses[c] });
    assert.deepEqual(got.status.dns, tc.wantDns);
    assert.deepEqual(got.problems.map((p) => p.reason), tc.wantReasons);
  });
}

test('ingress record: the endpoints of the computed status carry every cluster address with the record TTL', () => {
  const record = ingRecord(['ingress.example.com', 'Bad_Host']);
  const { status } = ingressRecordStatus({ record, clusters: [c1, c2], ingress: (c) => lbObject('Ingress', c === 'cluster1' ? '10.1.0.7' : '10.2.0.7') });
  const got = ingressDnsEndpoints({ ...record, status });
  assert.deepEqual(got.endpoints, [{ dnsName: 'ingress.example.com', targets: ['10.1.0.7', '10.2.0.7'], recordType: 'A', recordTTL: 300 }]);
  assert.match(got.problems[0] ?? '', /spec.hosts\[1\] "Bad_Host" is not a valid DNS name/);
});
