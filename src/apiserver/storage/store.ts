// The object store: objects by storage key ("group/resource"), namespace and name, with one global
// resourceVersion counter (etcd's revision), a uid index and an owner index for garbage collection, the watch
// history, and change subscribers. Stored objects are never mutated: writers hand in fresh objects.
import type { KubeObject } from '../../common/object.js';
import type { DurableLog } from './durable-log.js';
import { type ChangeEvent, type ChangeType, WatchHistory } from './watch-history.js';

export interface ObjectRef {
  storageKey: string;
  namespace: string;
  name: string;
}

export type ChangeListener = (ev: ChangeEvent) => void;

class Bucket {
  readonly byNs = new Map<string, Map<string, KubeObject>>();
  #sortedNs: string[] | undefined;
  readonly #sortedNames = new Map<string, string[]>();
  count = 0;

  get(ns: string, name: string): KubeObject | undefined {
    return this.byNs.get(ns)?.get(name);
  }

  set(ns: string, name: string, obj: KubeObject): boolean {
    let m = this.byNs.get(ns);
    if (!m) {
      this.byNs.set(ns, (m = new Map()));
      this.#sortedNs = undefined;
    }
    const isNew = !m.has(name);
    m.set(name, obj);
    if (isNew) {
      this.count++;
      this.#sortedNames.delete(ns);
    }
    return isNew;
  }

  delete(ns: string, name: string): void {
    const m = this.byNs.get(ns);
    if (!m || !m.delete(name)) return;
    this.count--;
    this.#sortedNames.delete(ns);
    if (m.size === 0) {
      this.byNs.delete(ns);
      this.#sortedNs = undefined;
    }
  }

  /** Names in one namespace in key order, cached until a create or delete in that namespace. */
  sortedNames(ns: string): string[] {
    let s = this.#sortedNames.get(ns);
    if (!s) {
      s = [...(this.byNs.get(ns)?.keys() ?? [])].sort();
      this.#sortedNames.set(ns, s);
    }
    return s;
  }

  sortedNamespaces(): string[] {
    if (!this.#sortedNs) this.#sortedNs = [...this.byNs.keys()].sort();
    return this.#sortedNs;
  }
}

export interface StoreOptions {
  log?: DurableLog;
  historySize?: number;
}

export class Store {
  #rv = 0;
  readonly #buckets = new Map<string, Bucket>();
  readonly #byUid = new Map<string, ObjectRef>();
  readonly #dependents = new Map<string, Set<string>>();
  readonly #listeners = new Map<string, Set<ChangeListener>>();
  readonly #allListeners = new Set<ChangeListener>();
  readonly #log: DurableLog | undefined;
  history: WatchHistory;

  constructor(opts: StoreOptions = {}) {
    this.#log = opts.log;
    if (this.#log) {
      const state = this.#log.load();
      this.#rv = state.rv;
      for (const it of state.items) this.#put(it.k, it.o);
      for (const rec of state.records) {
        if ('o' in rec) this.#put(rec.k, rec.o);
        else {
          const i = rec.d.indexOf('/');
          this.#remove(rec.k, rec.d.slice(0, i), rec.d.slice(i + 1));
        }
        if (rec.rv > this.#rv) this.#rv = rec.rv;
      }
    }
    this.history = new WatchHistory(opts.historySize ?? 10_000, this.#rv);
  }

  get resourceVersion(): number {
    return this.#rv;
  }

  get(storageKey: string, namespace: string, name: string): KubeObject | undefined {
    return this.#buckets.get(storageKey)?.get(namespace, name);
  }

  count(storageKey: string): number {
    return this.#buckets.get(storageKey)?.count ?? 0;
  }

  namespaceCount(storageKey: string, namespace: string): number {
    return this.#buckets.get(storageKey)?.byNs.get(namespace)?.size ?? 0;
  }

  /** Objects in key order (namespace, then name); one namespace when given. Optionally starts after a key. */
  *list(storageKey: string, namespace?: string, after?: { namespace: string; name: string }): Generator<KubeObject> {
    const b = this.#buckets.get(storageKey);
    if (!b) return;
    const namespaces = namespace !== undefined ? [namespace] : b.sortedNamespaces();
    for (const ns of namespaces) {
      if (after && ns < after.namespace) continue;
      const m = b.byNs.get(ns);
      if (!m) continue;
      const names = b.sortedNames(ns);
      let i = 0;
      if (after && ns === after.namespace) {
        let lo = 0;
        let hi = names.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((names[mid] as string) <= after.name) lo = mid + 1;
          else hi = mid;
        }
        i = lo;
      }
      for (; i < names.length; i++) {
        const o = m.get(names[i] as string);
        if (o) yield o;
      }
    }
  }

  storageKeys(): string[] {
    return [...this.#buckets.keys()];
  }

  byUid(uid: string): ObjectRef | undefined {
    return this.#byUid.get(uid);
  }

  /** Refs ("storageKey|ns|name") of objects whose ownerReferences name this uid. */
  dependentsOf(uid: string): ObjectRef[] {
    const s = this.#dependents.get(uid);
    if (!s) return [];
    return [...s].map(parseRefKey);
  }

  /** Stores a new object (the caller built it, including uid); assigns the next resourceVersion. */
  create(storageKey: string, obj: KubeObject): KubeObject {
    return this.#write('ADDED', storageKey, obj, undefined);
  }

  update(storageKey: string, obj: KubeObject, prev: KubeObject): KubeObject {
    return this.#write('MODIFIED', storageKey, obj, prev);
  }

  delete(storageKey: string, prev: KubeObject): KubeObject {
    const rv = ++this.#rv;
    const ns = prev.metadata.namespace ?? '';
    const name = prev.metadata.name ?? '';
    this.#remove(storageKey, ns, name);
    this.#log?.append({ rv, k: storageKey, d: `${ns}/${name}` });
    const gone: KubeObject = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(rv) } };
    this.#emit({ type: 'DELETED', rv, storageKey, namespace: ns, object: gone, prev });
    return gone;
  }

  #write(type: ChangeType, storageKey: string, obj: KubeObject, prev: KubeObject | undefined): KubeObject {
    const rv = ++this.#rv;
    obj.metadata.resourceVersion = String(rv);
    this.#put(storageKey, obj);
    this.#log?.append({ rv, k: storageKey, o: obj });
    this.#emit({ type, rv, storageKey, namespace: obj.metadata.namespace ?? '', object: obj, prev });
    return obj;
  }

  #put(storageKey: string, obj: KubeObject): void {
    let b = this.#buckets.get(storageKey);
    if (!b) this.#buckets.set(storageKey, (b = new Bucket()));
    const ns = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    const old = b.get(ns, name);
    if (old) this.#unindex(storageKey, old);
    b.set(ns, name, obj);
    this.#index(storageKey, obj);
  }

  #remove(storageKey: string, ns: string, name: string): void {
    const b = this.#buckets.get(storageKey);
    const old = b?.get(ns, name);
    if (!b || !old) return;
    this.#unindex(storageKey, old);
    b.delete(ns, name);
  }

  #index(storageKey: string, obj: KubeObject): void {
    const ref: ObjectRef = { storageKey, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '' };
    if (obj.metadata.uid) this.#byUid.set(obj.metadata.uid, ref);
    const key = refKey(ref);
    for (const o of obj.metadata.ownerReferences ?? []) {
      let s = this.#dependents.get(o.uid);
      if (!s) this.#dependents.set(o.uid, (s = new Set()));
      s.add(key);
    }
  }

  #unindex(storageKey: string, obj: KubeObject): void {
    if (obj.metadata.uid) this.#byUid.delete(obj.metadata.uid);
    const key = refKey({ storageKey, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '' });
    for (const o of obj.metadata.ownerReferences ?? []) {
      const s = this.#dependents.get(o.uid);
      if (!s) continue;
      s.delete(key);
      if (s.size === 0) this.#dependents.delete(o.uid);
    }
  }

  #emit(ev: ChangeEvent): void {
    this.history.push(ev);
    const ls = this.#listeners.get(ev.storageKey);
    if (ls) for (const l of ls) l(ev);
    for (const l of this.#allListeners) l(ev);
    this.#maybeCompact();
  }

  subscribe(storageKey: string, l: ChangeListener): () => void {
    let s = this.#listeners.get(storageKey);
    if (!s) this.#listeners.set(storageKey, (s = new Set()));
    s.add(l);
    return () => s.delete(l);
  }

  subscribeAll(l: ChangeListener): () => void {
    this.#allListeners.add(l);
    return () => this.#allListeners.delete(l);
  }

  #maybeCompact(): void {
    const log = this.#log;
    if (!log) return;
    let total = 0;
    for (const b of this.#buckets.values()) total += b.count;
    if (log.recordsSinceSnapshot > Math.max(20_000, total * 2)) this.persist();
  }

  /** Writes a snapshot and empties the log (clean shutdown, or when the log outgrows the data). */
  persist(): void {
    const log = this.#log;
    if (!log) return;
    const buckets = this.#buckets;
    log.snapshot(this.#rv, (function* () {
      for (const [k, b] of buckets) for (const m of b.byNs.values()) for (const o of m.values()) yield { k, o };
    })());
  }

  close(): void {
    this.persist();
    this.#log?.close();
  }
}

function refKey(r: ObjectRef): string {
  return `${r.storageKey}|${r.namespace}|${r.name}`;
}

function parseRefKey(k: string): ObjectRef {
  const [storageKey = '', namespace = '', name = ''] = k.split('|');
  return { storageKey, namespace, name };
}
