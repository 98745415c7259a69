import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { goJsonMarshal, GoJsonError } from './go-json.js';
import {
  goJsonHash, objectNeedsUpdate, objectVersion, overridesVersion, propagatedVersionKind, propagatedVersionName,
  recordedClusterVersions, templateVersion, updatePropagatedVersionStatus,
} from './versions.js';

describe('goJsonMarshal', () => {
  const cases: [string, unknown, string][] = [
    ['sorted keys, no spaces', { b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    ['HTML characters escaped', { s: '<a href="x">&</a>' }, '{"s":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"}'],
    ['control characters', '\n\r\t\b\f\u0001\\', '"\\n\\r\\t\\u0008\\u000c\\u0001\\\\"'],
    ['line and paragraph separators', '\u2028\u2029', '"\\u2028\\u2029"'],
    ['non-ASCII kept as UTF-8', 'héllo ✓ 😀', '"héllo ✓ 😀"'],
    ['lone surrogate becomes U+FFFD', 'a\ud800b', '"a\ufffdb"'],
    ['integers', [0, -3, 100, 1e20], '[0,-3,100,100000000000000000000]'],
    ['floats in plain notation', [1.5, 0.000001, 123456.789], '[1.5,0.000001,123456.789]'],
    ['floats in exponent notation', [1e21, 1.5e-7, -2e-10], '[1e+21,1.5e-7,-2e-10]'],
    ['negative zero', -0, '-0'],
    ['keys sorted by UTF-8 bytes', { '\uffff': 1, '😀': 2, z: 3 }, '{"z":3,"\uffff":1,"😀":2}'],
    ['undefined members omitted', { a: undefined, b: 1 }, '{"b":1}'],
  ];
  for (const [name, value, want] of cases) it(name, () => assert.equal(goJsonMarshal(value), want));
  it('rejects non-finite numbers', () => assert.throws(() => goJsonMarshal({ a: Number.NaN }), new GoJsonError('json: unsupported value: NaN')));
});

describe('templateVersion', () => {
  it('matches KubeFed for {"spec":{"foo":null}}', () => assert.equal(templateVersion({ spec: { template: { spec: { foo: null } } } }), 'a5b8d4352d5aed51c51b93900258ccf3'));
  it('is empty without a template', () => {
    assert.equal(templateVersion({ spec: {} }), '');
    assert.equal(templateVersion({}), '');
  });
  it('ignores key order', () => assert.equal(templateVersion({ spec: { template: { a: 1, b: 2 } } }), templateVersion({ spec: { template: { b: 2, a: 1 } } })));
  it('changes with the template', () => assert.notEqual(templateVersion({ spec: { template: { a: 1 } } }), templateVersion({ spec: { template: { a: 2 } } })));
});

describe('overridesVersion', () => {
  it('no overrides hashes {"overrides":null}', () => {
    assert.equal(overridesVersion({ spec: {} }), '2979b7538b527abe06492021841caf47');
    assert.equal(goJsonHash({ overrides: null }), '2979b7538b527abe06492021841caf47');
  });
  it('is empty without a spec', () => assert.equal(overridesVersion({}), ''));
  it('omits empty op, null value and empty lists like the Go structs', () => {
    const written = { spec: { overrides: [
      { clusterName: 'c1', clusterOverrides: [{ op: '', path: '/spec/replicas', value: 5 }, { op: 'remove', path: '/x', value: null }], extra: 1 },
      { clusterName: 'c2', clusterOverrides: [] },
    ] } };
    const canonical = { overrides: [
      { clusterName: 'c1', clusterOverrides: [{ path: '/spec/replicas', value: 5 }, { op: 'remove', path: '/x' }] },
      { clusterName: 'c2' },
    ] };
    assert.equal(overridesVersion(written), goJsonHash(canonical));
    assert.equal(goJsonMarshal(canonical), '{"overrides":[{"clusterName":"c1","clusterOverrides":[{"path":"/spec/replicas","value":5},{"op":"remove","path":"/x"}]},{"clusterName":"c2"}]}');
  });
  it('keeps falsy values that are not null', () => {
    assert.notEqual(overridesVersion({ spec: { overrides: [{ clusterName: 'c', clusterOverrides: [{ path: '/a', value: 0 }] }] } }),
      overridesVersion({ spec: { overrides: [{ clusterName: 'c', clusterOverrides: [{ path: '/a' }] }] } }));
  });
});

describe('objectVersion', () => {
  const cases: [string, Parameters<typeof objectVersion>[0], string][] = [
    ['generation', { metadata: { generation: 3, resourceVersion: '10' } }, 'gen:3'],
    ['resourceVersion when generation is 0', { metadata: { generation: 0, resourceVersion: '10' } }, 'rv:10'],
    ['resourceVersion when generation is absent', { metadata: { resourceVersion: '11' } }, 'rv:11'],
  ];
  for (const [name, obj, want] of cases) it(name, () => assert.equal(objectVersion(obj), want));
});

describe('propagated version naming', () => {
  it('names and kinds', () => {
    assert.equal(propagatedVersionName('Deployment', 'nginx'), 'deployment-nginx');
    assert.equal(propagatedVersionName('Namespace', 'myns'), 'namespace-myns');
    assert.equal(propagatedVersionKind(true), 'PropagatedVersion');
    assert.equal(propagatedVersionKind(false), 'ClusterPropagatedVersion');
  });
});

describe('objectNeedsUpdate', () => {
  const desired = { metadata: { name: 'a', namespace: 'n', labels: { x: '1' } } };
  const cases: { name: string; cluster: Parameters<typeof objectNeedsUpdate>[1]; recorded: string | undefined; want: boolean; desired?: Parameters<typeof objectNeedsUpdate>[0] }[] = [
    { name: 'nothing recorded', cluster: { metadata: { name: 'a', namespace: 'n', generation: 1 } }, recorded: undefined, want: true },
    { name: 'generation moved (spec drift)', cluster: { metadata: { name: 'a', namespace: 'n', labels: { x: '1' }, generation: 2 } }, recorded: 'gen:1', want: true },
    { name: 'same generation, same metadata', cluster: { metadata: { name: 'a', namespace: 'n', labels: { x: '1' }, generation: 1 } }, recorded: 'gen:1', want: false },
    { name: 'same generation, labels edited', cluster: { metadata: { name: 'a', namespace: 'n', labels: { x: '2' }, generation: 1 } }, recorded: 'gen:1', want: true },
    { name: 'same generation, annotation added', cluster: { metadata: { name: 'a', namespace: 'n', labels: { x: '1' }, annotations: { k: 'v' }, generation: 1 } }, recorded: 'gen:1', want: true },
    { name: 'nil and empty maps are equal', cluster: { metadata: { name: 'a', namespace: 'n', labels: { x: '1' }, annotations: {}, generation: 1 } }, recorded: 'gen:1', want: false },
    { name: 'resourceVersion-tracked and unchanged', cluster: { metadata: { name: 'a', namespace: 'n', labels: { y: 'z' }, resourceVersion: '5' } }, recorded: 'rv:5', want: false },
    { name: 'resourceVersion-tracked and written since', cluster: { metadata: { name: 'a', namespace: 'n', resourceVersion: '6' } }, recorded: 'rv:5', want: true },
  ];
  for (const c of cases) it(c.name, () => assert.equal(objectNeedsUpdate(c.desired ?? desired, c.cluster, c.recorded), c.want));
});

describe('recordedClusterVersions', () => {
  const status = { templateVersion: 't', overridesVersion: 'o', clusterVersions: [{ clusterName: 'c1', version: 'gen:1' }] };
  it('usable while hashes match', () => assert.deepEqual([...recordedClusterVersions(status, 't', 'o')], [['c1', 'gen:1']]));
  it('discarded when the template changed', () => assert.equal(recordedClusterVersions(status, 't2', 'o').size, 0));
  it('discarded when the overrides changed', () => assert.equal(recordedClusterVersions(status, 't', 'o2').size, 0));
  it('empty without a status', () => assert.equal(recordedClusterVersions(undefined, 't', 'o').size, 0));
});

describe('updatePropagatedVersionStatus', () => {
  const old = { templateVersion: 't', overridesVersion: 'o', clusterVersions: [{ clusterName: 'c1', version: 'gen:1' }, { clusterName: 'c2', version: 'rv:9' }, { clusterName: 'c3', version: 'gen:4' }] };
  it('keeps unchanged selected clusters, adds new ones, drops unselected and deleted, sorts', () => {
    const r = updatePropagatedVersionStatus(old, 't', 'o', ['c1', 'c2', 'c4', 'c0'], new Map([['c4', 'gen:1'], ['c2', ''], ['c0', 'rv:1']]));
    assert.deepEqual(r, {
      status: { templateVersion: 't', overridesVersion: 'o', clusterVersions: [{ clusterName: 'c0', version: 'rv:1' }, { clusterName: 'c1', version: 'gen:1' }, { clusterName: 'c4', version: 'gen:1' }] },
      changed: true,
    });
  });
  it('starts afresh when the hashes changed', () => {
    const r = updatePropagatedVersionStatus(old, 't2', 'o', ['c1', 'c2'], new Map([['c2', 'rv:10']]));
    assert.deepEqual(r.status, { templateVersion: 't2', overridesVersion: 'o', clusterVersions: [{ clusterName: 'c2', version: 'rv:10' }] });
    assert.equal(r.changed, true);
  });
  it('reports no change when nothing moved', () => {
    const r = updatePropagatedVersionStatus(old, 't', 'o', ['c1', 'c2', 'c3'], new Map());
    assert.deepEqual(r, { status: old, changed: false });
  });
  it('creates a status from nothing', () => {
    const r = updatePropagatedVersionStatus(undefined, 't', 'o', ['c1'], new Map([['c1', 'gen:1']]));
    assert.deepEqual(r, { status: { templateVersion: 't', overridesVersion: 'o', clusterVersions: [{ clusterName: 'c1', version: 'gen:1' }] }, changed: true });
  });
});
