// Namespace lifecycle (kube-controller-manager's namespace controller): a namespace being deleted is Terminating;
// its contents are deleted; once nothing is left and its finalizers are gone, the namespace itself goes. New
// namespaces get their `default` ServiceAccount (the ServiceAccount controller).
import type { ObjectService } from '../objects/object-service.js';
import { NAMESPACE_STORAGE_KEY } from '../objects/object-service.js';
import { isObject } from '../../common/object.js';
import { cloneJson } from '../objects/deep-equal.js';
import { nowTimestamp } from '../objects/names.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';
import { coalescedPass } from './coalesced-pass.js';

interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

/** pkg/controller/namespace/deletion: the five conditions, for content and finalizers still in the namespace. */
function deletionConditions(remaining: string[], finalizers: string[]): NamespaceCondition[] {
  return [
    { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
    { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
    { type: 'NamespaceDeletionContentFailure', status: 'False', reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
    remaining.length
      ? { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${remaining.join(', ')}` }
      : { type: 'NamespaceContentRemaining', status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed' },
    finalizers.length
      ? { type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}` }
      : { type: 'NamespaceFinalizersRemaining', status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
  ];
}

export function startNamespaceLifecycle(registry: Registry, svc: ObjectService): () => void {
  const store = svc.store;
  const terminating = new Set<string>();
  const newNamespaces = new Set<string>();

  const typeFor = (storageKey: string): ResourceType | undefined => registry.byStorageKey(storageKey)[0];

  /** The deletion conditions kube-controller-manager's namespace deleter keeps on a Terminating namespace. */
  const reportProgress = (ns: string): void => {
    const nsObj = store.get(NAMESPACE_STORAGE_KEY, '', ns);
    if (!nsObj) return;
    const remaining: string[] = [];
    const finalizers = new Map<string, number>();
    for (const key of store.storageKeys()) {
      const t = typeFor(key);
      if (!t || !t.namespaced) continue;
      const items = [...store.list(key, ns)];
      if (items.length === 0) continue;
      remaining.push(`${t.resource}.${t.group} has ${items.length} resource instances`);
      for (const o of items) for (const f of o.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    }
    const held = [...finalizers].map(([f, n]) => `${f} in ${n} resource instances`).sort();
    const conditions = deletionConditions(remaining.sort(), held);
    const status = isObject(nsObj.status) ? nsObj.status : {};
    const before = Array.isArray(status.conditions) ? (status.conditions as NamespaceCondition[]) : [];
    const next = conditions.map((c) => {
      const old = before.find((b) => b.type === c.type);
      return { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : nowTimestamp() };
    });
    const same = next.length === before.length && next.every((c, i) => {
      const b = before[i] as NamespaceCondition | undefined;
      return b && b.type === c.type && b.status === c.status && b.reason === c.reason && b.message === c.message;
    });
    if (same) return;
    const updated = cloneJson(nsObj);
    updated.status = { ...status, conditions: next };
    store.update(NAMESPACE_STORAGE_KEY, updated, nsObj);
  };

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
      reportProgress(ns);
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
