// Garbage collection by ownerReferences (kube-controller-manager's garbage collector): an object whose owners are
// all gone is deleted (background); dangling references next to a live owner are removed. Deleting an owner with
// propagationPolicy Orphan (finalizer "orphan") strips the references from its dependents first; Foreground
// (finalizer "foregroundDeletion") deletes the dependents first. The owner index makes each check O(dependents).
import type { KubeObject } from '../../common/object.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, type ObjectService } from '../objects/object-service.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { ObjectRef } from '../storage/store.js';
import { coalescedPass } from './coalesced-pass.js';

export function startGarbageCollector(registry: Registry, svc: ObjectService): () => void {
  const store = svc.store;
  /** Objects whose owners must be checked. */
  const checkDependents = new Set<string>();
  const candidates = new Map<string, ObjectRef>();
  /** Owners being deleted with orphan/foreground finalizers. */
  const owners = new Map<string, ObjectRef>();

  const typeFor = (storageKey: string): ResourceType | undefined => registry.byStorageKey(storageKey)[0];
  const refKey = (r: ObjectRef): string => `${r.storageKey}|${r.namespace}|${r.name}`;
  const lookup = (r: ObjectRef): KubeObject | undefined => store.get(r.storageKey, r.namespace, r.name);
  /** An owner counts as present when its uid is stored (in the dependent's namespace or cluster-scoped). */
  const ownerPresent = (uid: string, dependentNs: string): boolean => {
    const r = store.byUid(uid);
    return !!r && (r.namespace === '' || r.namespace === dependentNs);
  };

  const writeOwnerRefs = (t: ResourceType, o: KubeObject, keep: (uid: string) => boolean): void => {
    svc.mutate(t, o.metadata.namespace ?? '', o.metadata.name ?? '', '', {}, (cur) => {
      const refs = (cur.metadata.ownerReferences ?? []).filter((r) => keep(r.uid));
      if (refs.length) cur.metadata.ownerReferences = refs;
      else delete cur.metadata.ownerReferences;
      return cur;
    });
  };

  const removeFinalizer = (t: ResourceType, o: KubeObject, finalizer: string): void => {
    svc.mutate(t, o.metadata.namespace ?? '', o.metadata.name ?? '', '', {}, (cur) => {
      cur.metadata.finalizers = (cur.metadata.finalizers ?? []).filter((f) => f !== finalizer);
      return cur;
    });
  };

  const attemptToDelete = (ref: ObjectRef): void => {
    const o = lookup(ref);
    const t = typeFor(ref.storageKey);
    if (!o || !t || o.metadata.deletionTimestamp) return;
    const refs = o.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const ns = o.metadata.namespace ?? '';
    const present = refs.filter((r) => ownerPresent(r.uid, ns));
    if (present.length === refs.length) return;
    if (present.length === 0) {
      svc.delete(t, ns, o.metadata.name ?? '', { propagationPolicy: 'Background', preconditions: { uid: o.metadata.uid } });
      return;
    }
    writeOwnerRefs(t, o, (uid) => ownerPresent(uid, ns));
  };

  const processOwner = (ref: ObjectRef): boolean => {
    const o = lookup(ref);
    const t = typeFor(ref.storageKey);
    if (!o || !t || !o.metadata.deletionTimestamp || !o.metadata.uid) return true;
    const uid = o.metadata.uid;
    const fin = o.metadata.finalizers ?? [];
    const deps = store.dependentsOf(uid);
    if (fin.includes(ORPHAN_FINALIZER)) {
      for (const d of deps) {
        const dep = lookup(d);
        const dt = typeFor(d.storageKey);
        if (dep && dt) writeOwnerRefs(dt, dep, (u) => u !== uid);
      }
      removeFinalizer(t, o, ORPHAN_FINALIZER);
      return true;
    }
    if (fin.includes(FOREGROUND_FINALIZER)) {
      for (const d of deps) {
        const dep = lookup(d);
        const dt = typeFor(d.storageKey);
        if (dep && dt && !dep.metadata.deletionTimestamp) svc.delete(dt, d.namespace, d.name, { propagationPolicy: 'Foreground' });
      }
      if (store.dependentsOf(uid).length === 0) {
        const cur = lookup(ref);
        if (cur) removeFinalizer(t, cur, FOREGROUND_FINALIZER);
        return true;
      }
      return false;
    }
    return true;
  };

  const pass = coalescedPass('garbage-collector', (): void => {
    for (const uid of [...checkDependents]) {
      checkDependents.delete(uid);
      for (const d of store.dependentsOf(uid)) candidates.set(refKey(d), d);
    }
    for (const [k, r] of [...candidates]) {
      candidates.delete(k);
      attemptToDelete(r);
    }
    for (const [k, r] of [...owners]) if (processOwner(r)) owners.delete(k);
  });

  const unsub = store.subscribeAll((ev) => {
    const o = ev.object;
    const ref: ObjectRef = { storageKey: ev.storageKey, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' };
    if (ev.type === 'DELETED') {
      if (o.metadata.uid) checkDependents.add(o.metadata.uid);
      for (const r of o.metadata.ownerReferences ?? []) {
        const owner = store.byUid(r.uid);
        if (owner && owners.has(refKey(owner))) pass.schedule();
      }
      pass.schedule();
      return;
    }
    if ((o.metadata.ownerReferences ?? []).length > 0 && !o.metadata.deletionTimestamp) {
      const changedRefs = ev.prev === undefined || JSON.stringify(ev.prev.metadata.ownerReferences) !== JSON.stringify(o.metadata.ownerReferences);
      if (changedRefs) {
        candidates.set(refKey(ref), ref);
        pass.schedule();
      }
    }
    const fin = o.metadata.finalizers ?? [];
    if (o.metadata.deletionTimestamp && (fin.includes(ORPHAN_FINALIZER) || fin.includes(FOREGROUND_FINALIZER))) {
      owners.set(refKey(ref), ref);
      pass.schedule();
    }
  });
  // Catch up after a restart: anything left orphaned while the server was down.
  for (const key of store.storageKeys()) {
    for (const o of store.list(key)) {
      const ref: ObjectRef = { storageKey: key, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' };
      if ((o.metadata.ownerReferences ?? []).length) candidates.set(refKey(ref), ref);
      const fin = o.metadata.finalizers ?? [];
      if (o.metadata.deletionTimestamp && (fin.includes(ORPHAN_FINALIZER) || fin.includes(FOREGROUND_FINALIZER))) owners.set(refKey(ref), ref);
    }
  }
  if (candidates.size || owners.size) pass.schedule();
  return () => {
    pass.stop();
    unsub();
  };
}
