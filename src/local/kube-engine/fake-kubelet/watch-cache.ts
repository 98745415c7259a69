// One resource's objects kept current by list + watch, the reflector and store of client-go's tools/cache in
// miniature: list (paged), then watch from the list's resourceVersion with bookmarks and a random timeoutSeconds in
// [5, 10) min; a watch that times out resumes from the last resourceVersion seen, while 410 Gone (that version was
// compacted away) or a broken stream relists, after a jittered backoff when something failed. Every change reaches
// `onChange` with the object's key, so the agents reconcile by key (level-triggered) and read the cache for state.
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeObject } from '../../../common/object.js';
import { isObject } from '../../../common/object.js';
import { keyOf } from '../../../apiserver/simulation/object-fields.js';
import { Backoff } from './backoff.js';
import { isApiError, type RestClient } from './rest-client.js';

export interface WatchCacheOptions {
  client: RestClient;
  /** The collection, e.g. /api/v1/pods. */
  path: string;
  /** Shown in log lines ("pods"). */
  name: string;
  log: (line: string) => void;
  /** Called after the cache changed for `key`: the object now, or undefined once it is gone. */
  onChange: (key: string, object: KubeObject | undefined) => void;
}

/** Page size of the initial list: kube-apiserver's own informers use 500. */
const LIST_PAGE = 500;
const MIN_WATCH_SECONDS = 300;
/** A watch that ends sooner than this was not ended by its timeout; treating it as a failure avoids a hot loop. */
const SHORTEST_HEALTHY_WATCH_MS = 1000;

/** Why a watch ended: its timeout (resume from the last version) or 410 (relist). */
type WatchEnd = 'timeout' | 'expired';

export class WatchCache {
  readonly #o: WatchCacheOptions;
  readonly #items = new Map<string, KubeObject>();
  readonly #abort = new AbortController();
  readonly #backoff = new Backoff();
  readonly #synced: Promise<void>;
  #markSynced: () => void = () => undefined;
  #loop: Promise<void> | undefined;
  #failing = false;

  constructor(o: WatchCacheOptions) {
    this.#o = o;
    this.#synced = new Promise((resolve) => (this.#markSynced = resolve));
  }

  /** Resolves once the first list is in the cache (never, if the cluster never answers: race it with a timeout). */
  get synced(): Promise<void> {
    return this.#synced;
  }

  get(key: string): KubeObject | undefined {
    return this.#items.get(key);
  }

  values(): IterableIterator<KubeObject> {
    return this.#items.values();
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Ends the watch and resolves once the loop has returned. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const signal = this.#abort.signal;
    let resourceVersion: string | undefined;
    while (!signal.aborted) {
      try {
        resourceVersion ??= await this.#list();
        const end = await this.#watch(resourceVersion, (rv) => (resourceVersion = rv));
        if (end === 'expired') resourceVersion = undefined;
        if (this.#failing) this.#o.log(`fake kubelet: watching ${this.#o.name} again`);
        this.#failing = false;
      } catch (e) {
        if (signal.aborted) break;
        // A broken stream may have lost events, so the next round relists rather than trusting the old version.
        resourceVersion = undefined;
        if (!this.#failing) this.#o.log(`fake kubelet: watching ${this.#o.name} failed, retrying: ${e instanceof Error ? e.message : String(e)}`);
        this.#failing = true;
        try {
          await sleep(this.#backoff.next(), undefined, { signal });
        } catch {
          break;
        }
      }
    }
  }

  /** Lists every page, replaces the cache (reporting what appeared, changed or vanished) and returns the list's version. */
  async #list(): Promise<string> {
    const fresh = new Map<string, KubeObject>();
    let cont = '';
    let rv = '';
    do {
      const q = new URLSearchParams({ limit: String(LIST_PAGE) });
      if (cont) q.set('continue', cont);
      const page = await this.#o.client.json('GET', `${this.#o.path}?${q}`, { signal: this.#abort.signal });
      for (const item of Array.isArray(page.items) ? page.items : []) {
        if (isKubeObject(item)) fresh.set(keyOf(item), item);
      }
      const meta = isObject(page.metadata) ? page.metadata : {};
      cont = typeof meta.continue === 'string' ? meta.continue : '';
      rv = typeof meta.resourceVersion === 'string' ? meta.resourceVersion : '';
    } while (cont);
    const gone = [...this.#items.keys()].filter((k) => !fresh.has(k));
    for (const k of gone) this.#set(k, undefined);
    for (const [k, o] of fresh) {
      if (this.#items.get(k)?.metadata.resourceVersion !== o.metadata.resourceVersion) this.#set(k, o);
    }
    this.#backoff.reset();
    this.#markSynced();
    return rv;
  }

  async #watch(from: string, seen: (rv: string) => void): Promise<WatchEnd> {
    const q = new URLSearchParams({
      watch: 'true', resourceVersion: from, allowWatchBookmarks: 'true',
      timeoutSeconds: String(MIN_WATCH_SECONDS + Math.floor(Math.random() * MIN_WATCH_SECONDS)),
    });
    const started = Date.now();
    let res;
    try {
      res = await this.#o.client.stream(`${this.#o.path}?${q}`, this.#abort.signal);
    } catch (e) {
      if (isApiError(e, 410)) return 'expired';
      throw e;
    }
    res.setEncoding('utf8');
    let buffered = '';
    for await (const chunk of res as AsyncIterable<string>) {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line && this.#event(line, seen) === 'expired') {
          res.destroy();
          return 'expired';
        }
      }
    }
    if (Date.now() - started < SHORTEST_HEALTHY_WATCH_MS) throw new Error('the watch closed as soon as it opened');
    return 'timeout';
  }

  #event(line: string, seen: (rv: string) => void): WatchEnd | undefined {
    const ev: unknown = JSON.parse(line);
    if (!isObject(ev) || !isObject(ev.object)) throw new Error(`unexpected watch event: ${line.slice(0, 200)}`);
    const { type, object } = ev;
    if (type === 'ERROR') {
      if (object.code === 410) return 'expired';
      throw new Error(`watch error: ${String(object.message ?? line.slice(0, 200))}`);
    }
    if (!isKubeObject(object)) throw new Error(`unexpected watch event: ${line.slice(0, 200)}`);
    if (object.metadata.resourceVersion) seen(object.metadata.resourceVersion);
    if (type === 'BOOKMARK') return undefined;
    this.#set(keyOf(object), type === 'DELETED' ? undefined : object);
    return undefined;
  }

  #set(key: string, o: KubeObject | undefined): void {
    if (o) this.#items.set(key, o);
    else this.#items.delete(key);
    try {
      this.#o.onChange(key, o);
    } catch (e) {
      this.#o.log(`fake kubelet: handling ${this.#o.name} ${key}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

function isKubeObject(v: unknown): v is KubeObject {
  return isObject(v) && isObject(v.metadata);
}
