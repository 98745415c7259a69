// Status codes and metav1.Status bodies: what clients branch on (reason, code, details.causes) and what kubectl
// prints (message). NotFound, AlreadyExists, Conflict, Invalid with causes, BadRequest for mismatched bodies and bad
// options, MethodNotAllowed, strict field validation, and writes into missing or terminating namespaces.
import { answer, at, configMap, names, nsPath, poll, type Scenario } from './scenario.js';

const deployment = (name: string, spec: Record<string, unknown>): Record<string, unknown> => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec,
});

export const errorScenarios: Scenario[] = [
  {
    id: 'errors.not-found',
    async run(t) {
      return {
        core: answer(await t.request('GET', nsPath(t, 'configmaps', 'absent'))),
        grouped: answer(await t.request('GET', nsPath(t, 'deployments', 'absent', 'apps/v1'))),
        clusterScoped: answer(await t.request('GET', '/api/v1/namespaces/fid-absent-namespace')),
        deleteMissing: answer(await t.request('DELETE', nsPath(t, 'configmaps', 'absent'))),
        unknownResource: answer(await t.request('GET', `/api/v1/namespaces/${t.namespace}/widgets`)),
        unknownGroup: answer(await t.request('GET', '/apis/nothing.example.com/v1/widgets')),
        createInMissingNamespace: answer(await t.request('POST', '/api/v1/namespaces/fid-absent-namespace/configmaps', { body: configMap('x') })),
        kubectl: await t.kubectl(['get', 'configmap', 'absent', '-n', t.namespace]),
      };
    },
  },
  {
    id: 'errors.already-exists-and-conflict',
    async run(t) {
      const path = nsPath(t, 'configmaps');
      const created = await t.request('POST', path, { body: configMap('c1', { a: '1' }) });
      const again = await t.request('POST', path, { body: configMap('c1', { a: '1' }) });
      const rv = String(at(created.body, 'metadata.resourceVersion'));
      await t.request('PUT', `${path}/c1`, { body: { ...configMap('c1', { a: '2' }), metadata: { name: 'c1', resourceVersion: rv } } });
      const stale = await t.request('PUT', `${path}/c1`, { body: { ...configMap('c1', { a: '3' }), metadata: { name: 'c1', resourceVersion: rv } } });
      const unconditional = await t.request('PUT', `${path}/c1`, { body: configMap('c1', { a: '4' }) });
      const stalePatch = await t.request('PATCH', `${path}/c1`, { body: { metadata: { resourceVersion: rv }, data: { a: '5' } }, contentType: 'application/merge-patch+json' });
      const kubectlCreate = await t.kubectl(['create', 'configmap', 'c1', '-n', t.namespace]);
      return {
        again: answer(again),
        stale: answer(stale),
        unconditional: { status: unconditional.status, data: at(unconditional.body, 'data') },
        stalePatch: answer(stalePatch),
        kubectlCreate,
      };
    },
  },
  {
    id: 'errors.invalid-causes',
    async run(t) {
      const path = nsPath(t, 'configmaps');
      const badName = await t.request('POST', path, { body: configMap('Bad_Name') });
      const badLabel = await t.request('POST', path, { body: configMap('ok', {}, { 'bad label': 'x' }) });
      const badKey = await t.request('POST', path, { body: configMap('ok', { 'bad/key': 'x' }) });
      const noName = await t.request('POST', path, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } });
      const deploy = await t.request('POST', nsPath(t, 'deployments', undefined, 'apps/v1'), {
        body: deployment('broken', { replicas: -1, selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [] } } }),
      });
      await t.request('POST', path, { body: { ...configMap('frozen', { a: '1' }), immutable: true } });
      const immutable = await t.request('PATCH', `${path}/frozen`, { body: { data: { a: '2' } }, contentType: 'application/merge-patch+json' });
      const kubectl = await t.kubectl(['create', 'configmap', 'Bad_Name', '-n', t.namespace]);
      return {
        badName: answer(badName), badLabel: answer(badLabel), badKey: answer(badKey), noName: answer(noName),
        deploy: answer(deploy), immutable: answer(immutable), kubectl,
      };
    },
  },
  {
    id: 'errors.bad-requests',
    async run(t) {
      const path = nsPath(t, 'configmaps');
      await t.request('POST', path, { body: configMap('here') });
      const nameMismatch = await t.request('PUT', `${path}/here`, { body: configMap('elsewhere') });
      const nsMismatch = await t.request('POST', path, { body: { ...configMap('x'), metadata: { name: 'x', namespace: 'default' } } });
      const kindMismatch = await t.request('POST', path, { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } } });
      const versionMismatch = await t.request('POST', path, { body: { apiVersion: 'v2', kind: 'ConfigMap', metadata: { name: 'x' } } });
      const badDryRun = await t.request('POST', `${path}?dryRun=Some`, { body: configMap('x') });
      const badValidation = await t.request('POST', `${path}?fieldValidation=Loose`, { body: configMap('x') });
      const badPropagation = await t.request('DELETE', `${path}/here`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Sometimes' } });
      const badGrace = await t.request('DELETE', `${path}/here?gracePeriodSeconds=-5`);
      const badLimit = await t.request('GET', `${path}?limit=-1`);
      const badSelector = await t.request('GET', `${path}?labelSelector=a%20in`);
      const badFieldSelector = await t.request('GET', `${path}?fieldSelector=spec.nothing%3Dx`);
      const fieldSelectors: Record<string, unknown> = {};
      for (const [resource, gv] of [['secrets', 'v1'], ['serviceaccounts', 'v1'], ['services', 'v1'], ['pods', 'v1'], ['deployments', 'apps/v1'], ['events', 'v1']]) {
        fieldSelectors[resource] = answer(await t.request('GET', `${nsPath(t, resource as string, undefined, gv)}?fieldSelector=spec.nothing%3Dx`));
      }
      return {
        nameMismatch: answer(nameMismatch), nsMismatch: answer(nsMismatch), kindMismatch: answer(kindMismatch),
        versionMismatch: answer(versionMismatch), badDryRun: answer(badDryRun), badValidation: answer(badValidation),
        badPropagation: answer(badPropagation), badGrace: answer(badGrace), badLimit: { status: badLimit.status, names: names(badLimit.body) },
        badSelector: answer(badSelector), badFieldSelector: answer(badFieldSelector), fieldSelectors,
      };
    },
  },
  {
    id: 'errors.method-not-allowed',
    async run(t) {
      const path = nsPath(t, 'configmaps');
      await t.request('POST', path, { body: configMap('m') });
      return {
        putCollection: answer(await t.request('PUT', path, { body: configMap('m') })),
        postNamed: answer(await t.request('POST', `${path}/m`, { body: configMap('m') })),
        patchCollection: answer(await t.request('PATCH', path, { body: {}, contentType: 'application/merge-patch+json' })),
        deleteCollectionNamespaces: answer(await t.request('DELETE', '/api/v1/namespaces')),
        unknownSubresource: answer(await t.request('GET', `${path}/m/status`)),
      };
    },
  },
  {
    id: 'errors.field-validation',
    async run(t) {
      const path = nsPath(t, 'configmaps');
      const body = { ...configMap('fv', { a: '1' }), spec: { x: 1 }, metadata: { name: 'fv', bogus: true } };
      const strict = await t.request('POST', `${path}?fieldValidation=Strict`, { body });
      const warn = await t.request('POST', `${path}?fieldValidation=Warn&dryRun=All`, { body });
      const ignore = await t.request('POST', `${path}?fieldValidation=Ignore&dryRun=All`, { body });
      const duplicate = await t.request('POST', `${path}?fieldValidation=Strict`, { body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup"},"data":{"a":"1"},"data":{"a":"2"}}' });
      const kubectl = await t.kubectl(['apply', '-n', t.namespace, '-f', t.file('fv.yaml', JSON.stringify({ ...configMap('fv2'), spec: { x: 1 } }))]);
      return {
        strict: answer(strict),
        warn: { status: warn.status, warnings: warn.warnings, data: at(warn.body, 'data'), spec: at(warn.body, 'spec') },
        ignore: { status: ignore.status, warnings: ignore.warnings, spec: at(ignore.body, 'spec') },
        duplicate: answer(duplicate),
        kubectl,
      };
    },
  },
  {
    id: 'errors.terminating-namespace',
    async run(t) {
      const ns = `${t.namespace}-x`;
      await t.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
      const held = `/api/v1/namespaces/${ns}/configmaps/held`;
      await t.request('POST', `/api/v1/namespaces/${ns}/configmaps`, { body: { ...configMap('held'), metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
      const deleted = await t.request('DELETE', `/api/v1/namespaces/${ns}`);
      // The namespace controller deletes the contents; the finalizer keeps the ConfigMap, and so the namespace.
      const heldState = await poll(async () => {
        const r = await t.request('GET', held);
        return at(r.body, 'metadata.deletionTimestamp') ? r : undefined;
      });
      const create = await t.request('POST', `/api/v1/namespaces/${ns}/configmaps`, { body: configMap('late') });
      const nsState = await poll(async () => {
        const r = await t.request('GET', `/api/v1/namespaces/${ns}`);
        const conds = at(r.body, 'status.conditions');
        return Array.isArray(conds) && conds.some((c) => at(c, 'type') === 'NamespaceFinalizersRemaining' && at(c, 'status') === 'True') ? r : undefined;
      }, 8000) ?? await t.request('GET', `/api/v1/namespaces/${ns}`);
      await t.request('PATCH', held, { body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' });
      const gone = await poll(async () => ((await t.request('GET', `/api/v1/namespaces/${ns}`)).status === 404 ? true : undefined));
      return {
        deleted: { status: deleted.status, phase: at(deleted.body, 'status.phase'), spec: at(deleted.body, 'spec') },
        held: { finalizers: at(heldState?.body, 'metadata.finalizers'), deletionGracePeriodSeconds: at(heldState?.body, 'metadata.deletionGracePeriodSeconds') },
        create: answer(create),
        namespace: { phase: at(nsState.body, 'status.phase'), conditions: at(nsState.body, 'status.conditions') },
        gone: gone ?? false,
      };
    },
  },
];
