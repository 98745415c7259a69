import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RestClient, resourcePath, type ResourceRef, type WatchEvent } from './rest.js';
import { ApiError, ConnectionError, isAlreadyExists, isConflict, isForbidden, isGone, isNotFound, isUnauthorized } from './errors.js';
import { CORE_RESOURCES, FakeKubeApi, freePort, statusBody } from './testing/fake-api.js';

const cm = (name: string): ResourceRef => ({ version: 'v1', resource: 'configmaps', namespace: 'default', name });
const cms: ResourceRef = { version: 'v1', resource: 'configmaps', namespace: 'default' };

test('resourcePath builds core, group, namespaced, cluster-scoped and subresource paths', () => {
  const cases: Array<[ResourceRef, string]> = [
    [{ version: 'v1', resource: 'pods' }, '/api/v1/pods'],
    [{ version: 'v1', resource: 'pods', namespace: 'ns1' }, '/api/v1/namespaces/ns1/pods'],
    [{ version: 'v1', resource: 'namespaces', name: 'ns1' }, '/api/v1/namespaces/ns1'],
    [{ group: 'apps', version: 'v1', resource: 'deployments', namespace: 'a', name: 'd', subresource: 'scale' }, '/apis/apps/v1/namespaces/a/deployments/d/scale'],
    [{ group: 'core.kubefed.io', version: 'v1beta1', resource: 'kubefedclusters', namespace: 'kube-federation-system', name: 'c1', subresource: 'status' }, '/apis/core.kubefed.io/v1beta1/namespaces/kube-federation-system/kubefedclusters/c1/status'],
    [{ group: '', version: 'v1', resource: 'configmaps', namespace: 'x', name: 'a b' }, '/api/v1/namespaces/x/configmaps/a%20b'],
  ];
  for (const [ref, want] of cases) assert.equal(resourcePath(ref), want);
  assert.throws(() => resourcePath({ version: 'v1', resource: 'pods', subresource: 'status' }), /needs an object name/);
});

test('CRUD round-trips raw JSON and sends token, user agent and patch content types', async (t) => {
  const api = await FakeKubeApi.start();
  t.after(() => api.close());
  api.addResource(...CORE_RESOURCES);
  api.requiredToken = 'sekret';
  const client = new RestClient(api.connection(), { userAgent: 'unit-test/1' });
  t.after(() => client.close());

  const created = await client.create(cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' }, extraTopLevel: { kept: true } });
  assert.equal(created.metadata.namespace, 'default');
  assert.deepEqual(created['extraTopLevel'], { kept: true });
  const got = await client.get(cm('a'));
  assert.equal(got.metadata.resourceVersion, created.metadata.resourceVersion);
  const patched = await client.patch(cm('a'), 'merge', { data: { k: 'w' } });
  assert.deepEqual(patched['data'], { k: 'w' });
  const last = api.requests.at(-1);
  assert.equal(last?.headers['content-type'], 'application/merge-patch+json');
  assert.equal(last?.headers.authorization, 'Bearer sekret');
  assert.equal(last?.headers['user-agent'], 'unit-test/1');
  await client.patch(cm('a'), 'apply', { data: { k: 'x' } }, { fieldManager: 'kubefed', force: true });
  const applied = api.requests.at(-1);
  assert.equal(applied?.headers['content-type'], 'application/apply-patch+yaml');
  assert.equal(applied?.query.get('fieldManager'), 'kubefed');
  assert.equal(applied?.query.get('force'), 'true');
  const list = await client.list(cms);
  assert.deepEqual(list.items.map((i) => i.metadata.name), ['a']);
  await client.delete(cm('a'));
  await assert.rejects(client.get(cm('a')), (err: unknown) => isNotFound(err));
});

test('error statuses map to typed ApiErrors carrying the Status', async (t) => {
  const api = await FakeKubeApi.start();
  t.after(() => api.close());
  api.addResource(...CORE_RESOURCES);
  const client = new RestClient(api.connection());
  t.after(() => client.close());
  await client.create(cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });

  await assert.rejects(client.get(cm('missing')), (err: unknown) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 404);
    assert.equal(err.reason, 'NotFound');
    assert.equal(err.message, 'configmaps "missing" not found');
    assert.equal(err.status?.details?.name, 'missing');
    return isNotFound(err) && !isConflict(err);
  });
  await assert.rejects(client.create(cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }), (err: unknown) => isAlreadyExists(err) && !isConflict(err));
  await assert.rejects(
    client.update(cm('a'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', resourceVersion: '1' } }),
    (err: unknown) => isConflict(err) && !isAlreadyExists(err),
  );

  const scripted: Array<[number, string, (e: unknown) => boolean, RegExp]> = [
    [403, JSON.stringify(statusBody(403, 'Forbidden', 'configmaps is forbidden: User "x" cannot list')), isForbidden, /forbidden: User "x"/],
    [401, JSON.stringify(statusBody(401, 'Unauthorized', 'Unauthorized')), isUnauthorized, /^Unauthorized$/],
    [410, JSON.stringify(statusBody(410, 'Expired', 'too old resource version')), isGone, /too old/],
    [503, 'upstream connect error', (e) => e instanceof ApiError && e.reason === 'ServiceUnavailable', /returned 503 ServiceUnavailable for GET \/api\/v1\/namespaces\/default\/configmaps\/s on cluster "fake": upstream connect error/],
  ];
  for (const [code, body, predicate, message] of scripted) {
    const remove = api.intercept((req, res) => {
      if (req.path.endsWith('/configmaps/s')) {
        res.writeHead(code, { 'content-type': body.startsWith('{') ? 'application/json' : 'text/plain' });
        res.end(body);
        return true;
      }
      return false;
    });
    await assert.rejects(client.get(cm('s')), (err: unknown) => {
      assert.match((err as Error).message, message);
      return predicate(err);
    });
    remove();
  }
});

test('an unreachable cluster gives a ConnectionError naming the cluster and address', async () => {
  const port = await freePort();
  const client = new RestClient({ name: 'member2', server: `http://127.0.0.1:${port}`, skipTLSVerify: false });
  try {
    await assert.rejects(client.get(cm('a')), (err: unknown) => {
      assert.ok(err instanceof ConnectionError);
      assert.equal(err.code, 'ECONNREFUSED');
      assert.equal(err.message, `cluster "member2" is not reachable: connect ECONNREFUSED 127.0.0.1:${port}`);
      return true;
    });
  } finally {
    client.close();
  }
});

test('an idempotent GET is retried once after a connection reset, a POST is not', async (t) => {
  const api = await FakeKubeApi.start();
  t.after(() => api.close());
  api.addResource(...CORE_RESOURCES);
  const client = new RestClient(api.connection());
  t.after(() => client.close());
  let resets = 0;
  api.intercept((req, res) => {
    if (req.path.endsWith('/configmaps/flaky') && resets < 1) {
      resets++;
      res.socket?.destroy();
      return true;
    }
    return false;
  });
  api.put('/v1/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flaky', namespace: 'default' } });
  const got = await client.get(cm('flaky'));
  assert.equal(got.metadata.name, 'flaky');
  assert.equal(api.requestsTo((r) => r.path.endsWith('/configmaps/flaky')).length, 2);

  api.intercept((req, res) => {
    if (req.method === 'POST') {
      res.socket?.destroy();
      return true;
    }
    return false;
  });
  await assert.rejects(client.create(cms, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } }), ConnectionError);
  assert.equal(api.requestsTo((r) => r.method === 'POST').length, 1);
});

test('the client-side token bucket spaces requests beyond the burst', async (t) => {
  const api = await FakeKubeApi.start();
  t.after(() => api.close());
  api.addResource(...CORE_RESOURCES);
  const client = new RestClient(api.connection(), { qps: 20, burst: 2 });
  t.after(() => client.close());
  const start = performance.now();
  await Promise.all(Array.from({ length: 6 }, () => client.list(cms)));
  const elapsed = performance.now() - start;
  // 2 immediately, 4 more at 20/s: at least ~200 ms.
  assert.ok(elapsed >= 180, `6 requests at 20 qps burst 2 took only ${elapsed.toFixed(0)} ms`);
});

test('a request timeout becomes a ConnectionError', async (t) => {
  const api = await FakeKubeApi.start();
  t.after(() => api.close());
  api.intercept(() => true);
  const client = new RestClient(api.connection(), { timeoutMs: 100 });
  t.after(() => client.close());
  await assert.rejects(client.get(cm('x')), /timed out after 100 ms/);
});

test('watchStream delivers events line by line and ends when the server closes the stream', async (t) => {
  const api = await FakeKubeApi.start();
  t.after(() => api.close());
  api.addResource(...CORE_RESOURCES);
  const client = new RestClient(api.connection());
  t.after(() => client.close());
  api.put('/v1/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } });
  const events: WatchEvent[] = [];
  const done = client.watchStream('/api/v1/namespaces/default/configmaps', { resourceVersion: '1', timeoutSeconds: 1 }, (e) => events.push(e));
  await done;
  assert.deepEqual(events.map((e) => [e.type, e.type === 'ERROR' ? e.object.reason : e.object.metadata.name]), [['ADDED', 'a']]);
  assert.equal(api.watchRequests()[0]?.query.get('watch'), 'true');

  const refused = client.watchStream('/api/v1/namespaces/default/nothing', {}, () => undefined);
  await assert.rejects(refused, (err: unknown) => isNotFound(err));
});

test('watchStream resolves when its signal aborts', async (t) => {
  const api = await FakeKubeApi.start();
  t.after(() => api.close());
  api.addResource(...CORE_RESOURCES);
  const client = new RestClient(api.connection());
  t.after(() => client.close());
  const ac = new AbortController();
  const done = client.watchStream('/api/v1/namespaces/default/configmaps', {}, () => undefined, ac.signal, { onOpen: () => ac.abort() });
  await done;
  assert.equal(ac.signal.aborted, true);
});
