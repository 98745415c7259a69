import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DnsRecordSource, MAX_DEBOUNCE_MS, type RebuildStats } from './source.js';
import type { ZoneSet } from './zone.js';

const domain = { apiVersion: 'multiclusterdns.kubefed.io/v1alpha1', kind: 'Domain', metadata: { namespace: 'kube-federation-system', name: 'example' }, domain: 'example.com' };
const endpoint = (name: string, ip: string): Record<string, unknown> => ({
  apiVersion: 'multiclusterdns.kubefed.io/v1alpha1',
  kind: 'DNSEndpoint',
  metadata: { namespace: 'default', name },
  spec: { endpoints: [{ dnsName: `${name}.example.com`, targets: [ip], recordType: 'A' }] },
});
const first = (zones: ZoneSet, name: string): unknown => (zones.answer({ name, type: 'A' }).answers[0] as { data: unknown } | undefined)?.data;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('a burst of events becomes one rebuild, delivered within the debounce', async () => {
  const delivered: ZoneSet[] = [];
  const stats: RebuildStats[] = [];
  const source = new DnsRecordSource({ onZones: (z) => delivered.push(z), onRebuild: (s) => stats.push(s), debounceMs: 30 });
  try {
    source.domainHandlers.onAdd(domain);
    for (let i = 0; i < 50; i++) source.dnsEndpointHandlers.onAdd(endpoint(`e${i}`, `10.0.0.${i + 1}`));
    assert.equal(delivered.length, 0, 'nothing is rebuilt before the debounce ends');
    await sleep(MAX_DEBOUNCE_MS + 50);
    assert.equal(delivered.length, 1);
    assert.equal(first(delivered[0], 'e49.example.com'), '10.0.0.50');
    assert.deepEqual({ ...stats[0], durationMs: 0 }, { durationMs: 0, domains: 1, dnsEndpoints: 50, zones: 1, rrsets: 50, problems: 0 });
  } finally {
    source.close();
  }
});

test('update, delete by object and by tombstone, and replace after a relist', () => {
  const source = new DnsRecordSource({ onZones: () => undefined });
  try {
    source.upsertDomain(domain);
    source.upsertDNSEndpoint(endpoint('a', '10.0.0.1'));
    source.upsertDNSEndpoint(endpoint('b', '10.0.0.2'));
    assert.equal(first(source.flush(), 'a.example.com'), '10.0.0.1');

    source.dnsEndpointHandlers.onUpdate(endpoint('a', '10.0.0.1'), endpoint('a', '10.0.0.9'));
    assert.equal(first(source.flush(), 'a.example.com'), '10.0.0.9');

    source.dnsEndpointHandlers.onDelete(endpoint('a', '10.0.0.9'));
    assert.equal(source.flush().answer({ name: 'a.example.com', type: 'A' }).rcode, 'NXDOMAIN');

    source.dnsEndpointHandlers.onDelete({ key: 'default/b', obj: undefined });
    assert.equal(source.flush().answer({ name: 'b.example.com', type: 'A' }).rcode, 'NXDOMAIN');

    source.replaceDNSEndpoints([endpoint('c', '10.0.0.3'), { not: 'an object with metadata' }]);
    assert.equal(first(source.flush(), 'c.example.com'), '10.0.0.3');

    source.deleteDomain(domain);
    assert.equal(source.flush().answer({ name: 'c.example.com', type: 'A' }).rcode, 'REFUSED');
  } finally {
    source.close();
  }
});

test('problemsFor returns the problems of one DNSEndpoint for its conditions', () => {
  const source = new DnsRecordSource({ onZones: () => undefined });
  try {
    source.upsertDomain(domain);
    source.upsertDNSEndpoint({ metadata: { namespace: 'default', name: 'bad' }, spec: { endpoints: [{ dnsName: 'x.other.org', targets: ['1.2.3.4'] }] } });
    source.upsertDNSEndpoint(endpoint('good', '10.0.0.1'));
    source.flush();
    assert.deepEqual(source.problemsFor('DNSEndpoint', 'default', 'bad').map((p) => p.reason), ['NoMatchingDomain']);
    assert.deepEqual(source.problemsFor('DNSEndpoint', 'default', 'good'), []);
  } finally {
    source.close();
  }
});

test('after close, events no longer schedule rebuilds', async () => {
  let count = 0;
  const source = new DnsRecordSource({ onZones: () => count++, debounceMs: 0 });
  source.close();
  source.upsertDomain(domain);
  await sleep(20);
  assert.equal(count, 0);
});
