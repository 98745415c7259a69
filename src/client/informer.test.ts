import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../common/object.js';
import { DeletedFinalStateUnknown, Informer, type InformerOptions } from './informer.js';
import type { Logger } from './logger.js';
import { RestClient } from './rest.js';
import { CORE_RESOURCES, FakeKubeApi, freePort, sleep, statusBody, waitFor } from './testing/fake-api.js';

const GVR = '/v1/configmaps';
const cm = (name: string, ns = 'default', labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
  data: { v: name },
});

type Seen = Array<[string, string, boolean?]>;

function recording(informer: Informer): Seen {
  const seen: Seen = [];
  informer.addEventHandler({
    onAdd: (o, initial) => seen.push(['add', o.metadata.name ?? '', initial]),
    onUpdate: (oldObj, newObj) => seen.push(['update', `${oldObj.metadata.resourceVersion}->${newObj.metadata.resourceVersion}`]),
    onDelete: (o) => seen.push([o instanceof DeletedFinalStateUnknown ? 'tombstone' : 'delete', o instanceof DeletedFinalStateUnknown ? o.key : o.metadata.name ?? '']),
  });
  return seen;
}

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

async function setup(
  t: { after: (fn: () => Promise<void> | void) => void },
  extra: Partial<InformerOptions> = {},
  port = 0,
): Promise<{ api: FakeKubeApi; informer: Informer; client: RestClient }> {
  const api = await FakeKubeApi.start(port);
  api.addResource(...CORE_RESOURCES);
  const client = new RestClient(api.connection());
  const informer = new Informer({
    client,
    resource: { version: 'v1', resource: 'configmaps' },
    logger: quiet,
    ...extra,
    reflector: { backoff: { initialMs: 10, maxMs: 40 }, ...extra.reflector },
  });
  t.after(async () => {
    await informer.stop();
    client.close();
    await api.close();
  });
  return { api, informer, client };
}

test('initial list is paged; every object arrives as an initial add; then watch events follow', async (t) => {
  const { api, informer } = await setup(t, { reflector: { pageSize: 2 } });
  for (const n of ['a', 'b', 'c', 'd', 'e']) api.put(GVR, cm(n));
  const seen = recording(informer);
  informer.start();
  assert.equal(await informer.waitForSync(), true);
  assert.deepEqual(seen, ['a', 'b', 'c', 'd', 'e'].map((n) => ['add', n, true]));
  const lists = api.requestsTo((r) => r.path === '/api/v1/configmaps' && r.query.get('watch') === null);
  assert.equal(lists.length, 3);
  assert.deepEqual(lists.map((r) => r.query.get('limit')), ['2', '2', '2']);
  assert.equal(lists[0]?.query.get('continue'), null);
  assert.ok(lists[1]?.query.get('continue'));

  await waitFor(() => api.openWatches === 1, 'the watch');
  const watch = api.watchRequests()[0];
  assert.equal(watch?.query.get('resourceVersion'), informer.lastSyncResourceVersion);
  assert.equal(watch?.query.get('allowWatchBookmarks'), 'true');
  const timeout = Number(watch?.query.get('timeoutSeconds'));
  assert.ok(timeout >= 300 && timeout <= 600, `timeoutSeconds ${timeout}`);

  seen.length = 0;
  api.put(GVR, cm('f'));
  const b = api.getObject(GVR, 'default', 'b') as KubeObject;
  const oldRv = b.metadata.resourceVersion;
  api.put(GVR, { ...b, data: { v: 'changed' } });
  api.remove(GVR, 'default', 'c');
  await waitFor(() => seen.length === 3, 'three watch events');
  const newRv = api.getObject(GVR, 'default', 'b')?.metadata.resourceVersion;
  assert.deepEqual(seen, [['add', 'f', false], ['update', `${oldRv}->${newRv}`], ['delete', 'c']]);
  assert.deepEqual(informer.list().map((o) => o.metadata.name).sort(), ['a', 'b', 'd', 'e', 'f']);
  assert.equal(informer.get('default/b')?.['data'] && (informer.get('default/b')?.['data'] as Record<string, string>)['v'], 'changed');
});

test('a cleanly closed watch resumes from the last resourceVersion without relisting', async (t) => {
  const { api, informer } = await setup(t);
  informer.start();
  await informer.waitForSync();
  await waitFor(() => api.openWatches === 1, 'the watch');
  await sleep(1_050); // longer than a "very short watch", so the re-watch is immediate
  api.put(GVR, cm('x'));
  await waitFor(() => informer.get('default/x') !== undefined, 'x in cache');
  const rvAfterX = informer.lastSyncResourceVersion;
  assert.equal(rvAfterX, api.getObject(GVR, 'default', 'x')?.metadata.resourceVersion);
  api.closeWatches();
  await waitFor(() => api.watchRequests().length === 2 && api.openWatches === 1, 'a second watch');
  assert.equal(api.watchRequests()[1]?.query.get('resourceVersion'), rvAfterX);
  assert.equal(informer.reflectorStats.lists, 1);
});

test('bookmarks advance the resourceVersion the next watch starts from', async (t) => {
  const { api, informer } = await setup(t);
  informer.start();
  await informer.waitForSync();
  await waitFor(() => api.openWatches === 1, 'the watch');
  api.put('/v1/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' } });
  api.put('/v1/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 't', namespace: 'default' } });
  api.sendBookmarks();
  await waitFor(() => informer.lastSyncResourceVersion === String(api.resourceVersion), 'bookmark applied');
  await sleep(1_050);
  api.closeWatches();
  await waitFor(() => api.watchRequests().length === 2, 'a second watch');
  assert.equal(api.watchRequests()[1]?.query.get('resourceVersion'), String(api.resourceVersion));
});

test('a 410 ERROR event makes the reflector relist; objects gone meanwhile become tombstones', async (t) => {
  const { api, informer } = await setup(t);
  for (const n of ['a', 'b']) api.put(GVR, cm(n));
  const seen = recording(informer);
  informer.start();
  await informer.waitForSync();
  await waitFor(() => api.openWatches === 1, 'the watch');
  seen.length = 0;
  api.removeSilently(GVR, 'default', 'a');
  api.compact();
  api.closeWatches();
  await waitFor(() => informer.reflectorStats.lists === 2 && seen.length === 1, 'relist after 410');
  assert.deepEqual(seen, [['tombstone', 'default/a']]);
  const gone = api.watchRequests()[1];
  assert.ok(gone, 'the watch from the compacted resourceVersion was attempted');
  assert.deepEqual(informer.list().map((o) => o.metadata.name), ['b']);
});

test('a 410 HTTP status on the watch request also relists; unchanged objects fire no update', async (t) => {
  const { api, informer } = await setup(t);
  api.put(GVR, cm('a'));
  const seen = recording(informer);
  informer.start();
  await informer.waitForSync();
  await waitFor(() => api.openWatches === 1, 'the watch');
  seen.length = 0;
  let refused = 0;
  api.intercept((req, res) => {
    if (req.query.get('watch') === 'true' && refused === 0) {
      refused++;
      res.writeHead(410, { 'content-type': 'application/json' });
      res.end(JSON.stringify(statusBody(410, 'Expired', 'too old resource version')));
      return true;
    }
    return false;
  });
  api.closeWatches();
  await waitFor(() => informer.reflectorStats.lists === 2 && api.openWatches === 1, 'relist and new watch');
  assert.deepEqual(seen, []);
});

test('an unreachable server is retried with growing backoff until it comes up', async (t) => {
  const port = await freePort();
  const warnings: string[] = [];
  const logger: Logger = { ...quiet, warn: (m) => warnings.push(m) };
  const client = new RestClient({ name: 'late', server: `http://127.0.0.1:${port}`, skipTLSVerify: false, qps: 1000, burst: 1000 });
  const informer = new Informer({
    client,
    resource: { version: 'v1', resource: 'configmaps' },
    logger,
    reflector: { backoff: { initialMs: 20, maxMs: 160, jitter: 0 } },
  });
  const late: { api?: FakeKubeApi } = {};
  t.after(async () => {
    await informer.stop();
    client.close();
    await late.api?.close();
  });
  informer.start();
  await waitFor(() => warnings.length >= 4, 'four failed lists');
  assert.equal(informer.hasSynced(), false);
  const delays = warnings.map((w) => Number(/retrying in (\d+) ms/.exec(w)?.[1]));
  assert.deepEqual(delays.slice(0, 4), [20, 40, 80, 160]);
  assert.match(warnings[0] ?? '', new RegExp(`cluster "late" is not reachable: connect ECONNREFUSED 127.0.0.1:${port}`));
  const api = await FakeKubeApi.start(port);
  late.api = api;
  api.addResource(...CORE_RESOURCES);
  api.put(GVR, cm('a'));
  await waitFor(() => informer.hasSynced(), 'sync after the server started');
  assert.equal(informer.get('default/a')?.metadata.name, 'a');
});

test('the watchdog reconnects a watch that stays silent', async (t) => {
  const { api, informer } = await setup(t, { reflector: { watchdogMs: 150 } });
  informer.start();
  await informer.waitForSync();
  await waitFor(() => api.watchRequests().length >= 2, 'a reconnect after silence', 3_000);
  const [first, second] = api.watchRequests();
  assert.equal(second?.query.get('resourceVersion'), first?.query.get('resourceVersion'));
  assert.equal(informer.reflectorStats.lists, 1);
});

test('bookmarks keep the watchdog quiet', async (t) => {
  const { api, informer } = await setup(t, { reflector: { watchdogMs: 300 } });
  informer.start();
  await informer.waitForSync();
  await waitFor(() => api.openWatches === 1, 'the watch');
  const timer = setInterval(() => api.sendBookmarks(), 50);
  await sleep(700);
  clearInterval(timer);
  assert.equal(api.watchRequests().length, 1);
});

test('namespace, label selector, metadata-only projection and custom indexers', async (t) => {
  const { api, informer } = await setup(t, {
    namespace: 'team-a',
    labelSelector: 'app=web',
    metadataOnly: true,
    indexers: { byApp: (o) => (o.metadata.labels?.['app'] ? [o.metadata.labels['app']] : []) },
  });
  api.put(GVR, cm('web1', 'team-a', { app: 'web' }));
  api.put(GVR, cm('db1', 'team-a', { app: 'db' }));
  api.put(GVR, cm('web2', 'team-b', { app: 'web' }));
  api.put(GVR, { ...cm('web3', 'team-a', { app: 'web' }), metadata: { name: 'web3', namespace: 'team-a', labels: { app: 'web' }, managedFields: [{ manager: 'x' }] } });
  informer.start();
  await informer.waitForSync();
  assert.equal(api.requests[0]?.path, '/api/v1/namespaces/team-a/configmaps');
  assert.equal(api.requests[0]?.query.get('labelSelector'), 'app=web');
  assert.deepEqual(informer.list().map((o) => o.metadata.name).sort(), ['web1', 'web3']);
  const web3 = informer.get('team-a/web3');
  assert.deepEqual(Object.keys(web3 ?? {}).sort(), ['apiVersion', 'kind', 'metadata']);
  assert.equal(web3?.kind, 'ConfigMap');
  assert.equal(web3?.metadata.managedFields, undefined);
  assert.deepEqual(informer.store.byIndex('byApp', 'web').map((o) => o.metadata.name).sort(), ['web1', 'web3']);
  assert.deepEqual(informer.store.listNamespace('team-a').length, 2);
});

test('a handler added after sync is replayed the cache; a throwing handler does not stop others', async (t) => {
  const { api, informer } = await setup(t);
  api.put(GVR, cm('a'));
  informer.addEventHandler({ onAdd: () => {
    throw new Error('boom');
  } });
  informer.start();
  await informer.waitForSync();
  const seen = recording(informer);
  assert.deepEqual(seen, [['add', 'a', true]]);
  api.put(GVR, cm('b'));
  await waitFor(() => seen.length === 2, 'the add of b');
});

test('waitForSync resolves false when its signal aborts first', async (t) => {
  const port = await freePort();
  const client = new RestClient({ name: 'none', server: `http://127.0.0.1:${port}`, skipTLSVerify: false });
  const informer = new Informer({ client, resource: { version: 'v1', resource: 'configmaps' }, logger: quiet });
  t.after(async () => {
    await informer.stop();
    client.close();
  });
  informer.start();
  assert.equal(await informer.waitForSync(AbortSignal.timeout(50)), false);
});
