// The official @kubernetes/client-node (1.4.0) against local clusters, loading the kubeconfig kubefed-local wrote:
// list, watch, informer and patch (JSON, merge, strategic), checked against kubectl's view of the same objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  Watch,
  type V1ConfigMap,
  type V1Deployment,
} from '@kubernetes/client-node';
import { startClusters, waitFor } from './harness.js';

const c = await startClusters(2);

function client(context: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(c.kubeconfig);
  kc.setCurrentContext(context);
  return kc;
}

const kc = client('cluster2');
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);

function configMap(name: string, data: Record<string, string>, labels: Record<string, string> = {}): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

test('list returns created objects, honours label selectors and paginates', async () => {
  for (let i = 0; i < 5; i++) {
    await core.createNamespacedConfigMap({ namespace: 'default', body: configMap(`page-${i}`, { i: String(i) }, { group: 'paged' }) });
  }
  await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('other', { x: '1' }, { group: 'other' }) });

  const all = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'group=paged' });
  assert.deepEqual(all.items.map((i) => i.metadata?.name).sort(), ['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
  assert.match(all.metadata?.resourceVersion ?? '', /^\d+$/);

  const names: string[] = [];
  let cont: string | undefined;
  let pages = 0;
  do {
    const page = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'group in (paged)', limit: 2, ...(cont ? { _continue: cont } : {}) });
    names.push(...page.items.map((i) => i.metadata?.name ?? ''));
    cont = page.metadata?._continue || undefined;
    pages++;
  } while (cont);
  assert.equal(pages, 3);
  assert.deepEqual(names.sort(), ['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);

  const notPaged = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'group,group!=paged' });
  assert.deepEqual(notPaged.items.map((i) => i.metadata?.name), ['other']);
  const byName = await core.listNamespacedConfigMap({ namespace: 'default', fieldSelector: 'metadata.name=page-3' });
  assert.deepEqual(byName.items.map((i) => i.metadata?.name), ['page-3']);
});

test('errors arrive as ApiException with the Status code and message', async () => {
  await assert.rejects(core.readNamespacedConfigMap({ name: 'absent', namespace: 'default' }), (err: unknown) => {
    assert.ok(err instanceof ApiException);
    assert.equal(err.code, 404);
    assert.match(String(err.body), /configmaps \\?"absent\\?" not found/);
    return true;
  });
  await assert.rejects(core.createNamespacedConfigMap({ namespace: 'default', body: configMap('page-0', {}) }), (err: unknown) => {
    assert.ok(err instanceof ApiException);
    assert.equal(err.code, 409);
    return true;
  });
});

test('watch from a list resourceVersion delivers added, modified and deleted events in order', async () => {
  const list = await core.listNamespacedConfigMap({ namespace: 'default' });
  const events: string[] = [];
  let ended: unknown = 'open';
  const watch = new Watch(kc);
  const controller = await watch.watch(
    '/api/v1/namespaces/default/configmaps',
    { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
    (phase: string, obj: V1ConfigMap) => {
      if (phase !== 'BOOKMARK') events.push(`${phase} ${obj.metadata?.name}`);
    },
    (err: unknown) => {
      ended = err;
    },
  );
  try {
    await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('watched', { v: '1' }) });
    await core.replaceNamespacedConfigMap({ name: 'watched', namespace: 'default', body: { ...(await core.readNamespacedConfigMap({ name: 'watched', namespace: 'default' })), data: { v: '2' } } });
    await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'default' });
    await waitFor(() => events.length >= 3, 10_000, `three events, got ${JSON.stringify(events)}`);
    assert.deepEqual(events, ['ADDED watched', 'MODIFIED watched', 'DELETED watched']);
    assert.equal(ended, 'open', 'the watch must stay open');
  } finally {
    controller.abort();
  }
});

test('a watch from a long-gone resourceVersion ends with 410 Expired', async () => {
  const phases: { phase: string; obj: { code?: number; reason?: string } }[] = [];
  const watch = new Watch(kc);
  let done = false;
  const controller = await watch.watch(
    '/api/v1/namespaces/default/configmaps',
    { resourceVersion: '1' },
    (phase: string, obj: { code?: number; reason?: string }) => phases.push({ phase, obj }),
    () => {
      done = true;
    },
  );
  try {
    // Every write so far may still be in the server's event history, so only assert when the server says Expired.
    await waitFor(() => done || phases.length > 0, 5000, 'an event or the end of the watch').catch(() => undefined);
    const error = phases.find((p) => p.phase === 'ERROR');
    if (error) {
      assert.equal(error.obj.code, 410);
      assert.equal(error.obj.reason, 'Expired');
    } else {
      assert.ok(phases.every((p) => ['ADDED', 'MODIFIED', 'DELETED'].includes(p.phase)), JSON.stringify(phases));
    }
  } finally {
    controller.abort();
  }
});

test('an informer lists, then follows changes', async () => {
  const informer = makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
    core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'group=informed' }), 'group=informed');
  const seen = new Map<string, string>();
  informer.on('add', (o: V1ConfigMap) => seen.set(o.metadata?.name ?? '', o.data?.v ?? ''));
  informer.on('update', (o: V1ConfigMap) => seen.set(o.metadata?.name ?? '', o.data?.v ?? ''));
  informer.on('delete', (o: V1ConfigMap) => seen.delete(o.metadata?.name ?? ''));
  await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('inf-1', { v: 'a' }, { group: 'informed' }) });
  await informer.start();
  try {
    await waitFor(() => seen.get('inf-1') === 'a', 10_000, 'the informer to list inf-1');
    await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('inf-2', { v: 'b' }, { group: 'informed' }) });
    await core.patchNamespacedConfigMap({ name: 'inf-1', namespace: 'default', body: { data: { v: 'c' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.deleteNamespacedConfigMap({ name: 'inf-2', namespace: 'default' });
    await core.createNamespacedConfigMap({ namespace: 'default', body: configMap('not-informed', { v: 'z' }) });
    await waitFor(() => seen.get('inf-1') === 'c' && !seen.has('inf-2'), 10_000, `informer cache ${JSON.stringify([...seen])}`);
    assert.deepEqual([...seen.keys()], ['inf-1']);
  } finally {
    await informer.stop();
  }
});

test('patch as JSON, merge and strategic merge patch, visible to kubectl', async () => {
  const body: V1Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'patched' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'patched' } },
      template: {
        metadata: { labels: { app: 'patched' } },
        spec: { containers: [{ name: 'main', image: 'nginx:1.25' }, { name: 'side', image: 'busybox:1.36' }] },
      },
    },
  };
  await apps.createNamespacedDeployment({ namespace: 'default', body });

  const jsonPatched = await apps.patchNamespacedDeployment(
    { name: 'patched', namespace: 'default', body: [{ op: 'replace', path: '/spec/replicas', value: 2 }] },
    setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
  );
  assert.equal(jsonPatched.spec?.replicas, 2);

  const merged = await apps.patchNamespacedDeployment(
    { name: 'patched', namespace: 'default', body: { metadata: { labels: { via: 'merge' } } } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
  assert.equal(merged.metadata?.labels?.via, 'merge');

  const strategic = await apps.patchNamespacedDeployment(
    { name: 'patched', namespace: 'default', body: { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] } } } } },
    setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
  );
  assert.deepEqual(strategic.spec?.template.spec?.containers.map((x) => `${x.name}=${x.image}`), ['main=nginx:1.27', 'side=busybox:1.36']);

  const r = await c.kubectl(['get', 'deployment', 'patched', '--context', 'cluster2', '-o', 'jsonpath={.spec.replicas} {.metadata.labels.via} {.spec.template.spec.containers[*].image}']);
  assert.equal(r.stdout, '2 merge nginx:1.27 busybox:1.36', r.stderr);
  const cluster1 = await c.kubectl(['get', 'deployment', 'patched', '--context', 'cluster1']);
  assert.equal(cluster1.code, 1, 'cluster1 must not see cluster2\'s objects');
});

test('client-node verifies the cluster CA and sends the token (wrong context data fails)', async () => {
  const wrong = client('cluster1');
  const cluster = wrong.getCurrentCluster();
  assert.ok(cluster);
  // Point cluster1's credentials at cluster2's URL: cluster2's certificate is not signed by cluster1's CA.
  const other = client('cluster2').getCurrentCluster();
  assert.ok(other);
  wrong.clusters = wrong.clusters.map((x) => (x.name === cluster.name ? { ...x, server: other.server } : x));
  await assert.rejects(wrong.makeApiClient(CoreV1Api).listNamespace(), /certificate|self.signed|unable to verify/i);
});
