// A counting semaphore for async work. The fake kubelet funnels every write through one, so a 100-replica rollout
// becomes a steady stream of requests rather than hundreds of simultaneous ones that would queue inside
// kube-apiserver's max-in-flight limit and time out there.

export class ConcurrencyLimit {
  readonly #max: number;
  readonly #waiting: (() => void)[] = [];
  #running = 0;

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`a concurrency limit must be a positive integer, got ${String(max)}`);
    this.#max = max;
  }

  get running(): number {
    return this.#running;
  }

  /** Runs `fn` once fewer than `max` others run; waiters start in arrival order. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#max) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter, so a late arrival cannot overtake it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
