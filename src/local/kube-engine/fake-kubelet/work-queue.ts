// The async sibling of the simulation's WorkQueue (src/apiserver/simulation/work-queue.ts), for reconcilers that
// write over HTTP: keys are deduplicated while waiting, a key added while its reconcile runs runs again afterwards
// (never twice at once), at most `workers` reconciles run together, a reconcile may ask for a later run, and a failed
// one is retried with per-key exponential backoff. A failure is logged once per streak, naming the key, so a
// namespace being deleted does not print a line per retry.

import { DelayedKeys } from '../../../apiserver/simulation/delayed-keys.js';

/** What a reconcile asks for: nothing more, or another run after this many milliseconds. */
export type ReconcileResult = number | undefined | void;

export type AsyncReconciler = (key: string) => Promise<ReconcileResult>;

export interface WorkQueueOptions {
  name: string;
  reconcile: AsyncReconciler;
  log: (line: string) => void;
  workers?: number;
  /** First retry delay after a failure, doubled per consecutive failure up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

export class AsyncWorkQueue {
  readonly #o: Required<WorkQueueOptions>;
  /** Keys waiting to run, in arrival order. */
  readonly #queue = new Set<string>();
  readonly #running = new Set<string>();
  /** Keys added while they were running: they go back on the queue when their run ends. */
  readonly #again = new Set<string>();
  readonly #delayed = new DelayedKeys((key) => this.add(key));
  readonly #failures = new Map<string, number>();
  readonly #inFlight = new Set<Promise<void>>();
  #stopped = false;
  #scheduled = false;

  constructor(o: WorkQueueOptions) {
    this.#o = { workers: 16, retryMs: 200, maxRetryMs: 30_000, ...o };
  }

  add(key: string): void {
    if (this.#stopped) return;
    if (this.#running.has(key)) {
      this.#again.add(key);
      return;
    }
    this.#queue.add(key);
    this.#schedule();
  }

  /** Adds the key after `ms`; an earlier pending delay for the same key wins. */
  addAfter(key: string, ms: number): void {
    if (this.#stopped) return;
    this.#delayed.schedule(key, ms);
  }

  /** Waiting plus running keys (for tests and idleness checks). */
  get length(): number {
    return this.#queue.size + this.#running.size;
  }

  /** Drops waiting keys and timers; resolves once the running reconciles have returned. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#queue.clear();
    this.#again.clear();
    this.#delayed.clear();
    await Promise.all([...this.#inFlight]);
  }

  /**
   * Starts workers on the next turn of the event loop rather than inside add(), so that a burst of adds (a relist
   * reporting every object) is deduplicated first and no reconcile runs in the middle of its caller.
   */
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    while (!this.#stopped && this.#running.size < this.#o.workers && this.#queue.size > 0) {
      const key = this.#queue.values().next().value as string;
      this.#queue.delete(key);
      this.#running.add(key);
      const run = this.#run(key).finally(() => {
        this.#inFlight.delete(run);
        this.#running.delete(key);
        if (this.#again.delete(key)) this.add(key);
        this.#pump();
      });
      this.#inFlight.add(run);
    }
  }

  async #run(key: string): Promise<void> {
    try {
      const after = await this.#o.reconcile(key);
      this.#failures.delete(key);
      if (typeof after === 'number') this.addAfter(key, after);
    } catch (e) {
      const n = (this.#failures.get(key) ?? 0) + 1;
      this.#failures.set(key, n);
      if (n === 1) this.#o.log(`fake kubelet: ${this.#o.name} ${key}: ${e instanceof Error ? e.message : String(e)}`);
      this.addAfter(key, Math.min(this.#o.maxRetryMs, this.#o.retryMs * 2 ** (n - 1)));
    }
  }
}
