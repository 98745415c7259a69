// Jittered exponential backoff for the watch loops, on client-go's reflector numbers: 800 ms doubling to a 30 s cap,
// each delay stretched by up to 100 % at random so the watches of several clusters restarted together spread out,
// and reset once a watch has been healthy for two minutes.

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** Each delay is d·(1 + jitter·random()). */
  jitter?: number;
  /** A success this long after the last failure starts the sequence again. */
  resetAfterMs?: number;
  random?: () => number;
  now?: () => number;
}

export class Backoff {
  readonly #initial: number;
  readonly #max: number;
  readonly #jitter: number;
  readonly #resetAfter: number;
  readonly #random: () => number;
  readonly #now: () => number;
  #current = 0;
  #lastFailure = 0;

  constructor(o: BackoffOptions = {}) {
    this.#initial = o.initialMs ?? 800;
    this.#max = o.maxMs ?? 30_000;
    this.#jitter = o.jitter ?? 1;
    this.#resetAfter = o.resetAfterMs ?? 120_000;
    this.#random = o.random ?? Math.random;
    this.#now = o.now ?? Date.now;
  }

  /** The delay before the next attempt after a failure. */
  next(): number {
    const now = this.#now();
    if (this.#current === 0 || now - this.#lastFailure >= this.#resetAfter) this.#current = this.#initial;
    else this.#current = Math.min(this.#max, this.#current * 2);
    this.#lastFailure = now;
    return Math.round(this.#current * (1 + this.#jitter * this.#random()));
  }

  /** Forgets the failures (a fresh list succeeded). */
  reset(): void {
    this.#current = 0;
  }
}
