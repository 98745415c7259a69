// A level-triggered work queue on client-go's model, for controllers that run inside the API server process. Keys
// (usually "namespace/name") are deduplicated while waiting; a key added while it is being reconciled runs again
// afterwards, never concurrently (everything here is single-threaded, so "afterwards" is the next drain). The
// queue drains in slices of at most SLICE_MS so HTTP requests and watch streams are served between slices.

import { DelayedKeys } from './delayed-keys.js';

/** What a reconcile asks for: nothing (done), or another run after this many milliseconds. */
export type ReconcileResult = number | undefined | void;

export type Reconciler = (key: string) => ReconcileResult;

/** Longest uninterrupted stretch of reconciling before the event loop gets a turn. */
const SLICE_MS = 20;
/** Per-key retry backoff after a failed reconcile: 5 ms doubling up to 10 s (client-go starts at 5 ms too). */
const BACKOFF_BASE_MS = 5;
const BACKOFF_MAX_MS = 10_000;

export class WorkQueue {
  readonly #name: string;
  readonly #reconcile: Reconciler;
  readonly #log: (line: string) => void;
  readonly #dirty = new Set<string>();
  readonly #delayed = new DelayedKeys((key) => this.add(key));
  readonly #failures = new Map<string, number>();
  #scheduled = false;
  #stopped = false;

  constructor(name: string, reconcile: Reconciler, log: (line: string) => void) {
    this.#name = name;
    this.#reconcile = reconcile;
    this.#log = log;
  }

  add(key: string): void {
    if (this.#stopped) return;
    this.#dirty.add(key);
    this.#schedule();
  }

  /** Adds the key after `ms`; an earlier pending delay for the same key wins. */
  addAfter(key: string, ms: number): void {
    if (this.#stopped) return;
    this.#delayed.schedule(key, ms);
  }

  get length(): number {
    return this.#dirty.size;
  }

  stop(): void {
    this.#stopped = true;
    this.#dirty.clear();
    this.#delayed.clear();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#drain());
  }

  #drain(): void {
    this.#scheduled = false;
    const deadline = Date.now() + SLICE_MS;
    while (!this.#stopped && this.#dirty.size > 0 && Date.now() < deadline) {
      const key = this.#dirty.values().next().value as string;
      this.#dirty.delete(key);
      this.#run(key);
    }
    if (!this.#stopped && this.#dirty.size > 0) this.#schedule();
  }

  #run(key: string): void {
    try {
      const after = this.#reconcile(key);
      this.#failures.delete(key);
      if (typeof after === 'number') this.addAfter(key, after);
    } catch (e) {
      const n = (this.#failures.get(key) ?? 0) + 1;
      this.#failures.set(key, n);
      // One line per failing key, not per retry: a namespace being deleted fails every create until it is gone.
      if (n === 1) this.#log(`${this.#name}: ${key}: ${e instanceof Error ? e.message : String(e)}`);
      this.addAfter(key, Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (n - 1)));
    }
  }
}
