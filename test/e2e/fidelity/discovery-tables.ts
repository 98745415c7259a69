// Discovery (aggregated v2 and the legacy documents) and server-side Tables. The real server serves many more
// groups and resources than the built-in one, so discovery is compared in two parts: which resources exist (one
// list per group-version), and, for every resource both serve, its full entry (verbs, short names, categories,
// scope, kinds, subresources). Tables are compared by column definitions and cells, for objects whose cells do not
// depend on controllers.
import { at, configMap, nsPath, pick, type Scenario, type Target } from './scenario.js';

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

interface DiscoveryResource {
  resource: string;
  [k: string]: unknown;
}
interface DiscoveryVersion {
  version: string;
  resources?: DiscoveryResource[];
  freshness?: string;
}
interface DiscoveryGroup {
  metadata?: { name?: string };
  versions?: DiscoveryVersion[];
}

/** The groups and versions of the built-in server's discovery, so the real server's extra ones are left out. */
async function sharedView(t: Target, path: string, only?: Set<string>): Promise<Record<string, unknown>> {
  const r = await t.request('GET', path, { accept: AGGREGATED });
  const groups = (at(r.body, 'items') as DiscoveryGroup[] | undefined) ?? [];
  const out: Record<string, unknown> = { contentType: r.contentType, kind: at(r.body, 'kind'), apiVersion: at(r.body, 'apiVersion') };
  const versions: Record<string, unknown> = {};
  for (const g of groups) {
    const name = g.metadata?.name ?? '';
    if (only && !only.has(name)) continue;
    versions[name === '' ? 'core' : name] = (g.versions ?? []).map((v) => v.version);
    for (const v of g.versions ?? []) {
      const gv = name === '' ? v.version : `${name}/${v.version}`;
      // One text per list, so a resource only one side serves is one difference, not a shifted list.
      out[`${gv} resources`] = (v.resources ?? []).map((res) => res.resource).join(',');
      out[`${gv} freshness`] = v.freshness;
      for (const res of v.resources ?? []) {
        const subs = Array.isArray(res.subresources) ? (res.subresources as { subresource: string }[]) : undefined;
        out[`${gv} ${res.resource}`] = subs
          ? { ...res, subresources: Object.fromEntries(subs.map((x) => [x.subresource, x])), subresourceOrder: subs.map((x) => x.subresource).join(',') }
          : res;
      }
    }
  }
  out.versions = versions;
  return out;
}

/** The groups the built-in server serves (its discovery decides what both sides are compared on). */
const BUILTIN_GROUPS = new Set(['apps', 'batch', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'coordination.k8s.io', 'events.k8s.io', 'apiextensions.k8s.io', 'authorization.k8s.io', 'authentication.k8s.io']);

export const discoveryTableScenarios: Scenario[] = [
  {
    id: 'discovery.version',
    async run(t) {
      const v = await t.request('GET', '/version');
      return { status: v.status, body: v.body, kubectl: await t.kubectl(['version']) };
    },
  },
  {
    id: 'discovery.aggregated-core',
    run: (t) => sharedView(t, '/api'),
  },
  {
    id: 'discovery.aggregated-groups',
    async run(t) {
      const r = await t.request('GET', '/apis', { accept: AGGREGATED });
      const groups = ((at(r.body, 'items') as DiscoveryGroup[] | undefined) ?? []).map((g) => g.metadata?.name ?? '');
      return { groups: groups.filter((g) => BUILTIN_GROUPS.has(g)), order: groups.filter((g) => BUILTIN_GROUPS.has(g)).join(','), ...(await sharedView(t, '/apis', BUILTIN_GROUPS)) };
    },
  },
  {
    id: 'discovery.legacy',
    async run(t) {
      const api = await t.request('GET', '/api');
      const groupList = await t.request('GET', '/apis');
      const groups = ((at(groupList.body, 'groups') as { name: string }[] | undefined) ?? []).filter((g) => BUILTIN_GROUPS.has(g.name));
      const coreList = await t.request('GET', '/api/v1');
      const apps = await t.request('GET', '/apis/apps/v1');
      const appsGroup = await t.request('GET', '/apis/apps');
      const shared = ['configmaps', 'namespaces', 'namespaces/status', 'pods', 'pods/status', 'services', 'services/status', 'secrets', 'serviceaccounts', 'serviceaccounts/token', 'nodes', 'events', 'endpoints', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'statefulsets', 'daemonsets'];
      const resources = (b: unknown): Record<string, unknown> => {
        const out: Record<string, unknown> = {};
        for (const res of (at(b, 'resources') as { name: string }[] | undefined) ?? []) if (shared.includes(res.name)) out[res.name] = res;
        return out;
      };
      return {
        api: { status: api.status, contentType: api.contentType, body: api.body },
        groupList: { kind: at(groupList.body, 'kind'), apiVersion: at(groupList.body, 'apiVersion'), groups },
        coreList: { ...pick(coreList.body, ['kind', 'apiVersion', 'groupVersion']), resources: resources(coreList.body) },
        apps: { ...pick(apps.body, ['kind', 'apiVersion', 'groupVersion']), resources: resources(apps.body) },
        appsGroup: { status: appsGroup.status, body: appsGroup.body },
        missingGroup: (await t.request('GET', '/apis/nothing.example.com/v1')).status,
      };
    },
  },
  {
    id: 'discovery.kubectl',
    async run(t) {
      return {
        apps: await t.kubectl(['api-resources', '--api-group=apps', '-o', 'wide']),
        rbac: await t.kubectl(['api-resources', '--api-group=rbac.authorization.k8s.io']),
        namespacedCore: await t.kubectl(['api-resources', '--api-group=', '--namespaced=false', '-o', 'name']),
      };
    },
  },
  {
    id: 'tables.builtin-kinds',
    async run(t) {
      await t.request('POST', nsPath(t, 'configmaps'), { body: configMap('tbl', { a: '1', b: '2' }, { app: 'tbl' }) });
      await t.request('POST', nsPath(t, 'secrets'), { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tbl' }, type: 'Opaque', stringData: { a: '1' } } });
      await t.request('POST', nsPath(t, 'serviceaccounts'), { body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'tbl' } } });
      await t.request('POST', nsPath(t, 'roles', undefined, 'rbac.authorization.k8s.io/v1'), { body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'tbl' }, rules: [] } });
      await t.request('POST', nsPath(t, 'rolebindings', undefined, 'rbac.authorization.k8s.io/v1'), {
        body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'tbl' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'tbl' }, subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }] },
      });
      await t.request('POST', nsPath(t, 'leases', undefined, 'coordination.k8s.io/v1'), { body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'tbl' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 10 } } });
      await t.request('POST', nsPath(t, 'services'), { body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'tbl' }, spec: { clusterIP: 'None', ports: [{ port: 80, name: 'http' }], selector: { app: 'tbl' } } } });
      const out: Record<string, unknown> = {};
      const kinds: [string, string][] = [
        ['configmaps', 'v1'], ['secrets', 'v1'], ['serviceaccounts', 'v1'], ['services', 'v1'],
        ['roles', 'rbac.authorization.k8s.io/v1'], ['rolebindings', 'rbac.authorization.k8s.io/v1'], ['leases', 'coordination.k8s.io/v1'],
      ];
      for (const [resource, gv] of kinds) {
        const r = await t.request('GET', `${nsPath(t, resource, 'tbl', gv)}`, { accept: TABLE });
        out[resource] = { contentType: r.contentType, columnDefinitions: at(r.body, 'columnDefinitions'), cells: at(r.body, 'rows.0.cells'), object: at(r.body, 'rows.0.object.kind') };
      }
      const ns = await t.request('GET', `/api/v1/namespaces/${t.namespace}`, { accept: TABLE });
      out.namespaces = { columnDefinitions: at(ns.body, 'columnDefinitions'), cells: at(ns.body, 'rows.0.cells') };
      const list = await t.request('GET', `${nsPath(t, 'configmaps')}?labelSelector=app%3Dtbl&includeObject=Object`, { accept: TABLE });
      out.includeObject = { kind: at(list.body, 'rows.0.object.kind'), data: at(list.body, 'rows.0.object.data'), metadataKeys: Object.keys((at(list.body, 'metadata') as object | undefined) ?? {}).sort() };
      const none = await t.request('GET', `${nsPath(t, 'configmaps')}?labelSelector=app%3Dtbl&includeObject=None`, { accept: TABLE });
      out.includeNone = at(none.body, 'rows.0.object') ?? null;
      const meta = await t.request('GET', `${nsPath(t, 'configmaps')}?labelSelector=app%3Dtbl`, { accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json' });
      out.partialMetadata = { contentType: meta.contentType, kind: at(meta.body, 'kind'), apiVersion: at(meta.body, 'apiVersion'), item: at(meta.body, 'items.0') };
      const badInclude = await t.request('GET', `${nsPath(t, 'configmaps')}?includeObject=Everything`, { accept: TABLE });
      out.badInclude = { status: badInclude.status, body: badInclude.body };
      return out;
    },
  },
  {
    id: 'tables.kubectl-get',
    async run(t) {
      await t.request('POST', nsPath(t, 'configmaps'), { body: configMap('tbl', { a: '1' }, { app: 'tbl' }) });
      await t.request('POST', nsPath(t, 'services'), { body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'tbl' }, spec: { clusterIP: 'None', ports: [{ port: 80 }], selector: { app: 'tbl' } } } });
      const ns = ['-n', t.namespace];
      return {
        cm: await t.kubectl(['get', 'configmaps', ...ns]),
        cmLabels: await t.kubectl(['get', 'cm', 'tbl', '--show-labels', ...ns]),
        svcWide: await t.kubectl(['get', 'svc', 'tbl', '-o', 'wide', ...ns]),
        sa: await t.kubectl(['get', 'sa', ...ns]),
        allNamespaces: await t.kubectl(['get', 'cm', '-A', '-l', 'app=tbl']),
        ns: await t.kubectl(['get', 'ns', t.namespace]),
        empty: await t.kubectl(['get', 'secrets', ...ns]),
        name: await t.kubectl(['get', 'cm,svc', '-o', 'name', '-l', 'app=tbl', ...ns]),
        custom: await t.kubectl(['get', 'cm', 'tbl', '-o', 'custom-columns=N:.metadata.name,D:.data.a', ...ns]),
        jsonpath: await t.kubectl(['get', 'cm', 'tbl', '-o', 'jsonpath={.kind} {.apiVersion} {.metadata.labels}', ...ns]),
      };
    },
  },
];
