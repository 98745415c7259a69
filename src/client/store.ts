// The informer's cache (client-go tools/cache store.go, thread_safe_store.go, index.go): objects by key
// `namespace/name` (or `name` for cluster-scoped objects), with secondary indexes. JavaScript is single-threaded, so
// "thread safe" reduces to: readers never see a half-applied change, because every change is synchronous.

import type { KubeObject } from '../common/object.js';

/** Computes the index values an object is filed under (an object may be under several, or none). */
export type IndexFunc<T extends KubeObject = KubeObject> = (obj: T) => string[];

/** Name of the index every store has: objects by namespace ('' for cluster-scoped). */
export const NAMESPACE_INDEX = 'namespace';

export function namespaceIndexFunc(obj: KubeObject): string[] {
  return [obj.metadata.namespace ?? ''];
}

/** client-go's MetaNamespaceKeyFunc: `namespace/name`, or `name` without a namespace. */
export function objectKey(obj: Pick<KubeObject, 'metadata'>): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
}

/** Splits a key made by objectKey. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** Read access to a store (what listers and reconcilers get). */
export interface StoreReader<T extends KubeObject = KubeObject> {
  get(key: string): T | undefined;
  list(): T[];
  listKeys(): string[];
  /** Objects filed under `value` in index `indexName`. */
  byIndex(indexName: string, value: string): T[];
  /** Objects in a namespace (the namespace index). */
  listNamespace(namespace: string): T[];
  readonly size: number;
}

export class Store<T extends KubeObject = KubeObject> implements StoreReader<T> {
  readonly #items = new Map<string, T>();
  readonly #indexers = new Map<string, IndexFunc<T>>();
  /** index name → index value → keys */
  readonly #indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    this.#indexers.set(NAMESPACE_INDEX, namespaceIndexFunc);
    this.#indices.set(NAMESPACE_INDEX, new Map());
    for (const [name, fn] of Object.entries(indexers)) this.addIndexer(name, fn);
  }

  get size(): number {
    return this.#items.size;
  }

  /** Adds an index; existing objects are indexed at once. */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    this.#indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.#indices.set(name, index);
    for (const [key, obj] of this.#items) this.#file(index, fn, key, obj);
  }

  #file(index: Map<string, Set<string>>, fn: IndexFunc<T>, key: string, obj: T): void {
    for (const v of fn(obj)) {
      let keys = index.get(v);
      if (!keys) {
        keys = new Set();
        index.set(v, keys);
      }
      keys.add(key);
    }
  }

  #unfile(index: Map<string, Set<string>>, fn: IndexFunc<T>, key: string, obj: T): void {
    for (const v of fn(obj)) {
      const keys = index.get(v);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) index.delete(v);
    }
  }

  /** Adds or replaces the object under its key; returns the object it replaced. */
  set(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.#items.get(key);
    for (const [name, fn] of this.#indexers) {
      const index = this.#indices.get(name) as Map<string, Set<string>>;
      if (old) this.#unfile(index, fn, key, old);
      this.#file(index, fn, key, obj);
    }
    this.#items.set(key, obj);
    return old;
  }

  /** Removes the object under `key`; returns it. */
  delete(key: string): T | undefined {
    const old = this.#items.get(key);
    if (!old) return undefined;
    for (const [name, fn] of this.#indexers) this.#unfile(this.#indices.get(name) as Map<string, Set<string>>, fn, key, old);
    this.#items.delete(key);
    return old;
  }

  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  list(): T[] {
    return [...this.#items.values()];
  }

  listKeys(): string[] {
    return [...this.#items.keys()];
  }

  byIndex(indexName: string, value: string): T[] {
    const index = this.#indices.get(indexName);
    if (!index) throw new Error(`index "${indexName}" does not exist`);
    return [...(index.get(value) ?? [])].map((k) => this.#items.get(k) as T);
  }

  listNamespace(namespace: string): T[] {
    return this.byIndex(NAMESPACE_INDEX, namespace);
  }

  clear(): void {
    this.#items.clear();
    for (const index of this.#indices.values()) index.clear();
  }
}
