// Client libraries against a local cluster (TLS + token, the kubeconfig kubefed-local writes): kubernetes-fluent-client
// 3.11.6 (server-side Apply, Watch) in a child process, since it reads KUBECONFIG on every request, and
// @kubernetes/client-node 1.4.0 (KubernetesObjectApi server-side apply, Watch).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KubeConfig, KubernetesObjectApi, PatchStrategy, Watch, type KubernetesObject, type V1ConfigMap } from '@kubernetes/client-node';
import { ok, REPO_ROOT, run, startClusters, waitFor } from './harness.js';

const c = await startClusters(1);

const FLUENT_SCRIPT = `
import { K8s, kind } from 'kubernetes-fluent-client';
const seen = [];
const watcher = K8s(kind.ConfigMap, { namespace: 'default' }).Watch((cm, phase) => {
  if (cm.metadata?.name === 'fluent') seen.push(phase + ':' + (cm.data?.step ?? ''));
});
await watcher.start();
const first = await K8s(kind.ConfigMap).Apply({ metadata: { name: 'fluent', namespace: 'default' }, data: { step: '1' } }, { force: true });
await K8s(kind.ConfigMap).Apply({ metadata: { name: 'fluent', namespace: 'default' }, data: { step: '2' } }, { force: true });
const got = await K8s(kind.ConfigMap, { namespace: 'default' }).Get('fluent');
await K8s(kind.ConfigMap).Delete({ metadata: { name: 'fluent', namespace: 'default' } });
const deadline = Date.now() + 10000;
while (!seen.some((s) => s.startsWith('DELETED')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
watcher.close();
console.log(JSON.stringify({ manager: first.metadata.managedFields?.[0]?.manager, step: got.data.step, seen }));
process.exit(0);
`;

test('kubernetes-fluent-client applies, reads, deletes and watches a ConfigMap', async () => {
  const r = await run(process.execPath, ['--input-type=module', '-e', FLUENT_SCRIPT], {
    cwd: REPO_ROOT, env: { KUBECONFIG: c.kubeconfig, HOME: c.home }, timeoutMs: 30_000,
  });
  const out = JSON.parse(ok(r).trim().split('\n').pop() ?? '{}') as { manager?: string; step?: string; seen?: string[] };
  assert.equal(out.step, '2');
  assert.equal(out.manager, 'pepr');
  assert.ok(out.seen?.includes('ADDED:1'), JSON.stringify(out.seen));
  assert.ok(out.seen?.includes('MODIFIED:2'), JSON.stringify(out.seen));
  assert.ok(out.seen?.some((s) => s.startsWith('DELETED')), JSON.stringify(out.seen));
});

test('@kubernetes/client-node applies server-side and watches the changes', async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(c.kubeconfig);
  const api = KubernetesObjectApi.makeApiClient(kc);
  const events: string[] = [];
  const watch = new Watch(kc);
  const req = await watch.watch('/api/v1/namespaces/default/configmaps', {}, (phase: string, obj: KubernetesObject & { data?: Record<string, string> }) => {
    if (obj.metadata?.name === 'cn-ssa') events.push(`${phase}:${obj.data?.k ?? ''}`);
  }, () => undefined);
  try {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cn-ssa', namespace: 'default' }, data: { k: 'a' } };
    const created: V1ConfigMap = await api.patch<V1ConfigMap>(body, undefined, undefined, 'client-node', true, PatchStrategy.ServerSideApply);
    assert.equal(created.metadata?.managedFields?.[0]?.manager, 'client-node');
    assert.equal(created.metadata?.managedFields?.[0]?.operation, 'Apply');
    await api.patch({ ...body, data: { k: 'b' } }, undefined, undefined, 'client-node', true, PatchStrategy.ServerSideApply);
    await waitFor(() => events.includes('ADDED:a') && events.includes('MODIFIED:b'), 10_000, `watch events, got ${events.join(',')}`);
    assert.equal(ok(await c.kubectl(['get', 'configmap', 'cn-ssa', '-o', 'jsonpath={.data.k}'])), 'b');
  } finally {
    req.abort();
  }
});
