import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch } from './json-patch.js';
import { PatchError } from './patch-error.js';

const deploy = () => ({ metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 2, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } } } });

test('applyJsonPatch: RFC 6902 operations on a Deployment', () => {
  const cases: [string, unknown[], (d: ReturnType<typeof deploy>) => unknown][] = [
    ['replace replicas', [{ op: 'replace', path: '/spec/replicas', value: 5 }], (d) => { d.spec.replicas = 5; return d; }],
    ['test then replace', [{ op: 'test', path: '/spec/replicas', value: 2 }, { op: 'replace', path: '/spec/replicas', value: 3 }], (d) => { d.spec.replicas = 3; return d; }],
    ['add label with escaped key', [{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'x' }], (d) => { (d.metadata.labels as Record<string, string>)['app.kubernetes.io/name'] = 'x'; return d; }],
    ['remove label', [{ op: 'remove', path: '/metadata/labels/app' }], (d) => { d.metadata.labels = {} as { app: string }; return d; }],
    ['append container', [{ op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'side', image: 'busybox' } }], (d) => { d.spec.template.spec.containers.push({ name: 'side', image: 'busybox' }); return d; }],
    ['copy and move', [{ op: 'copy', from: '/metadata/name', path: '/metadata/generateName' }, { op: 'move', from: '/metadata/generateName', path: '/metadata/annotations' }], (d) => ({ ...d, metadata: { ...d.metadata, annotations: 'web' } })],
  ];
  for (const [name, ops, want] of cases) {
    const input = deploy();
    assert.deepEqual(applyJsonPatch(input, ops), want(deploy()), name);
    assert.deepEqual(input, deploy(), `${name}: input untouched`);
  }
});

test('applyJsonPatch: failures carry kube-style codes and messages', () => {
  const cases: [string, unknown, 400 | 422, string][] = [
    ['failed test', [{ op: 'test', path: '/spec/replicas', value: 9 }], 422, 'testing value /spec/replicas failed: test failed'],
    ['replace missing key', [{ op: 'replace', path: '/spec/paused', value: true }], 422, 'replace operation does not apply: doc is missing key: /spec/paused: missing value'],
    ['remove missing path', [{ op: 'remove', path: '/spec/nope' }], 422, 'remove operation does not apply: doc is missing path: "/spec/nope": missing value'],
    ['add under missing parent', [{ op: 'add', path: '/status/a/b', value: 1 }], 422, 'add operation does not apply: doc is missing path: "/status/a/b": missing value'],
    ['unknown op', [{ op: 'frobnicate', path: '/a' }], 422, 'Unexpected kind: frobnicate'],
    ['not an array', { op: 'add' }, 400, 'json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp'],
    ['array of non-objects', [1], 400, 'json: cannot unmarshal number into Go value of type handlers.jsonPatchOp'],
  ];
  for (const [name, ops, code, message] of cases) {
    assert.throws(() => applyJsonPatch(deploy(), ops), (e: unknown) => e instanceof PatchError && e.code === code && e.message === message, name);
  }
});
