import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useInProcessServer } from '../testing/in-process-server.js';

const { call } = useInProcessServer();

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`not reached: ${what}`);
}

const CM = '/api/v1/namespaces/default/configmaps';

async function owner(name: string): Promise<string> {
  const r = await call('POST', CM, { metadata: { name } });
  assert.equal(r.status, 201);
  return String((r.body.metadata as { uid: string }).uid);
}

async function dependent(name: string, ownerName: string, ownerUid: string, extraOwner?: { name: string; uid: string }): Promise<void> {
  const refs = [{ apiVersion: 'v1', kind: 'ConfigMap', name: ownerName, uid: ownerUid, blockOwnerDeletion: true }];
  if (extraOwner) refs.push({ apiVersion: 'v1', kind: 'ConfigMap', name: extraOwner.name, uid: extraOwner.uid, blockOwnerDeletion: false });
  const r = await call('POST', CM, { metadata: { name, ownerReferences: refs } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
}

const exists = async (name: string): Promise<boolean> => (await call('GET', `${CM}/${name}`)).status === 200;
const meta = async (name: string): Promise<Record<string, unknown>> => (await call('GET', `${CM}/${name}`)).body.metadata as Record<string, unknown>;

test('background deletion removes dependents after the owner', async () => {
  const uid = await owner('bg-owner');
  await dependent('bg-dep', 'bg-owner', uid);
  const r = await call('DELETE', `${CM}/bg-owner`, { propagationPolicy: 'Background' });
  assert.equal(r.status, 200);
  assert.equal(await exists('bg-owner'), false);
  await until('dependent collected', async () => !(await exists('bg-dep')));
});

test('foreground deletion keeps the owner (foregroundDeletion finalizer) until its dependents are gone', async () => {
  const uid = await owner('fg-owner');
  await dependent('fg-dep1', 'fg-owner', uid);
  await dependent('fg-dep2', 'fg-owner', uid);
  const grand = await call('GET', `${CM}/fg-dep1`);
  await dependent('fg-grandchild', 'fg-dep1', String((grand.body.metadata as { uid: string }).uid));
  const r = await call('DELETE', `${CM}/fg-owner`, { propagationPolicy: 'Foreground' });
  assert.equal(r.status, 200);
  const m = r.body.metadata as { finalizers?: string[]; deletionTimestamp?: string };
  assert.deepEqual(m.finalizers, ['foregroundDeletion']);
  assert.ok(m.deletionTimestamp);
  await until('owner gone', async () => !(await exists('fg-owner')));
  for (const n of ['fg-dep1', 'fg-dep2', 'fg-grandchild']) assert.equal(await exists(n), false, n);
});

test('orphan deletion removes the owner reference from dependents and keeps them', async () => {
  const uid = await owner('or-owner');
  const other = await owner('or-other');
  await dependent('or-dep', 'or-owner', uid, { name: 'or-other', uid: other });
  const r = await call('DELETE', `${CM}/or-owner`, { propagationPolicy: 'Orphan' });
  assert.equal(r.status, 200);
  assert.deepEqual((r.body.metadata as { finalizers?: string[] }).finalizers, ['orphan']);
  await until('owner gone', async () => !(await exists('or-owner')));
  const refs = (await meta('or-dep')).ownerReferences as { uid: string }[];
  assert.deepEqual(refs.map((x) => x.uid), [other]);
});

test('deletecollection honours the propagation policy for every selected object', async () => {
  const a = await owner('dc-a');
  const b = await owner('dc-b');
  for (const n of ['dc-a', 'dc-b']) {
    const res = await call('PATCH', `${CM}/${n}`, { metadata: { labels: { set: 'dc' } } }, 'application/merge-patch+json');
    assert.equal(res.status, 200);
  }
  await dependent('dc-a-dep', 'dc-a', a);
  await dependent('dc-b-dep', 'dc-b', b);
  const r = await call('DELETE', `${CM}?labelSelector=set%3Ddc`, { propagationPolicy: 'Orphan' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await until('owners gone', async () => !(await exists('dc-a')) && !(await exists('dc-b')));
  assert.equal((await meta('dc-a-dep')).ownerReferences, undefined);
  assert.equal((await meta('dc-b-dep')).ownerReferences, undefined);
});

test('dryRun=All deletes nothing, neither the owner nor its dependents', async () => {
  const uid = await owner('dry-owner');
  await dependent('dry-dep', 'dry-owner', uid);
  const r = await call('DELETE', `${CM}/dry-owner?dryRun=All`, { propagationPolicy: 'Foreground' });
  assert.equal(r.status, 200);
  await new Promise((res) => setTimeout(res, 50));
  assert.equal(await exists('dry-owner'), true);
  assert.equal(await exists('dry-dep'), true);
  assert.equal((await meta('dry-owner')).deletionTimestamp, undefined);
  const col = await call('DELETE', `${CM}?dryRun=All`, {});
  assert.equal(col.status, 200);
  assert.equal(await exists('dry-owner'), true);
});
