// A work queue with client-go's semantics (k8s.io/client-go/util/workqueue queue.go, delaying_queue.go,
// rate_limiting_queue.go), in one class because TypeScript has no embedding to stack them with:
// - fair: keys come out in the order they were first added;
// - stingy: a key added many times before it is processed is processed once (the dirty set);
// - re-entrant safe: a key is never processed by two workers at once; added while processing, it is queued again
//   when `done` is called (the processing set).
// Keys are strings (`namespace/name`), as reconcilers are level-based and get only the key.

import { defaultControllerRateLimiter, type RateLimiter } from './ratelimiter.js';

/** Observations a metrics backend (prom-client, wired elsewhere) can record; every hook is optional. */
export interface WorkQueueMetrics {
  /** Current number of queued keys. */
  depth?(queue: string, depth: number): void;
  /** A key was added (counted even when deduplicated, like client-go's adds_total). */
  adds?(queue: string): void;
  /** Seconds a key waited in the queue before a worker took it. */
  latency?(queue: string, seconds: number): void;
  /** Seconds between `get` and `done` of a key. */
  workDuration?(queue: string, seconds: number): void;
  /** A rate-limited retry was scheduled. */
  retries?(queue: string): void;
}

export interface WorkQueueOptions {
  /** Name used in metrics and logs. */
  name?: string;
  /** Backoff for `addRateLimited`; client-go's default controller limiter unless given. */
  rateLimiter?: RateLimiter<string>;
  metrics?: WorkQueueMetrics;
}

interface Waiting {
  readyAt: number;
  timer: NodeJS.Timeout;
}

export class WorkQueue {
  readonly name: string;
  readonly #rateLimiter: RateLimiter<string>;
  readonly #metrics: WorkQueueMetrics | undefined;
  #queue: string[] = [];
  #head = 0;
  readonly #dirty = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #addedAt = new Map<string, number>();
  readonly #startedAt = new Map<string, number>();
  readonly #waiting = new Map<string, Waiting>();
  #getters: Array<(key: string | undefined) => void> = [];
  #shuttingDown = false;
  #drainWaiters: Array<() => void> = [];

  constructor(opts: WorkQueueOptions = {}) {
    this.name = opts.name ?? 'workqueue';
    this.#rateLimiter = opts.rateLimiter ?? defaultControllerRateLimiter<string>();
    this.#metrics = opts.metrics;
  }

  /** Number of keys waiting to be processed (not counting keys being processed or delayed). */
  len(): number {
    return this.#queue.length - this.#head;
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Marks `key` as needing processing. Ignored after shutdown. */
  add(key: string): void {
    if (this.#shuttingDown) return;
    this.#metrics?.adds?.(this.name);
    if (this.#dirty.has(key)) return;
    this.#dirty.add(key);
    this.#addedAt.set(key, performance.now());
    if (this.#processing.has(key)) return;
    this.#push(key);
  }

  #push(key: string): void {
    const getter = this.#getters.shift();
    if (getter) {
      this.#take(key);
      getter(key);
      return;
    }
    this.#queue.push(key);
    this.#metrics?.depth?.(this.name, this.len());
  }

  #take(key: string): void {
    this.#dirty.delete(key);
    this.#processing.add(key);
    const now = performance.now();
    const added = this.#addedAt.get(key);
    if (added !== undefined) this.#metrics?.latency?.(this.name, (now - added) / 1000);
    this.#addedAt.delete(key);
    this.#startedAt.set(key, now);
  }

  /**
   * The next key to process, waiting until there is one. Resolves to undefined once the queue is shut down (and,
   * like client-go, keys still queued at shutdown are handed out first). The caller must call `done(key)`.
   */
  get(): Promise<string | undefined> {
    if (this.len() > 0) {
      const key = this.#queue[this.#head++] as string;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      this.#metrics?.depth?.(this.name, this.len());
      this.#take(key);
      return Promise.resolve(key);
    }
    if (this.#shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#getters.push(resolve));
  }

  /** Ends processing of `key`; if it was added meanwhile it is queued again now. */
  done(key: string): void {
    if (!this.#processing.delete(key)) return;
    const started = this.#startedAt.get(key);
    if (started !== undefined) this.#metrics?.workDuration?.(this.name, (performance.now() - started) / 1000);
    this.#startedAt.delete(key);
    if (this.#dirty.has(key)) this.#push(key);
    else if (this.#processing.size === 0) this.#notifyDrained();
  }

  /**
   * Adds `key` after `ms`. If the key is already waiting, the earlier of the two times wins (KubeFed's delaying
   * deliverer and client-go's delaying queue agree on this).
   */
  addAfter(key: string, ms: number): void {
    if (this.#shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const readyAt = performance.now() + ms;
    const existing = this.#waiting.get(key);
    if (existing) {
      if (existing.readyAt <= readyAt) return;
      clearTimeout(existing.timer);
    }
    const timer = setTimeout(() => {
      this.#waiting.delete(key);
      this.add(key);
    }, ms);
    this.#waiting.set(key, { readyAt, timer });
  }

  /** Adds `key` after its rate limiter's backoff (exponential per key by default). */
  addRateLimited(key: string): void {
    if (this.#shuttingDown) return;
    this.#metrics?.retries?.(this.name);
    this.addAfter(key, this.#rateLimiter.when(key));
  }

  /** Clears `key`'s backoff history; call it when the key was processed successfully. */
  forget(key: string): void {
    this.#rateLimiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.#rateLimiter.numRequeues(key);
  }

  /** Stops accepting keys and cancels delayed ones; waiting `get` calls resolve to undefined. */
  shutDown(): void {
    this.#shuttingDown = true;
    for (const w of this.#waiting.values()) clearTimeout(w.timer);
    this.#waiting.clear();
    const getters = this.#getters;
    this.#getters = [];
    for (const g of getters) g(undefined);
  }

  /** Shuts down, then resolves once every key being processed has been marked done. */
  shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.#processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  #notifyDrained(): void {
    if (!this.#shuttingDown) return;
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const w of waiters) w();
  }
}
