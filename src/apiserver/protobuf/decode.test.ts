import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isProtobufContentType } from './content-type.js';
import { decodeProtobufObject } from './decode.js';
import { capturedBodies } from './kubectl-bodies.fixture.js';
import { ProtobufDecodeError } from './protobuf-decode-error.js';

// kubectl ≤ 1.31 marshals Go structs to JSON, which prints zero metav1.Time as `creationTimestamp: null` and nil
// non-omitempty slices as `rules: null`. The decoder leaves those out (a server treats null and absent alike).
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

describe('decodeProtobufObject on bodies captured from the real kubectl', () => {
  for (const captured of capturedBodies) {
    const expected = withoutNulls(JSON.parse(captured.json));
    it(`kubectl 1.32 ${captured.args.join(' ')} decodes to what kubectl 1.31 sends as JSON`, () => {
      assert.deepEqual(decodeProtobufObject(hex(captured.protobuf132)), expected);
    });
    it(`kubectl 1.33 ${captured.args.join(' ')} decodes to what kubectl 1.31 sends as JSON`, () => {
      assert.deepEqual(decodeProtobufObject(hex(captured.protobuf133)), expected);
    });
  }
});

describe('decodeProtobufObject', () => {
  it('decodes the ConfigMap bytes documented in kubectl-wire.md §9', () => {
    const body = Buffer.concat([
      Buffer.from('k8s\0', 'latin1'),
      hex('0a0f 0a02 7631 1209 436f6e6669674d6170 121d 0a13 0a03 636d31 1200 1a00 2200 2a00 3200 3800 4200 1206 0a01 61 1201 62 1a00 2200'),
    ]);
    assert.deepEqual(decodeProtobufObject(body), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1' }, data: { a: 'b' } });
  });

  it('rejects a body without the k8s magic prefix', () => {
    assert.throws(() => decodeProtobufObject(hex('0a0f')), (err: unknown) => err instanceof ProtobufDecodeError && /k8s/.test(err.message));
  });

  it('names the kind when it is not supported', () => {
    // runtime.Unknown{typeMeta{apiVersion "v1", kind "Pod"}, raw ""}
    const body = Buffer.concat([Buffer.from('k8s\0', 'latin1'), hex('0a09 0a02 7631 1203 506f64 1200')]);
    assert.throws(() => decodeProtobufObject(body), (err: unknown) => err instanceof ProtobufDecodeError && /Pod \(v1\)/.test(err.message));
  });

  it('refuses a body that carries fields outside the decoded subset instead of dropping them', () => {
    // ConfigMap with an extra field 9 (varint 1) that the subset does not define.
    const body = Buffer.concat([Buffer.from('k8s\0', 'latin1'), hex('0a0f 0a02 7631 1209 436f6e6669674d6170 1209 0a05 0a03 636d31 4801')]);
    assert.throws(() => decodeProtobufObject(body), (err: unknown) => err instanceof ProtobufDecodeError && /ConfigMap v1/.test(err.message));
  });

  it('keeps a pointer field set to zero and drops a plain zero scalar', () => {
    const captured = capturedBodies.find((c) => c.scenario === 'deployment-zero-replicas');
    assert.ok(captured);
    const decoded = decodeProtobufObject(hex(captured.protobuf132)) as unknown as { spec: { replicas?: number }; metadata: { generation?: number } };
    assert.equal(decoded.spec.replicas, 0);
    assert.equal('generation' in decoded.metadata, false);
  });

  it('decodes DeleteOptions in any group version, as client-go (helm uninstall) sends them', () => {
    // runtime.Unknown{typeMeta{"apps/v1", "DeleteOptions"}, raw DeleteOptions{preconditions{uid "u1"}, propagationPolicy "Background"}}
    const body = Buffer.concat([
      Buffer.from('k8s\0', 'latin1'),
      hex('0a18 0a07 617070732f7631 120d 44656c6574654f7074696f6e73 1212 1204 0a02 7531 220a 4261636b67726f756e64'),
    ]);
    // Every decoded body comes back in the object envelope; the DELETE handler reads only the options' own fields.
    assert.deepEqual(decodeProtobufObject(body), {
      apiVersion: 'apps/v1',
      kind: 'DeleteOptions',
      metadata: {},
      preconditions: { uid: 'u1' },
      propagationPolicy: 'Background',
    });
  });

  it('turns a set creationTimestamp into RFC 3339 with seconds', () => {
    // Namespace{metadata{name "n", creationTimestamp{seconds 1700000000}}}
    const body = Buffer.concat([Buffer.from('k8s\0', 'latin1'), hex('0a0f 0a02 7631 1209 4e616d657370616365 120d 0a0b 0a01 6e 4206 0880e2cfaa06')]);
    assert.deepEqual(decodeProtobufObject(body).metadata, { name: 'n', creationTimestamp: '2023-11-14T22:13:20Z' });
  });
});

describe('isProtobufContentType', () => {
  const cases: [string, boolean][] = [
    ['application/vnd.kubernetes.protobuf', true],
    ['application/vnd.kubernetes.protobuf; charset=binary', true],
    ['Application/VND.Kubernetes.Protobuf', true],
    ['application/vnd.kubernetes.protobuf;stream=watch', true],
    ['application/json', false],
    ['', false],
  ];
  for (const [contentType, expected] of cases) {
    it(`${JSON.stringify(contentType)} → ${expected}`, () => assert.equal(isProtobufContentType(contentType), expected));
  }
});
