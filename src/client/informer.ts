// Informer: a reflector feeding a Store and notifying handlers (client-go tools/cache shared_informer.go, reduced to
// what a controller needs). Handlers run synchronously in event order and must be quick: the usual handler only
// computes a key and adds it to a WorkQueue.
//
// Contract (as client-go's): the sequence of states a handler observes for an object is a subsequence of the states
// the server held, ending with the latest. Updates whose resourceVersion did not change (relists) are not reported.
// An object that vanished while the watch was down is reported once, on the relist, as DeletedFinalStateUnknown
// carrying the last state the cache knew.

import type { KubeObject } from '../common/object.js';
import { errorMessage } from './errors.js';
import { stderrLogger, type Logger } from './logger.js';
import { Reflector, type ReflectorOptions, type ReflectorSink } from './reflector.js';
import { resourcePath, type RestClient } from './rest.js';
import { objectKey, Store, type IndexFunc, type StoreReader } from './store.js';

/** A delete the informer inferred from a relist; `obj` is the last state it had, possibly stale. */
export class DeletedFinalStateUnknown<T extends KubeObject = KubeObject> {
  readonly key: string;
  readonly obj: T;

  constructor(key: string, obj: T) {
    this.key = key;
    this.obj = obj;
  }
}

export interface ResourceEventHandler<T extends KubeObject = KubeObject> {
  /** `isInInitialList`: the object came from the informer's first list (or was replayed to a late handler). */
  onAdd?(obj: T, isInInitialList: boolean): void;
  /** Only when the resourceVersion changed. */
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

/** The object of a delete notification, whichever form it came in. */
export function deletedObject<T extends KubeObject>(obj: T | DeletedFinalStateUnknown<T>): T {
  return obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
}

export interface InformerOptions<T extends KubeObject = KubeObject> {
  client: RestClient;
  /** What to watch: group ('' = core), version, plural resource. */
  resource: { group?: string; version: string; resource: string };
  /** Only this namespace (omit for all namespaces or cluster-scoped resources). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Secondary indexes besides the namespace index. */
  indexers?: Record<string, IndexFunc<T>>;
  /** Keep only apiVersion, kind and metadata (without managedFields) of each object. */
  metadataOnly?: boolean;
  /** Custom projection applied to every object (after metadataOnly if both are set). */
  transform?: (obj: KubeObject) => T;
  /**
   * Drop metadata.managedFields (default true): it is often the largest part of an object and no decision in
   * KubeFed reads it.
   */
  dropManagedFields?: boolean;
  logger?: Logger;
  /** Reflector tuning (backoff, watchdog, timeouts, page size). */
  reflector?: Omit<ReflectorOptions<T>, 'client' | 'path' | 'labelSelector' | 'fieldSelector' | 'transform' | 'logger'>;
}

/** Keeps only the identity and metadata of an object. */
export function metadataOnly(obj: KubeObject): KubeObject {
  const { managedFields: _managedFields, ...metadata } = obj.metadata;
  return { apiVersion: obj.apiVersion, kind: obj.kind, metadata };
}

export class Informer<T extends KubeObject = KubeObject> {
  readonly #store: Store<T>;
  readonly #reflector: Reflector<T>;
  readonly #log: Logger;
  #handlers: ResourceEventHandler<T>[] = [];
  #initialListDone = false;
  #syncWaiters: Array<() => void> = [];
  #started = false;

  constructor(opts: InformerOptions<T>) {
    this.#store = new Store<T>(opts.indexers);
    this.#log = opts.logger ?? stderrLogger;
    const drop = opts.dropManagedFields ?? true;
    const project = (obj: KubeObject): T => {
      let o = obj;
      if (opts.metadataOnly) o = metadataOnly(o);
      else if (drop && o.metadata?.managedFields) {
        const { managedFields: _managedFields, ...metadata } = o.metadata;
        o = { ...o, metadata };
      }
      return opts.transform ? opts.transform(o) : (o as T);
    };
    const path = resourcePath({ ...opts.resource, namespace: opts.namespace });
    const reflectorOpts: ReflectorOptions<T> = {
      ...opts.reflector,
      client: opts.client,
      path,
      transform: project,
      logger: this.#log,
    };
    if (opts.labelSelector) reflectorOpts.labelSelector = opts.labelSelector;
    if (opts.fieldSelector) reflectorOpts.fieldSelector = opts.fieldSelector;
    const sink: ReflectorSink<T> = {
      replace: (items) => this.#replace(items),
      add: (obj) => this.#upsert(obj),
      update: (obj) => this.#upsert(obj),
      delete: (obj) => this.#delete(obj),
    };
    this.#reflector = new Reflector<T>(reflectorOpts, sink);
  }

  /** Read access to the cache. */
  get store(): StoreReader<T> {
    return this.#store;
  }

  get lastSyncResourceVersion(): string {
    return this.#reflector.lastSyncResourceVersion;
  }

  get reflectorStats(): { lists: number; watches: number } {
    return this.#reflector.stats;
  }

  /**
   * Registers handlers. Added after the informer has synced, the handler first receives an add for every cached
   * object (isInInitialList = true), as client-go does. Returns a function that unregisters it.
   */
  addEventHandler(handler: ResourceEventHandler<T>): () => void {
    this.#handlers.push(handler);
    if (this.#initialListDone) for (const obj of this.#store.list()) this.#call(() => handler.onAdd?.(obj, true));
    return () => {
      this.#handlers = this.#handlers.filter((h) => h !== handler);
    };
  }

  /** Starts listing and watching (idempotent). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    void this.#reflector.run();
  }

  /** Stops the watch; the cache keeps its last content. */
  async stop(): Promise<void> {
    await this.#reflector.stop();
    const waiters = this.#syncWaiters;
    this.#syncWaiters = [];
    for (const w of waiters) w();
  }

  hasSynced(): boolean {
    return this.#initialListDone;
  }

  /** Resolves true once the first list is in the cache, false if `signal` aborts or the informer stops first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.#initialListDone) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.#syncWaiters = this.#syncWaiters.filter((w) => w !== waiter);
        resolve(false);
      };
      const waiter = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.#initialListDone);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#syncWaiters.push(waiter);
    });
  }

  get(key: string): T | undefined {
    return this.#store.get(key);
  }

  list(): T[] {
    return this.#store.list();
  }

  #call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      // One faulty handler must not stop the cache from following the server.
      this.#log.error(`informer event handler failed: ${errorMessage(err)}`);
    }
  }

  #replace(items: T[]): void {
    const initial = !this.#initialListDone;
    const seen = new Set<string>();
    for (const obj of items) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.#store.set(obj);
      if (!old) for (const h of this.#handlers) this.#call(() => h.onAdd?.(obj, initial));
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) for (const h of this.#handlers) this.#call(() => h.onUpdate?.(old, obj));
    }
    for (const key of this.#store.listKeys()) {
      if (seen.has(key)) continue;
      const old = this.#store.delete(key);
      if (!old) continue;
      const tombstone = new DeletedFinalStateUnknown(key, old);
      for (const h of this.#handlers) this.#call(() => h.onDelete?.(tombstone));
    }
    if (initial) {
      this.#initialListDone = true;
      const waiters = this.#syncWaiters;
      this.#syncWaiters = [];
      for (const w of waiters) w();
    }
  }

  #upsert(obj: T): void {
    const old = this.#store.set(obj);
    if (!old) for (const h of this.#handlers) this.#call(() => h.onAdd?.(obj, false));
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) for (const h of this.#handlers) this.#call(() => h.onUpdate?.(old, obj));
  }

  #delete(obj: T): void {
    this.#store.delete(objectKey(obj));
    for (const h of this.#handlers) this.#call(() => h.onDelete?.(obj));
  }
}
