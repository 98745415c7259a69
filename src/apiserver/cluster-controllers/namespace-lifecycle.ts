// Namespace lifecycle (kube-controller-manager's namespace controller): a namespace being deleted is Terminating;
// its contents are deleted; once nothing is left and its finalizers are gone, the namespace itself goes. New
// namespaces get their `default` ServiceAccount (the ServiceAccount controller).
import type { ObjectService } from '../objects/object-service.js';
import { NAMESPACE_STORAGE_KEY } from '../objects/object-service.js';
import { cloneJson } from '../objects/deep-equal.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';
import { coalescedPass } from './coalesced-pass.js';

export function startNamespaceLifecycle(registry: Registry, svc: ObjectService): () => void {
  const store = svc.store;
  const terminating = new Set<string>();
  const newNamespaces = new Set<string>();

  const typeFor = (storageKey: string): ResourceType | undefined => registry.byStorageKey(storageKey)[0];

  const pass = coalescedPass('namespace-lifecycle', (): void => {
    const saType = registry.get('', 'v1', 'serviceaccounts') as ResourceType;
    for (const ns of newNamespaces) {
      const o = store.get(NAMESPACE_STORAGE_KEY, '', ns);
      if (o && !o.metadata.deletionTimestamp && !store.get(saType.storageKey, ns, 'default')) {
        svc.create(saType, ns, { metadata: { name: 'default' } });
      }
    }
    newNamespaces.clear();
    for (const ns of [...terminating]) {
      const nsObj = store.get(NAMESPACE_STORAGE_KEY, '', ns);
      if (!nsObj || !nsObj.metadata.deletionTimestamp) {
        terminating.delete(ns);
        continue;
      }
      for (const key of store.storageKeys()) {
        const t = typeFor(key);
        if (!t || !t.namespaced) continue;
        for (const o of [...store.list(key, ns)]) {
          if (!o.metadata.deletionTimestamp) svc.delete(t, ns, o.metadata.name ?? '', { propagationPolicy: 'Background' });
        }
      }
      let left = 0;
      for (const key of store.storageKeys()) if (typeFor(key)?.namespaced) left += store.namespaceCount(key, ns);
      if (left > 0) continue;
      terminating.delete(ns);
      const spec = (nsObj.spec ?? {}) as { finalizers?: string[] };
      if ((nsObj.metadata.finalizers ?? []).length > 0) {
        // metadata finalizers of other controllers still hold it; only the `kubernetes` spec finalizer is ours.
        if ((spec.finalizers ?? []).includes('kubernetes')) {
          const next = cloneJson(nsObj);
          (next.spec as { finalizers?: string[] }).finalizers = (spec.finalizers ?? []).filter((f) => f !== 'kubernetes');
          store.update(NAMESPACE_STORAGE_KEY, next, nsObj);
        }
        continue;
      }
      store.delete(NAMESPACE_STORAGE_KEY, nsObj);
    }
  });

  const unsub = store.subscribeAll((ev) => {
    if (ev.storageKey === NAMESPACE_STORAGE_KEY) {
      const name = ev.object.metadata.name ?? '';
      if (ev.type === 'ADDED') {
        newNamespaces.add(name);
        pass.schedule();
      }
      if (ev.type !== 'DELETED' && ev.object.metadata.deletionTimestamp) {
        terminating.add(name);
        pass.schedule();
      }
    } else if (ev.type === 'DELETED' && terminating.has(ev.namespace)) {
      pass.schedule();
    }
  });
  for (const ns of store.list(NAMESPACE_STORAGE_KEY)) if (ns.metadata.deletionTimestamp) terminating.add(ns.metadata.name ?? '');
  if (terminating.size) pass.schedule();
  return () => {
    pass.stop();
    unsub();
  };
}
