// The worker loop every controller runs (controller-runtime's internal/controller, client-go's workqueue pattern):
// keys come from a rate-limited WorkQueue, at most `workers` reconciles run at once, and a key is never reconciled
// twice concurrently. Reconcilers are level-based: they receive only the key and read the current state themselves.
import type { RateLimiter } from '../client/ratelimiter.js';
import { WorkQueue } from '../client/workqueue.js';
import { errorMessage } from '../client/errors.js';
import type { Log } from './log.js';
import type { Metrics } from './metrics.js';

/** What a reconcile asks of the queue. Throwing means: retry with the key's exponential backoff. */
export interface ReconcileResult {
  /** Reconcile again after this many ms (the backoff is reset first). */
  requeueAfterMs?: number;
  /** The caches were not ready: try again after this many ms without counting a failure. */
  notSyncedRetryMs?: number;
}

export type Reconciler = (key: string) => Promise<ReconcileResult | void>;

export interface ControllerOptions {
  /** Worker name: queue name and `controller` label of the metrics (KubeFed: `federateddeployment`). */
  name: string;
  reconcile: Reconciler;
  workers: number;
  rateLimiter: RateLimiter<string>;
  log: Log;
  metrics?: Metrics;
}

export class Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  readonly #opts: ControllerOptions;
  #active = 0;
  #loops: Promise<void>[] = [];

  constructor(opts: ControllerOptions) {
    this.#opts = opts;
    this.name = opts.name;
    this.queue = new WorkQueue({ name: opts.name, rateLimiter: opts.rateLimiter, metrics: opts.metrics?.workQueue });
  }

  enqueue(key: string): void {
    this.queue.add(key);
  }

  enqueueAfter(key: string, ms: number): void {
    this.queue.addAfter(key, ms);
  }

  start(): void {
    if (this.#loops.length > 0) return;
    const n = Math.max(1, this.#opts.workers);
    this.#opts.metrics?.workers(this.name, n, 0);
    for (let i = 0; i < n; i++) this.#loops.push(this.#worker());
  }

  /** Stops taking keys, then waits (at most `drainMs`) for the reconciles in flight. */
  async stop(drainMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.queue.shutDownWithDrain(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, drainMs))),
    ]);
    clearTimeout(timer);
  }

  async #worker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      this.#active++;
      this.#opts.metrics?.workers(this.name, Math.max(1, this.#opts.workers), this.#active);
      const started = performance.now();
      try {
        const result = (await this.#opts.reconcile(key)) ?? {};
        const seconds = (performance.now() - started) / 1000;
        if (result.notSyncedRetryMs !== undefined) {
          this.queue.addAfter(key, result.notSyncedRetryMs);
          this.#opts.metrics?.reconciled(this.name, 'not_synced', seconds);
        } else {
          this.queue.forget(key);
          if (result.requeueAfterMs !== undefined) this.queue.addAfter(key, result.requeueAfterMs);
          this.#opts.metrics?.reconciled(this.name, result.requeueAfterMs !== undefined ? 'requeue_after' : 'success', seconds);
        }
      } catch (err) {
        this.#opts.metrics?.reconciled(this.name, 'error', (performance.now() - started) / 1000);
        this.#opts.log.v(2).info('reconcile failed; retrying with backoff', { controller: this.name, key, error: errorMessage(err) });
        this.queue.addRateLimited(key);
      } finally {
        this.#active--;
        this.#opts.metrics?.workers(this.name, Math.max(1, this.#opts.workers), this.#active);
        this.queue.done(key);
      }
    }
  }
}
