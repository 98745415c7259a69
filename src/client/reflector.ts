// Reflector keeps a sink in step with a collection on the server (client-go tools/cache/reflector.go):
// list (paged with limit/continue), then watch from the list's resourceVersion with bookmarks and a random
// server-side timeout in [5, 10] min so watches of many clients do not expire together; re-watch from the last seen
// resourceVersion when a watch ends; relist when that resourceVersion is gone (410, as an HTTP status or an ERROR
// event); back off with jitter on errors; and reconnect a watch that has gone silent (a half-open TCP connection
// delivers nothing forever: client-node's informer has exactly that bug, ts-ecosystem.md §1).

import { isObject, type KubeList, type KubeObject, type Status } from '../common/object.js';
import { abortableSleep } from './abortable-sleep.js';
import { ApiError, ConnectionError, errorMessage, isGone } from './errors.js';
import { stderrLogger, type Logger } from './logger.js';
import { Backoff, reflectorBackoff, type BackoffOptions } from './ratelimiter.js';
import type { Query, RestClient, WatchEvent } from './rest.js';

/** Receives the reflector's view of the collection, in order. */
export interface ReflectorSink<T extends KubeObject> {
  /** The complete current state, from a (re)list. Objects absent from `items` are gone. */
  replace(items: T[], resourceVersion: string): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

export interface ReflectorOptions<T extends KubeObject = KubeObject> {
  client: RestClient;
  /** Collection path, e.g. /apis/apps/v1/namespaces/default/deployments or /api/v1/namespaces. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size of lists (client-go: 500). */
  pageSize?: number;
  /** Bounds of the random watch timeoutSeconds (client-go: 300–600). */
  minWatchTimeoutSeconds?: number;
  maxWatchTimeoutSeconds?: number;
  /** Error backoff (client-go: 0.8 s ×2 → 30 s, jitter 1.0, reset after 2 min). */
  backoff?: Partial<BackoffOptions>;
  /**
   * Reconnect a watch that received no bytes (events or bookmarks) for this long; 0 disables. Default 150 s: the
   * kube-apiserver watch cache sends a bookmark about once a minute, so silence beyond two of those is suspect, and
   * a spurious reconnect only costs one cheap watch request from the same resourceVersion.
   */
  watchdogMs?: number;
  /** Applied to every object before the sink sees it (projection, metadata only) to bound memory. */
  transform?: (obj: KubeObject) => T;
  logger?: Logger;
  /** Name in log lines (defaults to the path and the cluster). */
  name?: string;
  random?: () => number;
}

type WatchOutcome =
  | { kind: 'closed'; events: number; durationMs: number; watchdog: boolean }
  | { kind: 'gone' }
  | { kind: 'error'; error: unknown; relist: boolean }
  | { kind: 'stopped' };

/** A watch that ended this fast without any event is treated as a failure (client-go: "very short watch"). */
const VERY_SHORT_WATCH_MS = 1_000;

export class Reflector<T extends KubeObject = KubeObject> {
  readonly #opts: ReflectorOptions<T>;
  readonly #sink: ReflectorSink<T>;
  readonly #backoff: Backoff;
  readonly #log: Logger;
  readonly #name: string;
  readonly #stop = new AbortController();
  #lastSyncResourceVersion = '';
  #synced = false;
  #running: Promise<void> | undefined;
  #lists = 0;
  #watches = 0;

  constructor(opts: ReflectorOptions<T>, sink: ReflectorSink<T>) {
    this.#opts = opts;
    this.#sink = sink;
    this.#backoff = new Backoff({ ...reflectorBackoff, ...opts.backoff }, opts.random);
    this.#log = opts.logger ?? stderrLogger;
    this.#name = opts.name ?? `${opts.path} on cluster "${opts.client.clusterName}"`;
  }

  /** resourceVersion of the last list, event or bookmark applied to the sink. */
  get lastSyncResourceVersion(): string {
    return this.#lastSyncResourceVersion;
  }

  /** The first list has been delivered to the sink. */
  get hasSynced(): boolean {
    return this.#synced;
  }

  /** Number of lists and watch requests made (for metrics and tests). */
  get stats(): { lists: number; watches: number } {
    return { lists: this.#lists, watches: this.#watches };
  }

  /** Starts the list/watch loop (idempotent); the promise settles after `stop()`. */
  run(): Promise<void> {
    if (!this.#running) this.#running = this.#loop();
    return this.#running;
  }

  /** Ends the open watch and the loop. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#running;
  }

  async #loop(): Promise<void> {
    let needList = true;
    const stopped = (): boolean => this.#stop.signal.aborted;
    while (!stopped()) {
      if (needList) {
        try {
          await this.#list();
          needList = false;
        } catch (err) {
          if (stopped()) break;
          const delay = this.#backoff.next();
          this.#log.warn(`failed to list ${this.#name}: ${errorMessage(err)}; retrying in ${Math.round(delay)} ms`);
          await abortableSleep(delay, this.#stop.signal);
          continue;
        }
      }
      const outcome = await this.#watch();
      if (outcome.kind === 'stopped') break;
      if (outcome.kind === 'closed') {
        if (outcome.watchdog) {
          this.#log.warn(`watch of ${this.#name} was silent for ${this.#opts.watchdogMs ?? 0} ms; reconnecting`);
        } else if (outcome.events === 0 && outcome.durationMs < VERY_SHORT_WATCH_MS) {
          const delay = this.#backoff.next();
          this.#log.debug(`very short watch of ${this.#name}; re-watching in ${Math.round(delay)} ms`);
          await abortableSleep(delay, this.#stop.signal);
        }
        continue;
      }
      const delay = this.#backoff.next();
      if (outcome.kind === 'gone') {
        this.#log.info(`resourceVersion ${this.#lastSyncResourceVersion} of ${this.#name} is too old; relisting in ${Math.round(delay)} ms`);
        needList = true;
      } else {
        this.#log.warn(`watch of ${this.#name} failed: ${errorMessage(outcome.error)}; retrying in ${Math.round(delay)} ms`);
        needList = outcome.relist;
      }
      await abortableSleep(delay, this.#stop.signal);
    }
  }

  #baseQuery(): Query {
    return { labelSelector: this.#opts.labelSelector, fieldSelector: this.#opts.fieldSelector };
  }

  #prepare(obj: KubeObject, apiVersion?: string, kind?: string): T {
    // Items of built-in lists come without apiVersion/kind; fill them so handlers can name objects.
    if (!obj.apiVersion && apiVersion) obj.apiVersion = apiVersion;
    if (!obj.kind && kind) obj.kind = kind;
    return this.#opts.transform ? this.#opts.transform(obj) : (obj as T);
  }

  async #list(): Promise<void> {
    this.#lists++;
    const pageSize = this.#opts.pageSize ?? 500;
    let items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    let paged = pageSize > 0;
    for (;;) {
      let page: KubeList;
      try {
        page = await this.#opts.client.requestJson<KubeList>({
          method: 'GET',
          path: this.#opts.path,
          query: { ...this.#baseQuery(), limit: paged ? pageSize : undefined, continue: cont },
          signal: this.#stop.signal,
        });
      } catch (err) {
        if (cont && isGone(err)) {
          // The continue token expired mid-list: client-go falls back to one unpaged list.
          this.#log.info(`continue token of ${this.#name} expired; listing without pages`);
          paged = false;
          cont = undefined;
          items = [];
          continue;
        }
        throw err;
      }
      const kind = typeof page.kind === 'string' ? page.kind.replace(/List$/, '') : undefined;
      for (const item of Array.isArray(page.items) ? page.items : []) items.push(this.#prepare(item, page.apiVersion, kind));
      rv = page.metadata?.resourceVersion ?? rv;
      cont = paged ? page.metadata?.continue || undefined : undefined;
      if (!cont) break;
    }
    this.#sink.replace(items, rv);
    this.#lastSyncResourceVersion = rv;
    this.#synced = true;
  }

  #watch(): Promise<WatchOutcome> {
    if (this.#stop.signal.aborted) return Promise.resolve({ kind: 'stopped' });
    this.#watches++;
    const min = this.#opts.minWatchTimeoutSeconds ?? 300;
    const max = Math.max(min, this.#opts.maxWatchTimeoutSeconds ?? 600);
    const random = this.#opts.random ?? Math.random;
    const timeoutSeconds = min + Math.floor(random() * (max - min + 1));
    const local = new AbortController();
    const onStop = (): void => local.abort();
    this.#stop.signal.addEventListener('abort', onStop, { once: true });
    const started = performance.now();
    let lastActivity = started;
    let events = 0;
    let watchdogFired = false;
    let gone = false;
    let errorEvent: Status | undefined;
    const watchdogMs = this.#opts.watchdogMs ?? 150_000;
    const watchdog = watchdogMs > 0
      ? setInterval(() => {
        if (performance.now() - lastActivity > watchdogMs) {
          watchdogFired = true;
          local.abort();
        }
      }, Math.max(10, Math.min(1_000, watchdogMs / 4)))
      : undefined;
    const onEvent = (e: WatchEvent): void => {
      if (e.type === 'ERROR') {
        errorEvent = e.object;
        if (isObject(e.object) && (e.object.code === 410 || e.object.reason === 'Expired' || e.object.reason === 'Gone')) gone = true;
        local.abort();
        return;
      }
      const rv = e.object.metadata?.resourceVersion;
      if (e.type === 'BOOKMARK') {
        if (rv) this.#lastSyncResourceVersion = rv;
        return;
      }
      events++;
      const obj = this.#prepare(e.object);
      if (e.type === 'ADDED') this.#sink.add(obj);
      else if (e.type === 'MODIFIED') this.#sink.update(obj);
      else if (e.type === 'DELETED') this.#sink.delete(obj);
      if (rv) this.#lastSyncResourceVersion = rv;
    };
    const query: Query = {
      ...this.#baseQuery(),
      resourceVersion: this.#lastSyncResourceVersion || undefined,
      allowWatchBookmarks: 'true',
      timeoutSeconds,
    };
    const finish = (): void => {
      if (watchdog) clearInterval(watchdog);
      this.#stop.signal.removeEventListener('abort', onStop);
    };
    return this.#opts.client
      .watchStream(this.#opts.path, query, onEvent, local.signal, {
        onData: () => (lastActivity = performance.now()),
        onOpen: () => (lastActivity = performance.now()),
      })
      .then((): WatchOutcome => {
        finish();
        if (this.#stop.signal.aborted) return { kind: 'stopped' };
        if (gone) return { kind: 'gone' };
        if (errorEvent) {
          const err = new ApiError(errorEvent.code || 500, errorEvent.reason || 'InternalError', errorEvent.message || 'watch ERROR event', errorEvent);
          return { kind: 'error', error: err, relist: true };
        }
        return { kind: 'closed', events, durationMs: performance.now() - started, watchdog: watchdogFired };
      })
      .catch((err: unknown): WatchOutcome => {
        finish();
        if (this.#stop.signal.aborted) return { kind: 'stopped' };
        if (isGone(err)) return { kind: 'gone' };
        // client-go retries the watch from the same resourceVersion when the server is unreachable or asks the
        // client to slow down; other failures make it relist.
        const retryWatch = err instanceof ConnectionError || (err instanceof ApiError && [429, 500, 503, 504].includes(err.code));
        return { kind: 'error', error: err, relist: !retryWatch };
      });
  }
}
