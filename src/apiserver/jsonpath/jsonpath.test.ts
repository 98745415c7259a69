import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileJsonPath, formatJsonPathValue, JsonPathError } from './jsonpath.js';

const obj = {
  metadata: { name: 'w1', labels: { 'app.kubernetes.io/name': 'web' } },
  spec: { size: 3, gateways: ['service-gateway', 'mesh'], hosts: [{ name: 'a', port: 80 }, { name: 'b', port: 443 }] },
  status: {
    conditions: [
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'False', reason: 'Waiting' },
    ],
  },
};

test('compileJsonPath: the expressions CRD printer columns use', () => {
  const cases: [string, unknown[]][] = [
    ['.spec.size', [3]],
    ['{.spec.size}', [3]],
    ['.metadata.name', ['w1']],
    ['.spec.missing', []],
    ['.spec.gateways', [['service-gateway', 'mesh']]],
    ['.spec.gateways[0]', ['service-gateway']],
    ['.spec.gateways[-1]', ['mesh']],
    ['.spec.gateways[5]', []],
    ['.spec.gateways[*]', ['service-gateway', 'mesh']],
    ['.spec.hosts[*].name', ['a', 'b']],
    ['.spec.hosts[0:1].port', [80]],
    ['.status.conditions[?(@.type=="Ready")].status', ['False']],
    [".status.conditions[?(@.type=='Ready')].reason", ['Waiting']],
    ['.status.conditions[?(@.reason)].type', ['Ready']],
    ['.spec.hosts[?(@.port > 100)].name', ['b']],
    ['.spec.hosts[?(@.port != 80)].name', ['b']],
    [".metadata.labels['app.kubernetes.io/name']", ['web']],
    ['..port', [80, 443]],
    ['.spec.hosts[*]["name"]', ['a', 'b']],
  ];
  for (const [expr, want] of cases) assert.deepEqual(compileJsonPath(expr).find(obj), want, expr);
});

test('compileJsonPath: malformed expressions', () => {
  for (const expr of ['.spec[', '.spec[?(x)]', ".a['b", '.a b']) {
    assert.throws(() => compileJsonPath(expr), JsonPathError, expr);
  }
});

test('formatJsonPathValue: kube PrintResults rendering', () => {
  assert.equal(formatJsonPathValue('x'), 'x');
  assert.equal(formatJsonPathValue(3), '3');
  assert.equal(formatJsonPathValue(true), 'true');
  assert.equal(formatJsonPathValue(['service-gateway']), '["service-gateway"]');
  assert.equal(formatJsonPathValue({ b: 1, a: 2 }), '{"a":2,"b":1}');
});
