import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fastJsonPatch from 'fast-json-patch';
import type { JsonObject } from '../common/object.js';
import { applyJsonPatch, JsonPatchError, type JsonPatchOperation } from './json-patch.js';

interface Case {
  name: string;
  doc: JsonObject;
  ops: JsonPatchOperation[];
  want?: JsonObject;
  error?: string;
  /** The RFC-conformant behaviour fast-json-patch shares; these results are cross-checked against it. */
  rfc?: boolean;
}

const cases: Case[] = [
  { name: 'replace an existing member', doc: { spec: { replicas: 1 } }, ops: [{ op: 'replace', path: '/spec/replicas', value: 5 }], want: { spec: { replicas: 5 } }, rfc: true },
  { name: 'replace a missing object member creates it', doc: { spec: {} }, ops: [{ op: 'replace', path: '/spec/replicas', value: 5 }], want: { spec: { replicas: 5 } } },
  {
    name: 'replace below a missing parent fails', doc: { spec: {} }, ops: [{ op: 'replace', path: '/spec/template/x', value: 1 }],
    error: 'replace operation does not apply: doc is missing path: /spec/template/x: missing value',
  },
  { name: 'replace without value sets null', doc: { a: 1 }, ops: [{ op: 'replace', path: '/a' }], want: { a: null } },
  { name: 'replace an array element', doc: { a: [1, 2, 3] }, ops: [{ op: 'replace', path: '/a/1', value: 9 }], want: { a: [1, 9, 3] }, rfc: true },
  { name: 'replace with a negative index', doc: { a: [1, 2, 3] }, ops: [{ op: 'replace', path: '/a/-1', value: 9 }], want: { a: [1, 2, 9] } },
  {
    name: 'replace past the end of an array fails', doc: { a: [1] }, ops: [{ op: 'replace', path: '/a/1', value: 9 }],
    error: 'replace operation does not apply: doc is missing key: /a/1: missing value',
  },
  { name: 'add overwrites an object member', doc: { metadata: { annotations: { x: 'y' } } }, ops: [{ op: 'add', path: '/metadata/annotations', value: { foo: 'bar' } }], want: { metadata: { annotations: { foo: 'bar' } } }, rfc: true },
  { name: 'add inserts into an array', doc: { a: [1, 3] }, ops: [{ op: 'add', path: '/a/1', value: 2 }], want: { a: [1, 2, 3] }, rfc: true },
  { name: 'add appends with -', doc: { a: [1] }, ops: [{ op: 'add', path: '/a/-', value: 2 }], want: { a: [1, 2] }, rfc: true },
  { name: 'add at the array length appends', doc: { a: [1] }, ops: [{ op: 'add', path: '/a/1', value: 2 }], want: { a: [1, 2] }, rfc: true },
  { name: 'add with a negative index inserts from the end', doc: { a: [1, 2] }, ops: [{ op: 'add', path: '/a/-1', value: 9 }], want: { a: [1, 2, 9] } },
  { name: 'add with a Go-style index', doc: { a: [1, 2] }, ops: [{ op: 'add', path: '/a/+01', value: 9 }], want: { a: [1, 9, 2] } },
  { name: 'add past the end fails', doc: { a: [1] }, ops: [{ op: 'add', path: '/a/3', value: 2 }], error: "error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced" },
  {
    name: 'add with a non-numeric array index fails', doc: { a: [1] }, ops: [{ op: 'add', path: '/a/x', value: 2 }],
    error: `error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
  },
  { name: 'add below a missing parent fails', doc: {}, ops: [{ op: 'add', path: '/a/b', value: 1 }], error: 'add operation does not apply: doc is missing path: "/a/b": missing value' },
  { name: 'add to the root path fails', doc: {}, ops: [{ op: 'add', path: '', value: 1 }], error: 'add operation does not apply: doc is missing path: "": missing value' },
  { name: 'add through a scalar fails', doc: { a: 1 }, ops: [{ op: 'add', path: '/a/b', value: 1 }], error: 'add operation does not apply: doc is missing path: "/a/b": missing value' },
  { name: 'escaped keys', doc: { metadata: { labels: {} } }, ops: [{ op: 'add', path: '/metadata/labels/example.com~1tier', value: 'x' }, { op: 'add', path: '/metadata/labels/a~0b', value: 'y' }], want: { metadata: { labels: { 'example.com/tier': 'x', 'a~b': 'y' } } }, rfc: true },
  { name: '~01 decodes to ~1, not /', doc: {}, ops: [{ op: 'add', path: '/~01', value: 1 }], want: { '~1': 1 }, rfc: true },
  { name: 'remove a member', doc: { a: 1, b: 2 }, ops: [{ op: 'remove', path: '/a' }], want: { b: 2 }, rfc: true },
  { name: 'remove an array element', doc: { a: [1, 2, 3] }, ops: [{ op: 'remove', path: '/a/0' }], want: { a: [2, 3] }, rfc: true },
  { name: 'remove with a negative index', doc: { a: [1, 2, 3] }, ops: [{ op: 'remove', path: '/a/-3' }], want: { a: [2, 3] } },
  { name: 'remove of a missing key fails', doc: { a: 1 }, ops: [{ op: 'remove', path: '/b' }], error: "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value" },
  { name: 'remove past the end fails', doc: { a: [1] }, ops: [{ op: 'remove', path: '/a/-2' }], error: "error in remove for path: '/a/-2': Unable to access invalid index: -2: invalid index referenced" },
  { name: 'remove below a missing parent fails', doc: {}, ops: [{ op: 'remove', path: '/a/b' }], error: 'remove operation does not apply: doc is missing path: "/a/b": missing value' },
  { name: 'an unknown op fails', doc: {}, ops: [{ op: 'move', path: '/a' }], error: 'Unexpected kind: move' },
  { name: 'ops apply in order', doc: { a: {} }, ops: [{ op: 'add', path: '/a/b', value: { c: 1 } }, { op: 'replace', path: '/a/b/c', value: 2 }], want: { a: { b: { c: 2 } } }, rfc: true },
  { name: 'a member named __proto__ stays data', doc: {}, ops: [{ op: 'add', path: '/__proto__', value: { polluted: true } }], want: JSON.parse('{"__proto__":{"polluted":true}}') as JsonObject },
];

describe('applyJsonPatch (evanphx/json-patch v4 semantics)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = structuredClone(c.doc);
      if (c.error !== undefined) {
        assert.throws(() => applyJsonPatch(c.doc, c.ops), (e: unknown) => e instanceof JsonPatchError && e.message === c.error);
      } else {
        const got = applyJsonPatch(c.doc, c.ops);
        assert.deepEqual(got, c.want);
        if (c.rfc) assert.deepEqual(got, fastJsonPatch.applyPatch(structuredClone(c.doc), c.ops as fastJsonPatch.Operation[], true, false).newDocument);
      }
      assert.deepEqual(c.doc, before, 'input must not be mutated');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  }

  it('reports which operation failed', () => {
    assert.throws(
      () => applyJsonPatch({}, [{ op: 'add', path: '/a', value: 1 }, { op: 'remove', path: '/b' }]),
      (e: unknown) => e instanceof JsonPatchError && e.index === 1,
    );
  });

  it('inserted values are copies', () => {
    const value = { x: [1] };
    const got = applyJsonPatch({}, [{ op: 'add', path: '/v', value }]);
    value.x.push(2);
    assert.deepEqual(got, { v: { x: [1] } });
  });
});

describe('where fast-json-patch differs (why we do not use it for overrides)', () => {
  it('refuses replace of a missing member, which KubeFed users rely on', () => {
    assert.throws(() => fastJsonPatch.applyPatch({ spec: {} }, [{ op: 'replace', path: '/spec/replicas', value: 5 }], true, false));
    assert.deepEqual(applyJsonPatch({ spec: {} }, [{ op: 'replace', path: '/spec/replicas', value: 5 }]), { spec: { replicas: 5 } });
  });
});
