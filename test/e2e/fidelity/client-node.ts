// @kubernetes/client-node (1.4.0), the official TypeScript client: typed CRUD, pagination, ApiException bodies,
// Watch, an informer, and KubernetesObjectApi's server-side apply, as a controller written against it sees them.
import {
  ApiException, CoreV1Api, KubeConfig, KubernetesObjectApi, makeInformer, PatchStrategy, setHeaderOptions, Watch,
  type KubernetesObject, type V1ConfigMap,
} from '@kubernetes/client-node';
import { configMap, poll, type Scenario, type Target } from './scenario.js';

function clients(t: Target): { kc: KubeConfig; core: CoreV1Api } {
  const kc = new KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  return { kc, core: kc.makeApiClient(CoreV1Api) };
}

/** What a caller can see of a failed call: the code and the Status the body carries. */
async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    if (e instanceof ApiException) {
      let body: unknown = e.body;
      try {
        body = JSON.parse(String(e.body)) as unknown;
      } catch {
        // not JSON: keep the text
      }
      return { code: e.code, body };
    }
    return { error: e instanceof Error ? e.constructor.name : String(e) };
  }
}

export const clientNodeScenarios: Scenario[] = [
  {
    id: 'client-node.crud-and-errors',
    async run(t) {
      const { core } = clients(t);
      const namespace = t.namespace;
      const body = configMap('cn', { a: '1' }, { lib: 'client-node' }) as V1ConfigMap;
      const created = await core.createNamespacedConfigMap({ namespace, body });
      const read = await core.readNamespacedConfigMap({ name: 'cn', namespace });
      const replaced = await core.replaceNamespacedConfigMap({ name: 'cn', namespace, body: { ...read, data: { a: '2' } } });
      const patched = await core.patchNamespacedConfigMap({ name: 'cn', namespace, body: { data: { b: '3' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      const pages: string[][] = [];
      for (let i = 0; i < 3; i++) await core.createNamespacedConfigMap({ namespace, body: configMap(`pg-${i}`, {}, { lib: 'client-node' }) as V1ConfigMap });
      let cont: string | undefined;
      do {
        const page = await core.listNamespacedConfigMap({ namespace, labelSelector: 'lib=client-node', limit: 2, ...(cont ? { _continue: cont } : {}) });
        pages.push(page.items.map((i) => i.metadata?.name ?? ''));
        cont = page.metadata?._continue || undefined;
      } while (cont);
      const deleted = await core.deleteNamespacedConfigMap({ name: 'cn', namespace });
      return {
        created: { name: created.metadata?.name, data: created.data, managers: created.metadata?.managedFields?.map((m) => m.manager) },
        replaced: replaced.data,
        patched: patched.data,
        pages,
        deleted: { kind: deleted.kind, status: deleted.status, details: deleted.details },
        notFound: await failure(core.readNamespacedConfigMap({ name: 'cn', namespace })),
        conflict: await failure(core.replaceNamespacedConfigMap({ name: 'pg-0', namespace, body: { ...(configMap('pg-0') as V1ConfigMap), metadata: { name: 'pg-0', resourceVersion: '1' } } })),
        exists: await failure(core.createNamespacedConfigMap({ namespace, body: configMap('pg-0') as V1ConfigMap })),
        invalid: await failure(core.createNamespacedConfigMap({ namespace, body: configMap('Not_Valid') as V1ConfigMap })),
      };
    },
  },
  {
    id: 'client-node.watch-and-informer',
    async run(t) {
      const { kc, core } = clients(t);
      const namespace = t.namespace;
      const path = `/api/v1/namespaces/${namespace}/configmaps`;
      const list = await core.listNamespacedConfigMap({ namespace });
      const watched: string[] = [];
      const watch = new Watch(kc);
      const req = await watch.watch(path, { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true }, (phase: string, obj: V1ConfigMap) => {
        if (phase !== 'BOOKMARK') watched.push(`${phase} ${obj.metadata?.name ?? ''} ${JSON.stringify(obj.data ?? {})}`);
      }, () => undefined);
      const informer = makeInformer(kc, path, () => core.listNamespacedConfigMap({ namespace, labelSelector: 'informed=yes' }), 'informed=yes');
      const informed: string[] = [];
      informer.on('add', (o: V1ConfigMap) => informed.push(`add ${o.metadata?.name ?? ''}`));
      informer.on('update', (o: V1ConfigMap) => informed.push(`update ${o.metadata?.name ?? ''} ${o.data?.v ?? ''}`));
      informer.on('delete', (o: V1ConfigMap) => informed.push(`delete ${o.metadata?.name ?? ''}`));
      await informer.start();
      try {
        await core.createNamespacedConfigMap({ namespace, body: configMap('w', { v: '1' }, { informed: 'yes' }) as V1ConfigMap });
        await core.patchNamespacedConfigMap({ name: 'w', namespace, body: { data: { v: '2' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
        await core.deleteNamespacedConfigMap({ name: 'w', namespace });
        await poll(async () => (watched.length >= 3 && informed.length >= 3 ? true : undefined), 10_000);
      } finally {
        req.abort();
        await informer.stop();
      }
      return { watched, informed };
    },
  },
  {
    id: 'client-node.object-api-apply',
    async run(t) {
      const { kc } = clients(t);
      const api = KubernetesObjectApi.makeApiClient(kc);
      const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'obj', namespace: t.namespace }, data: { k: 'a' } };
      const created = await api.patch<KubernetesObject & { data?: Record<string, string> }>(body, undefined, undefined, 'client-node', true, PatchStrategy.ServerSideApply);
      const again = await api.patch<KubernetesObject & { data?: Record<string, string> }>({ ...body, data: { k: 'b' } }, undefined, undefined, 'client-node', true, PatchStrategy.ServerSideApply);
      const read = await api.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'obj', namespace: t.namespace } });
      const list = await api.list('v1', 'ConfigMap', t.namespace);
      const conflict = await failure(api.patch({ ...body, data: { k: 'c' } }, undefined, undefined, 'someone-else', false, PatchStrategy.ServerSideApply));
      return {
        created: { data: created.data, managedFields: created.metadata?.managedFields },
        again: again.data,
        readKind: read.kind,
        listed: list.items.map((i) => i.metadata?.name).sort(),
        listKind: list.kind,
        conflict,
      };
    },
  },
];
