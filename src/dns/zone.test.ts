import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Answer as PacketRecord, SoaData } from 'dns-packet';
import type { DNSEndpointInput, DomainInput, EndpointInput } from './input.js';
import { APEX_TTL, buildZones, DEFAULT_RECORD_TTL, SOA_TIMERS, type DnsAnswer, type ProblemReason } from './zone.js';

const NS = 'kube-federation-system';
const domain = (name: string, zone: string, nameServer?: string): DomainInput => ({ metadata: { namespace: NS, name }, domain: zone, nameServer });
const dnsEndpoint = (namespace: string, name: string, endpoints: EndpointInput[]): DNSEndpointInput => ({ metadata: { namespace, name }, spec: { endpoints } });

const SVC = 'nginx.default.myfed.svc';
const fixture = (): { domains: DomainInput[]; endpoints: DNSEndpointInput[] } => ({
  domains: [domain('example', 'example.com'), domain('sub', 'Sub.Example.com.', 'dns.sub.example.com')],
  endpoints: [
    dnsEndpoint('default', 'service-nginx', [
      { dnsName: `${SVC}.example.com`, targets: ['2.2.2.2', '1.1.1.1'], recordType: 'A', recordTTL: 300 },
      { dnsName: `${SVC}.us-east1.example.com`, targets: ['1.1.1.1'], recordType: 'A' },
      { dnsName: `${SVC}.us-east1-b.us-east1.example.com`, targets: [`${SVC}.us-east1.example.com`], recordType: 'CNAME' },
      { dnsName: `${SVC}.eu-west1-a.eu-west1.example.com`, targets: [`${SVC}.eu-west1.example.com`], recordType: 'CNAME', recordTTL: 60 },
    ]),
    dnsEndpoint('default', 'misc', [
      { dnsName: 'dual.example.com', targets: ['2001:DB8::1', '10.0.0.1'], recordType: 'A' },
      { dnsName: 'txt.example.com', targets: ['hello world'], recordType: 'TXT' },
      { dnsName: 'out.example.com', targets: ['www.example.org'], recordType: 'CNAME' },
      { dnsName: 'loop1.example.com', targets: ['loop2.example.com'], recordType: 'CNAME' },
      { dnsName: 'loop2.example.com', targets: ['loop1.example.com'], recordType: 'CNAME' },
      { dnsName: '*.wild.example.com', targets: ['9.9.9.9'], recordType: 'A' },
      { dnsName: 'to-sub.example.com', targets: ['x.sub.example.com'], recordType: 'CNAME' },
      { dnsName: 'x.sub.example.com', targets: ['7.7.7.7'], recordType: 'A', recordTTL: 42 },
      { dnsName: 'dns.sub.example.com', targets: ['8.8.4.4'], recordType: 'A' },
    ]),
  ],
});

/** Compact view of a section: "name TYPE ttl data". */
function show(records: PacketRecord[]): string[] {
  return records.map((r) => {
    const rr = r as { name: string; type: string; ttl?: number; data?: unknown };
    const data = rr.type === 'SOA' ? `${(rr.data as SoaData).mname} ${(rr.data as SoaData).serial}`
      : Array.isArray(rr.data) ? rr.data.map(String).join('|') : String(rr.data);
    return `${rr.name} ${rr.type} ${rr.ttl} ${data}`;
  });
}

interface Case {
  scenario: string;
  name: string;
  type: string;
  qclass?: string;
  rcode: DnsAnswer['rcode'];
  answers: string[];
  authority: string[];
  additional?: string[];
}

const NEG = Math.min(APEX_TTL, SOA_TIMERS.minimum);
const cases: Case[] = [
  { scenario: 'A record with its own TTL, targets sorted', name: `${SVC}.example.com`, type: 'A', rcode: 'NOERROR',
    answers: [`${SVC}.example.com A 300 1.1.1.1`, `${SVC}.example.com A 300 2.2.2.2`], authority: [] },
  { scenario: 'names compare case-insensitively; trailing dot ignored; owner keeps the asker\'s case', name: `NGINX.default.myfed.svc.US-EAST1.Example.COM.`, type: 'A', rcode: 'NOERROR',
    answers: [`NGINX.default.myfed.svc.US-EAST1.Example.COM A ${DEFAULT_RECORD_TTL} 1.1.1.1`], authority: [] },
  { scenario: 'CNAME chain followed inside the zone, each record with its TTL', name: `${SVC}.us-east1-b.us-east1.example.com`, type: 'A', rcode: 'NOERROR',
    answers: [`${SVC}.us-east1-b.us-east1.example.com CNAME ${DEFAULT_RECORD_TTL} ${SVC}.us-east1.example.com`, `${SVC}.us-east1.example.com A ${DEFAULT_RECORD_TTL} 1.1.1.1`], authority: [] },
  { scenario: 'CNAME to a missing name: NXDOMAIN for the chain end (RFC 6604), CNAME kept, SOA in authority', name: `${SVC}.eu-west1-a.eu-west1.example.com`, type: 'A', rcode: 'NXDOMAIN',
    answers: [`${SVC}.eu-west1-a.eu-west1.example.com CNAME 60 ${SVC}.eu-west1.example.com`], authority: [`example.com SOA ${NEG} ns1.example.com 1`] },
  { scenario: 'CNAME question returns the CNAME only', name: `${SVC}.us-east1-b.us-east1.example.com`, type: 'CNAME', rcode: 'NOERROR',
    answers: [`${SVC}.us-east1-b.us-east1.example.com CNAME ${DEFAULT_RECORD_TTL} ${SVC}.us-east1.example.com`], authority: [] },
  { scenario: 'CNAME leaving our zones stops the chain', name: 'out.example.com', type: 'A', rcode: 'NOERROR',
    answers: [`out.example.com CNAME ${DEFAULT_RECORD_TTL} www.example.org`], authority: [] },
  { scenario: 'CNAME loop terminates', name: 'loop1.example.com', type: 'A', rcode: 'NOERROR',
    answers: [`loop1.example.com CNAME ${DEFAULT_RECORD_TTL} loop2.example.com`, `loop2.example.com CNAME ${DEFAULT_RECORD_TTL} loop1.example.com`], authority: [] },
  { scenario: 'CNAME chain crosses into a nested zone we also serve', name: 'to-sub.example.com', type: 'A', rcode: 'NOERROR',
    answers: [`to-sub.example.com CNAME ${DEFAULT_RECORD_TTL} x.sub.example.com`, 'x.sub.example.com A 42 7.7.7.7'], authority: [] },
  { scenario: 'IPv6 target of an A endpoint is served as AAAA', name: 'dual.example.com', type: 'AAAA', rcode: 'NOERROR',
    answers: [`dual.example.com AAAA ${DEFAULT_RECORD_TTL} 2001:db8::1`], authority: [] },
  { scenario: 'IPv4 target of the same endpoint stays A', name: 'dual.example.com', type: 'A', rcode: 'NOERROR',
    answers: [`dual.example.com A ${DEFAULT_RECORD_TTL} 10.0.0.1`], authority: [] },
  { scenario: 'TXT record', name: 'txt.example.com', type: 'TXT', rcode: 'NOERROR',
    answers: [`txt.example.com TXT ${DEFAULT_RECORD_TTL} hello world`], authority: [] },
  { scenario: 'NODATA: name exists with another type', name: `${SVC}.example.com`, type: 'AAAA', rcode: 'NOERROR',
    answers: [], authority: [`example.com SOA ${NEG} ns1.example.com 1`] },
  { scenario: 'NODATA for an empty non-terminal (RFC 8020), not NXDOMAIN', name: 'svc.example.com', type: 'A', rcode: 'NOERROR',
    answers: [], authority: [`example.com SOA ${NEG} ns1.example.com 1`] },
  { scenario: 'NXDOMAIN with SOA for an unknown name in the zone', name: 'nope.example.com', type: 'A', rcode: 'NXDOMAIN',
    answers: [], authority: [`example.com SOA ${NEG} ns1.example.com 1`] },
  { scenario: 'NXDOMAIN in a nested zone carries that zone\'s SOA and nameServer', name: 'y.sub.example.com', type: 'A', rcode: 'NXDOMAIN',
    answers: [], authority: [`sub.example.com SOA ${NEG} dns.sub.example.com 1`] },
  { scenario: 'wildcard synthesizes the record at the asked name (RFC 4592)', name: 'a.b.wild.example.com', type: 'A', rcode: 'NOERROR',
    answers: [`a.b.wild.example.com A ${DEFAULT_RECORD_TTL} 9.9.9.9`], authority: [] },
  { scenario: 'SOA at the apex', name: 'example.com', type: 'SOA', rcode: 'NOERROR',
    answers: [`example.com SOA ${APEX_TTL} ns1.example.com 1`], authority: [] },
  { scenario: 'NS at the apex, with glue for an in-zone name server', name: 'sub.example.com', type: 'NS', rcode: 'NOERROR',
    answers: [`sub.example.com NS ${APEX_TTL} dns.sub.example.com`], authority: [], additional: [`dns.sub.example.com A ${DEFAULT_RECORD_TTL} 8.8.4.4`] },
  { scenario: 'ANY at the apex returns SOA and NS', name: 'example.com', type: 'ANY', rcode: 'NOERROR',
    answers: [`example.com SOA ${APEX_TTL} ns1.example.com 1`, `example.com NS ${APEX_TTL} ns1.example.com`], authority: [] },
  { scenario: 'NODATA for an unsupported type at an existing name', name: 'txt.example.com', type: 'MX', rcode: 'NOERROR',
    answers: [], authority: [`example.com SOA ${NEG} ns1.example.com 1`] },
  { scenario: 'REFUSED outside our zones', name: 'example.org', type: 'A', rcode: 'REFUSED', answers: [], authority: [] },
  { scenario: 'REFUSED for the parent of a zone', name: 'com', type: 'A', rcode: 'REFUSED', answers: [], authority: [] },
  { scenario: 'REFUSED for the root', name: '.', type: 'NS', rcode: 'REFUSED', answers: [], authority: [] },
  { scenario: 'REFUSED for class CHAOS', name: 'example.com', type: 'TXT', qclass: 'CH', rcode: 'REFUSED', answers: [], authority: [] },
];

for (const c of cases) {
  test(`answer: ${c.scenario}`, () => {
    const { domains, endpoints } = fixture();
    const zones = buildZones(domains, endpoints);
    assert.deepEqual(zones.problems, []);
    const result = zones.answer({ name: c.name, type: c.type, class: c.qclass });
    assert.equal(result.rcode, c.rcode);
    assert.equal(result.authoritative, c.rcode !== 'REFUSED');
    assert.deepEqual(show(result.answers), c.answers);
    assert.deepEqual(show(result.authority), c.authority);
    assert.deepEqual(show(result.additional), c.additional ?? []);
  });
}

interface ProblemCase {
  scenario: string;
  domains?: DomainInput[];
  endpoints: DNSEndpointInput[];
  reasons: ProblemReason[];
  /** Message must name the object and the field. */
  mentions: string[];
  /** Queries that must still be answered (name → first A target) or be missing (name → 'NXDOMAIN'). */
  serves: Record<string, string>;
}

const good = { dnsName: 'good.example.com', targets: ['5.5.5.5'], recordType: 'A' };
const problemCases: ProblemCase[] = [
  { scenario: 'invalid DNS name', endpoints: [dnsEndpoint('ns', 'e', [{ dnsName: 'bad..name.example.com', targets: ['1.2.3.4'], recordType: 'A' }, good])],
    reasons: ['InvalidDNSName'], mentions: ['DNSEndpoint ns/e', 'spec.endpoints[0].dnsName'], serves: { 'good.example.com': '5.5.5.5' } },
  { scenario: 'label with a leading hyphen', endpoints: [dnsEndpoint('ns', 'e', [{ dnsName: '-x.example.com', targets: ['1.2.3.4'], recordType: 'A' }, good])],
    reasons: ['InvalidDNSName'], mentions: ['spec.endpoints[0].dnsName'], serves: { 'good.example.com': '5.5.5.5' } },
  { scenario: 'name outside every Domain', endpoints: [dnsEndpoint('ns', 'e', [{ dnsName: 'a.example.net', targets: ['1.2.3.4'], recordType: 'A' }, good])],
    reasons: ['NoMatchingDomain'], mentions: ['served zones: example.com'], serves: { 'good.example.com': '5.5.5.5' } },
  { scenario: 'unsupported record type', endpoints: [dnsEndpoint('ns', 'e', [{ dnsName: 'mx.example.com', targets: ['10 mail.example.com'], recordType: 'MX' }, good])],
    reasons: ['UnsupportedRecordType'], mentions: ['recordType "MX"'], serves: { 'good.example.com': '5.5.5.5', 'mx.example.com': 'NXDOMAIN' } },
  { scenario: 'negative TTL', endpoints: [dnsEndpoint('ns', 'e', [{ dnsName: 'ttl.example.com', targets: ['1.2.3.4'], recordType: 'A', recordTTL: -5 }, good])],
    reasons: ['InvalidTTL'], mentions: ['recordTTL -5'], serves: { 'good.example.com': '5.5.5.5', 'ttl.example.com': 'NXDOMAIN' } },
  { scenario: 'A record with a host name target', endpoints: [dnsEndpoint('ns', 'e', [{ dnsName: 'h.example.com', targets: ['lb.cloud.example'], recordType: 'A' }, good])],
    reasons: ['InvalidTarget'], mentions: ['targets[0] "lb.cloud.example"'], serves: { 'good.example.com': '5.5.5.5', 'h.example.com': 'NXDOMAIN' } },
  { scenario: 'one bad target among good ones: the good ones are served', endpoints: [dnsEndpoint('ns', 'e', [{ dnsName: 'mixed.example.com', targets: ['bogus', '1.2.3.4'], recordType: 'A' }])],
    reasons: ['InvalidTarget'], mentions: ['targets[0] "bogus"'], serves: { 'mixed.example.com': '1.2.3.4' } },
  { scenario: 'no targets', endpoints: [dnsEndpoint('ns', 'e', [{ dnsName: 'empty.example.com', targets: [], recordType: 'A' }, good])],
    reasons: ['NoTargets'], mentions: ['targets is empty'], serves: { 'good.example.com': '5.5.5.5', 'empty.example.com': 'NXDOMAIN' } },
  { scenario: 'CNAME with two targets', endpoints: [dnsEndpoint('ns', 'e', [{ dnsName: 'c.example.com', targets: ['a.example.com', 'b.example.com'], recordType: 'CNAME' }, good])],
    reasons: ['InvalidTarget'], mentions: ['exactly one target'], serves: { 'good.example.com': '5.5.5.5', 'c.example.com': 'NXDOMAIN' } },
  { scenario: 'CNAME at the zone apex', endpoints: [dnsEndpoint('ns', 'e', [{ dnsName: 'example.com', targets: ['elsewhere.example.org'], recordType: 'CNAME' }, good])],
    reasons: ['ConflictingRecord'], mentions: ['apex'], serves: { 'good.example.com': '5.5.5.5' } },
  { scenario: 'conflicting A records for one name from two objects: the first (by namespace/name) keeps the name',
    endpoints: [dnsEndpoint('ns', 'second', [{ dnsName: 'dup.example.com', targets: ['2.2.2.2'], recordType: 'A' }]), dnsEndpoint('ns', 'first', [{ dnsName: 'dup.example.com', targets: ['1.1.1.1'], recordType: 'A' }])],
    reasons: ['ConflictingRecord'], mentions: ['DNSEndpoint ns/second', 'DNSEndpoint ns/first'], serves: { 'dup.example.com': '1.1.1.1' } },
  { scenario: 'same targets but different TTL conflict', endpoints: [dnsEndpoint('ns', 'a', [{ dnsName: 'dup.example.com', targets: ['1.1.1.1'], recordType: 'A', recordTTL: 60 }]), dnsEndpoint('ns', 'b', [{ dnsName: 'dup.example.com', targets: ['1.1.1.1'], recordType: 'A', recordTTL: 61 }])],
    reasons: ['ConflictingRecord'], mentions: ['TTL 60'], serves: { 'dup.example.com': '1.1.1.1' } },
  { scenario: 'identical records from two objects are no conflict', endpoints: [dnsEndpoint('ns', 'a', [{ dnsName: 'dup.example.com', targets: ['1.1.1.1'], recordType: 'A' }]), dnsEndpoint('ns', 'b', [{ dnsName: 'dup.example.com', targets: ['1.1.1.1'], recordType: 'A' }])],
    reasons: [], mentions: [], serves: { 'dup.example.com': '1.1.1.1' } },
  { scenario: 'CNAME next to an A record conflicts', endpoints: [dnsEndpoint('ns', 'a', [{ dnsName: 'x.example.com', targets: ['1.1.1.1'], recordType: 'A' }]), dnsEndpoint('ns', 'b', [{ dnsName: 'x.example.com', targets: ['y.example.com'], recordType: 'CNAME' }])],
    reasons: ['ConflictingRecord'], mentions: ['cannot share its name'], serves: { 'x.example.com': '1.1.1.1' } },
  { scenario: 'entry that is not an object', endpoints: [{ metadata: { namespace: 'ns', name: 'e' }, spec: { endpoints: ['oops' as unknown as EndpointInput, good] } }],
    reasons: ['InvalidObject'], mentions: ['spec.endpoints[0]'], serves: { 'good.example.com': '5.5.5.5' } },
  { scenario: 'Domain without a domain field, and a second Domain for the zone with another nameServer',
    domains: [domain('example', 'example.com'), domain('broken', ''), domain('zz-other', 'EXAMPLE.com', 'other.example.net')],
    endpoints: [dnsEndpoint('ns', 'e', [good])],
    reasons: ['InvalidDomain', 'DuplicateDomain'], mentions: ['Domain kube-federation-system/broken', 'Domain kube-federation-system/zz-other'], serves: { 'good.example.com': '5.5.5.5' } },
];

for (const c of problemCases) {
  test(`invalid input skipped and reported: ${c.scenario}`, () => {
    const zones = buildZones(c.domains ?? [domain('example', 'example.com')], c.endpoints);
    assert.deepEqual(zones.problems.map((p) => p.reason), c.reasons);
    const text = zones.problems.map((p) => p.message).join('\n');
    for (const m of c.mentions) assert.ok(text.includes(m), `expected a message mentioning ${m}, got:\n${text}`);
    for (const p of zones.problems) if (p.source.kind === 'DNSEndpoint' && p.index !== undefined && p.reason !== 'InvalidObject') assert.equal(typeof p.endpoint, 'object');
    for (const [name, want] of Object.entries(c.serves)) {
      const result = zones.answer({ name, type: 'A' });
      if (want === 'NXDOMAIN') assert.equal(result.rcode, 'NXDOMAIN', name);
      else assert.equal((result.answers[0] as { data: unknown } | undefined)?.data, want, name);
    }
  });
}

test('serial: unchanged zones keep it, changed zones get the next one, new zones start at initialSerial', () => {
  const { domains, endpoints } = fixture();
  const first = buildZones(domains, endpoints, { initialSerial: 1000 });
  assert.equal(first.zones.get('example.com')?.serial, 1000);
  const same = buildZones(domains, endpoints, { previous: first, initialSerial: 5000 });
  assert.equal(same.zones.get('example.com')?.serial, 1000);
  const changed = buildZones(domains, [...endpoints, dnsEndpoint('x', 'y', [{ dnsName: 'new.example.com', targets: ['3.3.3.3'] }])], { previous: same });
  assert.equal(changed.zones.get('example.com')?.serial, 1001);
  assert.equal(changed.zones.get('sub.example.com')?.serial, 1000);
  const soa = changed.answer({ name: 'example.com', type: 'SOA' }).answers[0] as { data: SoaData };
  assert.equal(soa.data.serial, 1001);
  assert.equal(soa.data.rname, 'hostmaster.example.com');
  assert.equal(soa.data.minimum, SOA_TIMERS.minimum);
});

test('same-name A endpoints inside one DNSEndpoint are merged, as KubeFed merges them', () => {
  const zones = buildZones([domain('example', 'example.com')], [dnsEndpoint('ns', 'e', [
    { dnsName: 'm.example.com', targets: ['2.2.2.2'], recordType: 'A' },
    { dnsName: 'm.example.com', targets: ['1.1.1.1', '2.2.2.2'], recordType: 'A' },
  ])]);
  assert.deepEqual(zones.problems, []);
  assert.deepEqual(show(zones.answer({ name: 'm.example.com', type: 'A' }).answers), [
    `m.example.com A ${DEFAULT_RECORD_TTL} 1.1.1.1`, `m.example.com A ${DEFAULT_RECORD_TTL} 2.2.2.2`]);
});

test('a long TXT value is split into 255-octet strings', () => {
  const value = 'x'.repeat(300);
  const zones = buildZones([domain('example', 'example.com')], [dnsEndpoint('ns', 'e', [{ dnsName: 't.example.com', targets: [value], recordType: 'TXT' }])]);
  const data = (zones.answer({ name: 't.example.com', type: 'TXT' }).answers[0] as { data: Buffer[] }).data;
  assert.deepEqual(data.map((b) => b.length), [255, 45]);
  assert.equal(Buffer.concat(data).toString(), value);
});
