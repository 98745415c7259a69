import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSuffix, normalise, normaliseString, PLACEHOLDER } from './normalise.js';

test('counters and moments are placeholders by key, whatever their text; empty values stay', () => {
  const got = normalise({
    metadata: { uid: 'anything', resourceVersion: '123', creationTimestamp: '2026-01-02T03:04:05Z', generation: 2 },
    list: { resourceVersion: '', continue: 'eyJ2Ijoi' },
    status: { podIP: '10.244.1.7', podIPs: [{ ip: '10.244.1.7' }], conditions: [{ lastTransitionTime: 'x' }] },
  });
  assert.deepEqual(got, {
    metadata: { uid: PLACEHOLDER.uid, resourceVersion: PLACEHOLDER.rv, creationTimestamp: PLACEHOLDER.time, generation: 2 },
    list: { resourceVersion: '', continue: PLACEHOLDER.continue },
    status: { podIP: PLACEHOLDER.ip, podIPs: [PLACEHOLDER.ip], conditions: [{ lastTransitionTime: PLACEHOLDER.time }] },
  });
});

test('strings lose uids, times, tokens, certificates, loopback ports and allocated ClusterIPs', () => {
  const cases: [string, string][] = [
    ['uid 3752c114-9146-43ea-9339-712c014fecf4 gone', `uid ${PLACEHOLDER.uid} gone`],
    ['at 2026-12-03T14:39:02Z and 2026-12-03T14:39:02.123456+01:00', `at ${PLACEHOLDER.time} and ${PLACEHOLDER.time}`],
    ['Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', `Bearer ${PLACEHOLDER.token}`],
    ['-----BEGIN CERTIFICATE-----\r\nMIIB\r\n-----END CERTIFICATE-----\r\n', PLACEHOLDER.pem],
    ['data LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t', `data ${PLACEHOLDER.pem}`],
    ['https://127.0.0.1:40321/api', `https://127.0.0.1:${PLACEHOLDER.port}/api`],
    ['10.96.0.1 and 10.96.12.40 and 10.244.0.1', `10.96.0.1 and ${PLACEHOLDER.ip} and 10.244.0.1`],
    ['in record (1732). The object', `in record (${PLACEHOLDER.rv}). The object`],
    ['  resourceVersion: "606"', `  resourceVersion: "${PLACEHOLDER.rv}"`],
  ];
  for (const [input, want] of cases) assert.equal(normaliseString(input, {}), want, input);
});

test('ages are placeholders, and column padding no longer depends on their width', () => {
  const a = normaliseString('NAME   DATA   AGE\ncm     1      5s\n', {});
  const b = normaliseString('NAME   DATA   AGE\ncm     1      12m30s\n', {});
  assert.equal(a, b);
  assert.equal(a, `NAME   DATA   AGE\ncm   1   ${PLACEHOLDER.age}\n`);
  // Versions, ports and numbers that are not ages stay.
  assert.equal(normaliseString('v1.32 443/TCP 0/1 3', {}), 'v1.32 443/TCP 0/1 3');
});

test('the cluster identity (address, version, token) and scratch paths are replaced exactly', () => {
  const identity = { server: 'https://127.0.0.1:41081', gitVersion: 'v1.37.2', token: 'abc123', paths: ['/tmp/x/real/ns'] };
  assert.equal(
    normaliseString('Server Version: v1.37.2 at https://127.0.0.1:41081 with abc123 reading /tmp/x/real/ns/f.yaml', identity),
    `Server Version: ${PLACEHOLDER.version} at ${PLACEHOLDER.server} with ${PLACEHOLDER.token} reading ${PLACEHOLDER.path}/f.yaml`,
  );
});

test('generated names become prefix + <suffix>, in objects and in kubectl text alike', () => {
  assert.ok(isSuffix('x7k2p'));
  assert.ok(!isSuffix('abcde'), 'vowels are not in the generator alphabet');
  const got = normalise({
    created: { metadata: { generateName: 'gen-', name: 'gen-x7k2p' } },
    kubectl: 'configmap/gen-x7k2p created\n',
  }) as { created: { metadata: { name: string } }; kubectl: string };
  assert.equal(got.created.metadata.name, `gen-${PLACEHOLDER.suffix}`);
  assert.equal(got.kubectl, `configmap/gen-${PLACEHOLDER.suffix} created\n`);
});

test('managedFields are ordered as if every entry had the same time', () => {
  const entry = (manager: string, operation: string): Record<string, string> => ({ manager, operation, time: '2026-01-01T00:00:00Z' });
  const got = normalise({ metadata: { managedFields: [entry('zed', 'Update'), entry('bob', 'Apply'), entry('amy', 'Update')] } }) as { metadata: { managedFields: { manager: string }[] } };
  assert.deepEqual(got.metadata.managedFields.map((e) => e.manager), ['bob', 'amy', 'zed']);
});
