import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../common/object.js';
import { workloadCauses } from './workload-validation.js';

function deploy(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec };
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };

test('workload validation causes', () => {
  const cases: { name: string; spec: Record<string, unknown>; fields: string[] }[] = [
    { name: 'valid', spec: { selector: { matchLabels: { app: 'web' } }, template }, fields: [] },
    { name: 'no selector', spec: { template }, fields: ['spec.selector'] },
    { name: 'selector does not match', spec: { selector: { matchLabels: { app: 'db' } }, template }, fields: ['spec.template.metadata.labels'] },
    { name: 'no containers', spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: template.metadata, spec: {} } }, fields: ['spec.template.spec.containers'] },
  ];
  for (const c of cases) assert.deepEqual(workloadCauses(deploy(c.spec)).map((x) => x.field), c.fields, c.name);
  const msg = workloadCauses(deploy({ selector: { matchLabels: { app: 'db' } }, template }))[0]?.message;
  assert.equal(msg, 'Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`');
});
