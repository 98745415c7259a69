import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterDNS, DNSEndpointRecord, ServiceDNSRecordSpec } from '../apis/types.js';
import { dnsEndpointName, ingressDnsEndpoints, loadBalancerHostnames, mergeEndpoints, serviceDnsEndpoints } from './dns-endpoints.js';

const P = 'nginx.myns.myfed.svc';
const lb = (...targets: string[]): ClusterDNS['loadBalancer'] => ({ ingress: targets.map((t) => (/^[\d.]+$/.test(t) ? { ip: t } : { hostname: t })) });
const a = (dnsName: string, targets: string[], ttl = 180, labels?: Record<string, string>): DNSEndpointRecord => ({ dnsName, targets, recordType: 'A', recordTTL: ttl, ...(labels ? { labels } : {}) });
const cname = (dnsName: string, target: string, ttl = 180, labels?: Record<string, string>): DNSEndpointRecord => ({ dnsName, targets: [target], recordType: 'CNAME', recordTTL: ttl, ...(labels ? { labels } : {}) });

const threeClusters: ClusterDNS[] = [
  { cluster: 'c1', region: 'us', zones: ['us-a'], loadBalancer: lb('10.0.0.1') },
  { cluster: 'c2', region: 'us', zones: ['us-b'], loadBalancer: {} },
  { cluster: 'c3', region: 'eu', zones: ['eu-a'], loadBalancer: lb('10.0.0.3') },
];

function service(spec: Partial<ServiceDNSRecordSpec>, dns: ClusterDNS[]): Parameters<typeof serviceDnsEndpoints>[0] {
  return { metadata: { name: 'nginx', namespace: 'myns' }, spec: { domainRef: 'myfed', ...spec }, status: { domain: 'example.com', dns } };
}

describe('serviceDnsEndpoints', () => {
  const cases: { name: string; record: Parameters<typeof serviceDnsEndpoints>[0]; options?: Parameters<typeof serviceDnsEndpoints>[1]; want: DNSEndpointRecord[]; problems?: string[] }[] = [
    {
      name: 'zones, regions and global; a zone without addresses falls back to its region',
      record: service({}, threeClusters),
      want: [
        a(`${P}.eu-a.eu.example.com`, ['10.0.0.3']),
        a(`${P}.eu.example.com`, ['10.0.0.3']),
        a(`${P}.example.com`, ['10.0.0.1', '10.0.0.3']),
        a(`${P}.us-a.us.example.com`, ['10.0.0.1']),
        cname(`${P}.us-b.us.example.com`, `${P}.us.example.com`),
        a(`${P}.us.example.com`, ['10.0.0.1']),
      ],
    },
    {
      name: 'a region without addresses falls back to global; recordTTL applies',
      record: service({ recordTTL: 300 }, [
        { cluster: 'c1', region: 'us', zones: ['us-a'], loadBalancer: lb('10.0.0.1') },
        { cluster: 'c2', region: 'eu', zones: ['eu-a'] },
      ]),
      want: [
        cname(`${P}.eu-a.eu.example.com`, `${P}.eu.example.com`, 300),
        cname(`${P}.eu.example.com`, `${P}.example.com`, 300),
        a(`${P}.example.com`, ['10.0.0.1'], 300),
        a(`${P}.us-a.us.example.com`, ['10.0.0.1'], 300),
        a(`${P}.us.example.com`, ['10.0.0.1'], 300),
      ],
    },
    {
      name: 'no addresses anywhere: only CNAMEs up to a dropped global name',
      record: service({}, [{ cluster: 'c1', region: 'us', zones: ['us-a'] }]),
      want: [cname(`${P}.us-a.us.example.com`, `${P}.us.example.com`), cname(`${P}.us.example.com`, `${P}.example.com`)],
    },
    {
      name: 'several zones in one cluster; addresses deduplicated and sorted',
      record: service({}, [
        { cluster: 'c1', region: 'us', zones: ['us-a', 'us-b'], loadBalancer: lb('10.0.0.9', '10.0.0.1') },
        { cluster: 'c2', region: 'us', zones: ['us-b'], loadBalancer: lb('10.0.0.1') },
      ]),
      want: [
        a(`${P}.example.com`, ['10.0.0.1', '10.0.0.9']),
        a(`${P}.us-a.us.example.com`, ['10.0.0.1', '10.0.0.9']),
        a(`${P}.us-b.us.example.com`, ['10.0.0.1', '10.0.0.9']),
        a(`${P}.us.example.com`, ['10.0.0.1', '10.0.0.9']),
      ],
    },
    {
      name: 'dnsPrefix adds a CNAME to the global name',
      record: service({ dnsPrefix: 'www' }, [{ cluster: 'c1', region: 'us', zones: ['us-a'], loadBalancer: lb('10.0.0.1') }]),
      want: [
        a(`${P}.example.com`, ['10.0.0.1']),
        a(`${P}.us-a.us.example.com`, ['10.0.0.1']),
        a(`${P}.us.example.com`, ['10.0.0.1']),
        cname('www.example.com', `${P}.example.com`),
      ],
    },
    {
      name: 'externalName replaces the service name and labels every endpoint',
      record: service({ externalName: 'ext' }, [{ cluster: 'c1', region: 'us', zones: ['us-a'], loadBalancer: lb('10.0.0.1') }]),
      want: [
        a('ext.myns.myfed.svc.example.com', ['10.0.0.1'], 180, { serviceName: 'nginx' }),
        a('ext.myns.myfed.svc.us-a.us.example.com', ['10.0.0.1'], 180, { serviceName: 'nginx' }),
        a('ext.myns.myfed.svc.us.example.com', ['10.0.0.1'], 180, { serviceName: 'nginx' }),
      ],
    },
    {
      name: 'clusters that are not ready leave the records',
      record: service({}, threeClusters),
      options: { readyClusters: new Set(['c2', 'c3']) },
      want: [
        a(`${P}.eu-a.eu.example.com`, ['10.0.0.3']),
        a(`${P}.eu.example.com`, ['10.0.0.3']),
        a(`${P}.example.com`, ['10.0.0.3']),
        cname(`${P}.us-b.us.example.com`, `${P}.us.example.com`),
        cname(`${P}.us.example.com`, `${P}.example.com`),
      ],
    },
    {
      name: 'load-balancer host names are resolved by the caller; unresolvable ones are reported',
      record: service({}, [{ cluster: 'c1', region: 'us', zones: ['us-a'], loadBalancer: lb('elb.aws.example', 'gone.example') }]),
      options: { resolveHostname: (h) => (h === 'elb.aws.example' ? ['10.1.0.2', '10.1.0.1'] : undefined) },
      want: [a(`${P}.example.com`, ['10.1.0.1', '10.1.0.2']), a(`${P}.us-a.us.example.com`, ['10.1.0.1', '10.1.0.2']), a(`${P}.us.example.com`, ['10.1.0.1', '10.1.0.2'])],
      problems: ['load balancer host name "gone.example" did not resolve to an address'],
    },
    { name: 'a cluster without region publishes only the global name', record: service({}, [{ cluster: 'c1', loadBalancer: lb('10.0.0.1') }]), want: [a(`${P}.example.com`, ['10.0.0.1'])] },
    { name: 'no status: no endpoints (and no prefix CNAME)', record: { metadata: { name: 'nginx', namespace: 'myns' }, spec: { domainRef: 'myfed', dnsPrefix: 'www' } }, want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = serviceDnsEndpoints(c.record, c.options);
      assert.deepEqual(r.endpoints, c.want);
      assert.deepEqual(r.problems, c.problems ?? []);
    });
  }
});

describe('ingressDnsEndpoints', () => {
  it('one A record per host with every cluster address; TTL from the record', () => {
    const r = ingressDnsEndpoints({
      spec: { hosts: ['ingress.example.com', 'alt.example.com'], recordTTL: 300 },
      status: { dns: [{ cluster: 'c1', loadBalancer: lb('10.0.0.2') }, { cluster: 'c2', loadBalancer: lb('10.0.0.1', '10.0.0.2') }] },
    });
    assert.deepEqual(r, { endpoints: [a('alt.example.com', ['10.0.0.1', '10.0.0.2'], 300), a('ingress.example.com', ['10.0.0.1', '10.0.0.2'], 300)], problems: [] });
  });
  it('no addresses: no endpoints; default TTL', () => {
    assert.deepEqual(ingressDnsEndpoints({ spec: { hosts: ['x.example.com'] }, status: { dns: [{ cluster: 'c1' }] } }).endpoints, []);
    assert.deepEqual(ingressDnsEndpoints({ spec: { hosts: ['x.example.com'] }, status: { dns: [{ cluster: 'c1', loadBalancer: lb('1.2.3.4') }] } }).endpoints, [a('x.example.com', ['1.2.3.4'])]);
  });
  it('not-ready clusters are excluded', () => {
    const r = ingressDnsEndpoints({ spec: { hosts: ['x.example.com'] }, status: { dns: [{ cluster: 'c1', loadBalancer: lb('1.1.1.1') }, { cluster: 'c2', loadBalancer: lb('2.2.2.2') }] } }, { readyClusters: new Set(['c2']) });
    assert.deepEqual(r.endpoints, [a('x.example.com', ['2.2.2.2'])]);
  });
  it('invalid host names are skipped and reported; wildcards are fine; duplicates merge', () => {
    const r = ingressDnsEndpoints({ spec: { hosts: ['Bad_Host', '*.example.com', '*.example.com'] }, status: { dns: [{ cluster: 'c1', loadBalancer: lb('1.1.1.1') }] } });
    assert.deepEqual(r, { endpoints: [a('*.example.com', ['1.1.1.1'])], problems: ['spec.hosts[0] "Bad_Host" is not a valid DNS name'] });
  });
});

describe('mergeEndpoints', () => {
  it('A wins over CNAME, A targets are unioned, empty targets and target-less endpoints go', () => {
    assert.deepEqual(mergeEndpoints([
      cname('b', 'x'), a('b', ['2.2.2.2', '']), a('b', ['1.1.1.1', '2.2.2.2']), a('a', ['']), cname('c', 'y'), cname('c', 'z'),
    ]), [a('b', ['1.1.1.1', '2.2.2.2']), cname('c', 'y')]);
  });
});

describe('helpers', () => {
  it('DNSEndpoint names', () => {
    assert.equal(dnsEndpointName('service', 'nginx'), 'service-nginx');
    assert.equal(dnsEndpointName('ingress', 'web'), 'ingress-web');
  });
  it('host names to resolve', () => assert.deepEqual(loadBalancerHostnames([lb('b.example', '1.1.1.1', 'a.example'), undefined, lb('a.example')]), ['a.example', 'b.example']));
});
