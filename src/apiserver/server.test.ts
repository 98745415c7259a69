import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { startApiServer, type RunningApiServer } from './server.js';

let server: RunningApiServer;
const TOKEN = 'secret-token';

before(async () => {
  server = await startApiServer({ tokens: `${TOKEN},admin,1,"system:masters"\n`, historySize: 50, bookmarkIntervalMs: 50 });
});
after(async () => {
  await server.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // A path no group serves answers with Go's plain-text 404, not JSON.
  const json = text && res.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as Record<string, unknown>) : {};
  return { status: res.status, json, headers: res.headers };
}

/** Reads watch lines until `count` arrived or the stream ends. */
function watch(path: string, count: number, onOpen?: () => void): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
      onOpen?.();
      let buf = '';
      const out: Record<string, unknown>[] = [];
      res.on('data', (c: Buffer) => {
        buf += c.toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          out.push(JSON.parse(buf.slice(0, i)) as Record<string, unknown>);
          buf = buf.slice(i + 1);
          if (out.length === count) {
            req.destroy();
            resolve(out);
            return;
          }
        }
      });
      res.on('end', () => resolve(out));
    });
    req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
    req.end();
  });
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail('condition not reached');
}

test('requests without a valid token get 401 Status; health endpoints are public', async () => {
  const res = await fetch(`${server.url}/api/v1/namespaces`);
  assert.equal(res.status, 401);
  const body = (await res.json()) as Record<string, unknown>;
  assert.equal(body.kind, 'Status');
  assert.equal(body.reason, 'Unauthorized');
  assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
  assert.equal((await fetch(`${server.url}/version`, { headers: { Authorization: 'Bearer wrong' } })).status, 401);
});

test('/version reports 1.32 and aggregated discovery echoes the negotiated media type', async () => {
  const v = await call('GET', '/version');
  assert.equal(v.json.minor, '32');
  const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
  const apis = await call('GET', '/apis', undefined, { Accept: accept });
  assert.equal(apis.headers.get('content-type'), 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
  const items = apis.json.items as { metadata: { name: string } }[];
  assert.ok(items.some((i) => i.metadata.name === 'apps'));
  const legacy = await call('GET', '/apis/apps/v1');
  const names = (legacy.json.resources as { name: string }[]).map((r) => r.name);
  assert.ok(names.includes('deployments/scale'));
});

test('openapi v3 documents carry a PATCH with GVK and fieldValidation for every resource', async () => {
  const index = await call('GET', '/openapi/v3');
  const url = (index.json.paths as Record<string, { serverRelativeURL: string }>)['apis/apps/v1']?.serverRelativeURL ?? '';
  const doc = await call('GET', url);
  const item = (doc.json.paths as Record<string, { patch?: { parameters: { name: string }[]; 'x-kubernetes-group-version-kind': unknown } }>)['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
  assert.deepEqual(item?.patch?.['x-kubernetes-group-version-kind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
  assert.ok(item?.patch?.parameters.some((p) => p.name === 'fieldValidation'));
  // kubectl ≤ 1.27 reads fieldValidation support from /openapi/v2, which it accepts only as protobuf.
  const v2 = await fetch(`${server.url}/openapi/v2`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(v2.status, 200);
  assert.equal(v2.headers.get('content-type'), 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
});

test('list pagination hands out continue tokens and remainingItemCount', async () => {
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'paging' } });
  for (const n of ['a', 'b', 'c', 'd', 'e']) await call('POST', '/api/v1/namespaces/paging/configmaps', { metadata: { name: n, labels: { n } } });
  const seen: string[] = [];
  let cont = '';
  let first: Record<string, unknown> | undefined;
  do {
    const page = await call('GET', `/api/v1/namespaces/paging/configmaps?limit=2${cont ? `&continue=${cont}` : ''}`);
    first ??= page.json;
    for (const i of page.json.items as { metadata: { name: string } }[]) seen.push(i.metadata.name);
    cont = ((page.json.metadata as { continue?: string }).continue ?? '');
  } while (cont);
  assert.deepEqual(seen, ['a', 'b', 'c', 'd', 'e']);
  assert.equal((first?.metadata as { remainingItemCount?: number }).remainingItemCount, 3);
  const sel = await call('GET', '/api/v1/namespaces/paging/configmaps?labelSelector=n+in+(a,c)');
  assert.deepEqual((sel.json.items as { metadata: { name: string } }[]).map((i) => i.metadata.name), ['a', 'c']);
  const bad = await call('GET', '/api/v1/namespaces/paging/configmaps?fieldSelector=spec.foo%3Dx');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.message, '"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"');
});

test('a watch from a list resourceVersion sees every later change; selectors filter; old RVs get 410', async () => {
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'watching' } });
  const list = await call('GET', '/api/v1/namespaces/watching/configmaps');
  const rv = (list.json.metadata as { resourceVersion: string }).resourceVersion;
  await call('POST', '/api/v1/namespaces/watching/configmaps', { metadata: { name: 'one' } });
  await call('POST', '/api/v1/namespaces/watching/configmaps', { metadata: { name: 'two' } });
  const events = watch(`/api/v1/namespaces/watching/configmaps?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dtwo`, 3, () => {
    void call('PATCH', '/api/v1/namespaces/watching/configmaps/two', { data: { a: 'b' } }, { 'Content-Type': 'application/merge-patch+json' })
      .then(() => call('DELETE', '/api/v1/namespaces/watching/configmaps/two'));
  });
  const got = await events;
  assert.deepEqual(got.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
  for (let i = 0; i < 60; i++) await call('POST', '/api/v1/namespaces/watching/configmaps', { metadata: { name: `f${i}` } });
  const expired = await watch(`/api/v1/namespaces/watching/configmaps?watch=true&resourceVersion=${rv}`, 1);
  assert.equal(expired[0]?.type, 'ERROR');
  assert.equal((expired[0]?.object as { code: number }).code, 410);
});

test('watch with resourceVersion 0 starts with synthetic ADDED events and ends at timeoutSeconds', async () => {
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'w0' } });
  await call('POST', '/api/v1/namespaces/w0/configmaps', { metadata: { name: 'x' } });
  const got = await watch('/api/v1/namespaces/w0/configmaps?watch=true&resourceVersion=0&timeoutSeconds=1&allowWatchBookmarks=true', 100);
  assert.equal(got[0]?.type, 'ADDED');
  assert.ok(got.some((e) => e.type === 'BOOKMARK'));
});

test('deleting a namespace makes it Terminating, removes its contents, then removes it', async () => {
  await call('POST', '/api/v1/namespaces', { metadata: { name: 'doomed' } });
  await call('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'held', finalizers: ['example.com/x'] } });
  const del = await call('DELETE', '/api/v1/namespaces/doomed');
  assert.equal((del.json.status as { phase: string }).phase, 'Terminating');
  const blocked = await call('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'late' } });
  assert.equal(blocked.status, 403);
  assert.equal(blocked.json.message, 'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated');
  await until(async () => Boolean(((await call('GET', '/api/v1/namespaces/doomed/configmaps/held')).json.metadata as { deletionTimestamp?: string } | undefined)?.deletionTimestamp));
  assert.equal((await call('GET', '/api/v1/namespaces/doomed')).status, 200);
  await call('PATCH', '/api/v1/namespaces/doomed/configmaps/held', { metadata: { finalizers: null } }, { 'Content-Type': 'application/merge-patch+json' });
  await until(async () => (await call('GET', '/api/v1/namespaces/doomed')).status === 404);
});

test('garbage collection deletes dependents of a deleted owner; orphan keeps them', async () => {
  const owner = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'owner' } });
  const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: (owner.json.metadata as { uid: string }).uid };
  await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'dependent', ownerReferences: [ref] } });
  await call('DELETE', '/api/v1/namespaces/default/configmaps/owner', { propagationPolicy: 'Background' });
  await until(async () => (await call('GET', '/api/v1/namespaces/default/configmaps/dependent')).status === 404);

  const o2 = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'owner2' } });
  const ref2 = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner2', uid: (o2.json.metadata as { uid: string }).uid };
  await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'kept', ownerReferences: [ref2] } });
  await call('DELETE', '/api/v1/namespaces/default/configmaps/owner2', { propagationPolicy: 'Orphan' });
  await until(async () => (await call('GET', '/api/v1/namespaces/default/configmaps/owner2')).status === 404);
  const kept = await call('GET', '/api/v1/namespaces/default/configmaps/kept');
  assert.equal(kept.status, 200);
  assert.equal((kept.json.metadata as { ownerReferences?: unknown }).ownerReferences, undefined);
});

test('a CRD is served at once, rejects strategic merge patches, and takes its objects when deleted', async () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gizmos.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { plural: 'gizmos', kind: 'Gizmo' },
      versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
  const created = await call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
  assert.equal(created.status, 201);
  const conditions = (created.json.status as { conditions: { type: string; status: string }[] }).conditions;
  assert.ok(conditions.some((c) => c.type === 'Established' && c.status === 'True'));
  assert.equal((await call('GET', '/apis/example.com/v1')).status, 200);
  const g = await call('POST', '/apis/example.com/v1/namespaces/default/gizmos', { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g1' }, spec: { replicas: 1 }, status: { replicas: 5 } });
  assert.equal(g.json.status, undefined);
  assert.equal((g.json.metadata as { generation: number }).generation, 1);
  const smp = await call('PATCH', '/apis/example.com/v1/namespaces/default/gizmos/g1', { spec: {} }, { 'Content-Type': 'application/strategic-merge-patch+json' });
  assert.equal(smp.status, 415);
  const scale = await call('PATCH', '/apis/example.com/v1/namespaces/default/gizmos/g1/scale', { spec: { replicas: 4 } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.equal(scale.json.kind, 'Scale');
  assert.equal(((await call('GET', '/apis/example.com/v1/namespaces/default/gizmos/g1')).json.spec as { replicas: number }).replicas, 4);
  await call('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gizmos.example.com');
  await until(async () => (await call('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gizmos.example.com')).status === 404);
  assert.equal((await call('GET', '/apis/example.com/v1/namespaces/default/gizmos')).status, 404);
});

test('table responses carry PartialObjectMetadata rows', async () => {
  const res = await call('GET', '/api/v1/namespaces', undefined, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
  assert.equal(res.json.kind, 'Table');
  const row = (res.json.rows as { cells: unknown[]; object: { kind: string } }[])[0];
  assert.equal(row?.object.kind, 'PartialObjectMetadata');
  assert.equal((res.json.columnDefinitions as { name: string }[])[0]?.name, 'Name');
});

test('server-side apply creates, records managers, and reports conflicts with another manager', async () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { a: '1' } };
  const apply = 'application/apply-patch+yaml';
  const created = await call('PATCH', '/api/v1/namespaces/default/configmaps/ssa?fieldManager=alice', cm, { 'Content-Type': apply });
  assert.equal(created.status, 201);
  const managers = (created.json.metadata as { managedFields: { manager: string; operation: string }[] }).managedFields;
  assert.deepEqual(managers.map((m) => `${m.manager}/${m.operation}`), ['alice/Apply']);
  const again = await call('PATCH', '/api/v1/namespaces/default/configmaps/ssa?fieldManager=alice', cm, { 'Content-Type': apply });
  assert.equal((again.json.metadata as { resourceVersion: string }).resourceVersion, (created.json.metadata as { resourceVersion: string }).resourceVersion);
  const clash = await call('PATCH', '/api/v1/namespaces/default/configmaps/ssa?fieldManager=bob', { ...cm, data: { a: '2' } }, { 'Content-Type': apply });
  assert.equal(clash.status, 409);
  assert.equal(clash.json.message, 'Apply failed with 1 conflict: conflict with "alice": .data.a');
  const forced = await call('PATCH', '/api/v1/namespaces/default/configmaps/ssa?fieldManager=bob&force=true', { ...cm, data: { a: '2' } }, { 'Content-Type': apply });
  assert.deepEqual(forced.json.data, { a: '2' });
  const noManager = await call('PATCH', '/api/v1/namespaces/default/configmaps/ssa', cm, { 'Content-Type': apply });
  assert.equal(noManager.status, 422);
});

test('a merge patch that changes nothing keeps the resourceVersion', async () => {
  const c = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'noop' }, data: { a: '1' } });
  const p = await call('PATCH', '/api/v1/namespaces/default/configmaps/noop?fieldManager=kubectl-patch', { data: { a: '1' } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.equal((p.json.metadata as { resourceVersion: string }).resourceVersion, (c.json.metadata as { resourceVersion: string }).resourceVersion);
});
