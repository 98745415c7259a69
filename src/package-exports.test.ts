import { test } from 'node:test';
import assert from 'node:assert/strict';

// Imports the package by its own name, which resolves through package.json `exports["."]` to the compiled entry
// point: the same path a library user takes after `npm install`.
test('planReplicas is importable from the package entry point and plans the seed example', async () => {
  const pkg = (await import('kubefed-ts')) as typeof import('./index.js');
  const { plan, overflow } = pkg.planReplicas(
    { totalReplicas: 9, clusters: { cluster1: { minReplicas: 4, maxReplicas: 6, weight: 1 }, cluster2: { minReplicas: 4, maxReplicas: 8, weight: 2 } } },
    ['cluster1', 'cluster2'], {}, {}, 'test-namespace/test-deployment',
  );
  assert.deepEqual(plan, { cluster1: 4, cluster2: 5 });
  assert.deepEqual(overflow, {});
});
