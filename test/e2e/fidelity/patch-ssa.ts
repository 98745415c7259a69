// Writes that merge: JSON patch, merge patch, strategic merge patch (built-in kinds only), server-side apply with
// managedFields, conflicts and force, no-op writes, and kubectl's apply paths (client-side, server-side, diff).
import { stringify } from 'yaml';
import { answer, at, configMap, nsPath, type HttpOutput, type Scenario, type Target } from './scenario.js';

const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';

/** What a write did to the object: its data/spec, labels, and the managedFields entries. */
function written(r: HttpOutput, part = 'data'): Record<string, unknown> {
  return {
    status: r.status,
    ...(r.status >= 400 ? { error: r.body } : {}),
    [part]: at(r.body, part),
    labels: at(r.body, 'metadata.labels'),
    managedFields: at(r.body, 'metadata.managedFields'),
  };
}

const webDeployment = (containers: Record<string, unknown>[], replicas?: number): Record<string, unknown> => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
  spec: {
    ...(replicas === undefined ? {} : { replicas }),
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers } },
  },
});

async function rv(t: Target, path: string): Promise<unknown> {
  return at((await t.request('GET', path)).body, 'metadata.resourceVersion');
}

export const patchScenarios: Scenario[] = [
  {
    id: 'patch-ssa.patch-types',
    async run(t) {
      const path = nsPath(t, 'configmaps');
      await t.request('POST', `${path}?fieldManager=setup`, { body: configMap('p', { a: '1', b: '2' }, { keep: 'yes' }) });
      const p = `${path}/p?fieldManager=patcher`;
      const json = await t.request('PATCH', p, { contentType: JSON_PATCH, body: [{ op: 'add', path: '/data/c', value: '3' }, { op: 'remove', path: '/data/a' }, { op: 'replace', path: '/data/b', value: 'two' }] });
      const failedTest = await t.request('PATCH', p, { contentType: JSON_PATCH, body: [{ op: 'test', path: '/data/b', value: 'nope' }] });
      const missingPath = await t.request('PATCH', p, { contentType: JSON_PATCH, body: [{ op: 'remove', path: '/data/zzz' }] });
      const notArray = await t.request('PATCH', p, { contentType: JSON_PATCH, body: { op: 'add' } });
      const merge = await t.request('PATCH', p, { contentType: MERGE, body: { data: { b: null, d: '4' }, metadata: { labels: { added: 'yes' } } } });
      const strategic = await t.request('PATCH', p, { contentType: STRATEGIC, body: { data: { e: '5' }, metadata: { labels: { keep: null } } } });
      const badType = await t.request('PATCH', p, { contentType: 'application/xml', body: '<x/>' });
      const notJson = await t.request('PATCH', p, { contentType: MERGE, body: '{not json' });
      const before = await rv(t, `${path}/p`);
      const noop = await t.request('PATCH', p, { contentType: MERGE, body: { data: { e: '5' } } });
      return {
        json: written(json), failedTest: answer(failedTest), missingPath: answer(missingPath), notArray: answer(notArray),
        merge: written(merge), strategic: written(strategic), badType: answer(badType),
        notJson: { status: notJson.status, reason: at(notJson.body, 'reason') },
        noopKeepsResourceVersion: at(noop.body, 'metadata.resourceVersion') === before,
      };
    },
  },
  {
    id: 'patch-ssa.strategic-lists',
    async run(t) {
      const path = nsPath(t, 'deployments', undefined, 'apps/v1');
      await t.request('POST', path, { body: webDeployment([{ name: 'a', image: 'nginx:1', env: [{ name: 'X', value: '1' }] }, { name: 'b', image: 'busybox:1' }]) });
      const merged = await t.request('PATCH', `${path}/web`, { contentType: STRATEGIC, body: { spec: { template: { spec: { containers: [{ name: 'b', image: 'busybox:2' }, { name: 'c', image: 'redis:7' }] } } } } });
      const deleted = await t.request('PATCH', `${path}/web`, { contentType: STRATEGIC, body: { spec: { template: { spec: { containers: [{ name: 'a', $patch: 'delete' }] } } } } });
      const order = await t.request('PATCH', `${path}/web`, {
        contentType: STRATEGIC,
        body: { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'b' }], containers: [{ name: 'c', image: 'redis:8' }] } } } },
      });
      const containers = (r: HttpOutput): unknown => at(r.body, 'spec.template.spec.containers');
      return { merged: containers(merged), deleted: containers(deleted), order: containers(order), generation: at(order.body, 'metadata.generation') };
    },
  },
  {
    id: 'patch-ssa.apply',
    async run(t) {
      const path = nsPath(t, 'configmaps');
      const doc = (data: Record<string, string>): string => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 's' }, data });
      const created = await t.request('PATCH', `${path}/s?fieldManager=alice`, { contentType: APPLY, body: doc({ a: '1', b: '1' }) });
      const updated = await t.request('PATCH', `${path}/s?fieldManager=alice`, { contentType: APPLY, body: doc({ a: '2', b: '1' }) });
      const shared = await t.request('PATCH', `${path}/s?fieldManager=bob`, { contentType: APPLY, body: doc({ b: '1', c: '1' }) });
      const conflict = await t.request('PATCH', `${path}/s?fieldManager=bob`, { contentType: APPLY, body: doc({ a: '3' }) });
      const forced = await t.request('PATCH', `${path}/s?fieldManager=bob&force=true`, { contentType: APPLY, body: doc({ a: '3', c: '1' }) });
      const released = await t.request('PATCH', `${path}/s?fieldManager=alice`, { contentType: APPLY, body: doc({}) });
      const noManager = await t.request('PATCH', `${path}/s`, { contentType: APPLY, body: doc({ a: '1' }) });
      const yaml = await t.request('PATCH', `${path}/yml?fieldManager=alice`, { contentType: APPLY, body: stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'yml' }, data: { k: 'v' } }) });
      const noKind = await t.request('PATCH', `${path}/z?fieldManager=alice`, { contentType: APPLY, body: JSON.stringify({ metadata: { name: 'z' } }) });
      const nameMismatch = await t.request('PATCH', `${path}/q?fieldManager=alice`, { contentType: APPLY, body: doc({}) });
      const update = await t.request('PUT', `${path}/s?fieldManager=carol`, { body: { ...(updated.body as object), data: { a: '3', b: '1', c: '1', d: '1' }, metadata: { name: 's' } } });
      return {
        created: written(created), updated: written(updated), shared: written(shared), conflict: answer(conflict),
        forced: written(forced), released: written(released), noManager: answer(noManager), yaml: written(yaml),
        noKind: answer(noKind), nameMismatch: answer(nameMismatch), update: written(update),
      };
    },
  },
  {
    id: 'patch-ssa.apply-deployment',
    async run(t) {
      // The deployment controller writes status (and its own managedFields entries) whenever it gets to it.
      const ours = (r: HttpOutput): unknown => (at(r.body, 'metadata.managedFields') as { manager: string }[] | undefined)?.filter((m) => ['alice', 'bob', 'hpa'].includes(m.manager));
      const path = nsPath(t, 'deployments', undefined, 'apps/v1');
      const doc = (containers: Record<string, unknown>[], replicas?: number): string => JSON.stringify(webDeployment(containers, replicas));
      const created = await t.request('PATCH', `${path}/web?fieldManager=alice`, { contentType: APPLY, body: doc([{ name: 'a', image: 'nginx:1' }], 2) });
      const second = await t.request('PATCH', `${path}/web?fieldManager=bob`, { contentType: APPLY, body: doc([{ name: 'b', image: 'busybox:1' }]) });
      const conflict = await t.request('PATCH', `${path}/web?fieldManager=bob`, { contentType: APPLY, body: doc([{ name: 'a', image: 'nginx:2' }], 3) });
      const scaled = await t.request('PATCH', `${path}/web/scale?fieldManager=hpa`, { contentType: MERGE, body: { spec: { replicas: 4 } } });
      const after = await t.request('GET', `${path}/web`);
      const reapply = await t.request('PATCH', `${path}/web?fieldManager=alice`, { contentType: APPLY, body: doc([{ name: 'a', image: 'nginx:1' }], 2) });
      return {
        created: { status: created.status, managedFields: ours(created), generation: at(created.body, 'metadata.generation') },
        second: { status: second.status, containers: at(second.body, 'spec.template.spec.containers'), managedFields: ours(second) },
        conflict: answer(conflict),
        scaled: { status: scaled.status, kind: at(scaled.body, 'kind'), spec: at(scaled.body, 'spec') },
        afterScale: { replicas: at(after.body, 'spec.replicas'), managedFields: ours(after) },
        reapply: answer(reapply),
      };
    },
  },
  {
    id: 'patch-ssa.kubectl-apply',
    async run(t) {
      const ns = ['-n', t.namespace];
      const v1 = t.file('cm1.yaml', stringify(configMap('k', { a: '1' })));
      const v2 = t.file('cm2.yaml', stringify(configMap('k', { a: '2', b: '1' })));
      const v3 = t.file('cm3.yaml', stringify(configMap('k', { a: '3' })));
      return {
        create: await t.kubectl(['apply', ...ns, '-f', v1]),
        unchanged: await t.kubectl(['apply', ...ns, '-f', v1]),
        configured: await t.kubectl(['apply', ...ns, '-f', v2]),
        diff: await t.kubectl(['diff', ...ns, '-f', v3]),
        serverSide: await t.kubectl(['apply', '--server-side', ...ns, '-f', v2]),
        conflict: await t.kubectl(['apply', '--server-side', '--field-manager=other', ...ns, '-f', v3]),
        forced: await t.kubectl(['apply', '--server-side', '--field-manager=other', '--force-conflicts', ...ns, '-f', v3]),
        dryRun: await t.kubectl(['apply', '--dry-run=server', ...ns, '-f', v1]),
        patchNoChange: await t.kubectl(['patch', 'configmap', 'k', ...ns, '--type=merge', '-p', '{"data":{"a":"3"}}']),
        patched: await t.kubectl(['patch', 'configmap', 'k', ...ns, '-p', '{"data":{"a":"4"}}']),
        label: await t.kubectl(['label', 'configmap', 'k', ...ns, 'tier=fe']),
        annotate: await t.kubectl(['annotate', 'configmap', 'k', ...ns, 'note=x']),
        final: await t.kubectl(['get', 'configmap', 'k', ...ns, '-o', 'yaml', '--show-managed-fields']),
      };
    },
  },
];
