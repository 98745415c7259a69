// Deletion: finalizers and deletionTimestamp, preconditions, the three propagation policies, and the garbage
// collector removing dependents (ownerReferences), including dependents whose owner never existed.
import { answer, at, configMap, nsPath, pick, poll, type HttpOutput, type Scenario, type Target } from './scenario.js';

const MERGE = 'application/merge-patch+json';

const deleting = (r: HttpOutput): Record<string, unknown> => ({
  status: r.status,
  kind: at(r.body, 'kind'),
  ...(at(r.body, 'kind') === 'Status' ? { body: r.body } : {}),
  deletionTimestamp: at(r.body, 'metadata.deletionTimestamp'),
  deletionGracePeriodSeconds: at(r.body, 'metadata.deletionGracePeriodSeconds'),
  finalizers: at(r.body, 'metadata.finalizers'),
});

/** An owner ConfigMap and a dependent that names it; returns the owner's uid. */
async function ownedPair(t: Target, owner: string, block = false): Promise<string> {
  const path = nsPath(t, 'configmaps');
  const o = await t.request('POST', path, { body: configMap(owner) });
  const uid = String(at(o.body, 'metadata.uid'));
  const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: owner, uid, ...(block ? { blockOwnerDeletion: true } : {}) };
  await t.request('POST', path, { body: { ...configMap(`${owner}-dep`), metadata: { name: `${owner}-dep`, ownerReferences: [ref] } } });
  return uid;
}

async function goneWithin(t: Target, path: string, ms = 15_000): Promise<boolean> {
  return (await poll(async () => ((await t.request('GET', path)).status === 404 ? true : undefined), ms)) ?? false;
}

export const deletionScenarios: Scenario[] = [
  {
    id: 'deletion-gc.finalizers',
    async run(t) {
      const path = nsPath(t, 'configmaps');
      await t.request('POST', path, { body: { ...configMap('f'), metadata: { name: 'f', finalizers: ['example.com/a'] } } });
      const del = await t.request('DELETE', `${path}/f`);
      const again = await t.request('DELETE', `${path}/f`);
      const addFinalizer = await t.request('PATCH', `${path}/f`, { contentType: MERGE, body: { metadata: { finalizers: ['example.com/a', 'example.com/b'] } } });
      const changeData = await t.request('PATCH', `${path}/f`, { contentType: MERGE, body: { data: { still: 'writable' } } });
      const get = await t.request('GET', `${path}/f`);
      const release = await t.request('PATCH', `${path}/f`, { contentType: MERGE, body: { metadata: { finalizers: null } } });
      const after = await t.request('GET', `${path}/f`);
      return {
        del: deleting(del), again: deleting(again), addFinalizer: answer(addFinalizer),
        changeData: { status: changeData.status, data: at(changeData.body, 'data') }, get: deleting(get),
        release: deleting(release), after: after.status,
      };
    },
  },
  {
    id: 'deletion-gc.preconditions',
    async run(t) {
      const path = nsPath(t, 'configmaps');
      await t.request('POST', path, { body: configMap('p') });
      const wrongUid = await t.request('DELETE', `${path}/p`, { body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: '00000000-0000-0000-0000-000000000000' } } });
      const wrongRv = await t.request('DELETE', `${path}/p`, { body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { resourceVersion: '1' } } });
      const dryRun = await t.request('DELETE', `${path}/p?dryRun=All`);
      const stillThere = await t.request('GET', `${path}/p`);
      const ok = await t.request('DELETE', `${path}/p`);
      return { wrongUid: answer(wrongUid), wrongRv: answer(wrongRv), dryRun: answer(dryRun), stillThere: stillThere.status, ok: answer(ok) };
    },
  },
  {
    id: 'deletion-gc.propagation',
    async run(t) {
      const path = nsPath(t, 'configmaps');
      await ownedPair(t, 'bg');
      await ownedPair(t, 'fg', true);
      await ownedPair(t, 'or');
      const bg = await t.request('DELETE', `${path}/bg`, { body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' } });
      const fg = await t.request('DELETE', `${path}/fg`, { body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Foreground' } });
      const or = await t.request('DELETE', `${path}/or`, { body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Orphan' } });
      const orphaned = await poll(async () => {
        const r = await t.request('GET', `${path}/or-dep`);
        return r.status === 200 && at(r.body, 'metadata.ownerReferences') === undefined ? r : undefined;
      });
      return {
        bg: deleting(bg), fg: deleting(fg), or: deleting(or),
        bgDependentGone: await goneWithin(t, `${path}/bg-dep`),
        fgDependentGone: await goneWithin(t, `${path}/fg-dep`),
        fgOwnerGone: await goneWithin(t, `${path}/fg`),
        orOwnerGone: await goneWithin(t, `${path}/or`),
        orphanedDependent: orphaned ? pick(at(orphaned.body, 'metadata'), ['name', 'ownerReferences', 'finalizers']) : 'still owned',
      };
    },
  },
  {
    id: 'deletion-gc.missing-owner',
    async run(t) {
      const path = nsPath(t, 'configmaps');
      const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'never', uid: '11111111-2222-3333-4444-555555555555' };
      const created = await t.request('POST', path, { body: { ...configMap('orphan'), metadata: { name: 'orphan', ownerReferences: [ref] } } });
      const badRef = await t.request('POST', path, { body: { ...configMap('bad-ref'), metadata: { name: 'bad-ref', ownerReferences: [{ ...ref, uid: '' }] } } });
      return { created: created.status, badRef: answer(badRef), collected: await goneWithin(t, `${path}/orphan`) };
    },
  },
  {
    id: 'deletion-gc.deployment-cascade',
    async run(t) {
      const path = nsPath(t, 'deployments', undefined, 'apps/v1');
      await t.request('POST', path, {
        body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } },
      });
      const rsPath = nsPath(t, 'replicasets', undefined, 'apps/v1');
      const count = async (p: string): Promise<number> => ((at((await t.request('GET', p)).body, 'items') as unknown[] | undefined) ?? []).length;
      const started = await poll(async () => ((await count(nsPath(t, 'pods'))) === 1 && (await count(rsPath)) === 1 ? true : undefined), 20_000);
      const rs = await t.request('GET', rsPath);
      const owner = at(rs.body, 'items.0.metadata.ownerReferences');
      const deleted = await t.kubectl(['delete', 'deployment', 'web', '-n', t.namespace]);
      const cleaned = await poll(async () => ((await count(rsPath)) === 0 && (await count(nsPath(t, 'pods'))) === 0 ? true : undefined), 30_000);
      return { started: started ?? false, replicaSetOwner: owner, deleted, cleaned: cleaned ?? false };
    },
  },
  {
    id: 'deletion-gc.kubectl-delete',
    async run(t) {
      const ns = ['-n', t.namespace];
      await ownedPair(t, 'kfg');
      await t.request('POST', nsPath(t, 'configmaps'), { body: configMap('plain') });
      return {
        plain: await t.kubectl(['delete', 'configmap', 'plain', ...ns]),
        missing: await t.kubectl(['delete', 'configmap', 'plain', ...ns]),
        ignoreMissing: await t.kubectl(['delete', 'configmap', 'plain', '--ignore-not-found', ...ns]),
        foreground: await t.kubectl(['delete', 'configmap', 'kfg', '--cascade=foreground', ...ns]),
        dependentGone: await goneWithin(t, nsPath(t, 'configmaps', 'kfg-dep')),
      };
    },
  },
];
