// Rate limiters in client-go's shapes (k8s.io/client-go/util/flowcontrol and util/workqueue/default_rate_limiters.go):
// a token bucket for client-side QPS, and per-item limiters that decide how long a failing work item waits.

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * TokenBucket allows `burst` operations at once and refills at `qps` tokens per second. `acquire` waits for a token;
 * waiters are served in arrival order so a steady stream of callers cannot starve an early one.
 */
export class TokenBucket {
  readonly qps: number;
  readonly burst: number;
  #tokens: number;
  #last: number;
  #waiters: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(qps: number, burst: number) {
    if (!(qps > 0)) throw new Error(`rate limit qps must be positive, got ${qps}`);
    this.qps = qps;
    this.burst = Math.max(1, Math.floor(burst));
    this.#tokens = this.burst;
    this.#last = performance.now();
  }

  #refill(): void {
    const now = performance.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.qps);
    this.#last = now;
  }

  /** Takes a token without waiting; false when none is available. */
  tryAcquire(): boolean {
    this.#refill();
    if (this.#waiters.length === 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until a token would be available if one were reserved now (and reserves it). */
  reserve(): number {
    this.#refill();
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : (-this.#tokens / this.qps) * 1000;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      if (signal) {
        waiter.signal = signal;
        waiter.onAbort = () => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#waiters.push(waiter);
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#timer || this.#waiters.length === 0) return;
    this.#refill();
    const wait = this.#tokens >= 1 ? 0 : ((1 - this.#tokens) / this.qps) * 1000;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#refill();
      while (this.#tokens >= 1 && this.#waiters.length > 0) {
        const w = this.#waiters.shift();
        if (!w) break;
        this.#tokens -= 1;
        if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
        w.resolve();
      }
      this.#schedule();
    }, Math.ceil(wait));
  }
}

/** Decides how long an item waits before it is retried. */
export interface RateLimiter<K = string> {
  /** Records a failure of `item` and returns the delay in milliseconds before its retry. */
  when(item: K): number;
  /** Clears the failure history of `item` (after it succeeded). */
  forget(item: K): void;
  /** How many failures of `item` are on record. */
  numRequeues(item: K): number;
}

export interface ExponentialRateLimiterOptions {
  /** Delay after the first failure. */
  baseDelayMs: number;
  /** Delay ceiling. */
  maxDelayMs: number;
  /**
   * Forget an item's history when it has not failed for this long. KubeFed's backoff (pkg/controller/util/backoff.go,
   * a flowcontrol.Backoff) resets an entry idle for more than 2 × max; client-go's workqueue never does.
   */
  resetAfterIdleMs?: number;
}

/** Per-item exponential backoff: base × 2^failures, capped at max. */
export class ItemExponentialFailureRateLimiter<K = string> implements RateLimiter<K> {
  readonly #opts: ExponentialRateLimiterOptions;
  readonly #failures = new Map<K, { count: number; last: number }>();

  constructor(opts: ExponentialRateLimiterOptions) {
    this.#opts = opts;
  }

  when(item: K): number {
    const now = performance.now();
    let entry = this.#failures.get(item);
    if (entry && this.#opts.resetAfterIdleMs !== undefined && now - entry.last > this.#opts.resetAfterIdleMs) entry = undefined;
    const count = entry ? entry.count : 0;
    this.#failures.set(item, { count: count + 1, last: now });
    const delay = this.#opts.baseDelayMs * Math.pow(2, count);
    return Math.min(delay, this.#opts.maxDelayMs);
  }

  forget(item: K): void {
    this.#failures.delete(item);
  }

  numRequeues(item: K): number {
    return this.#failures.get(item)?.count ?? 0;
  }
}

/** An overall token bucket applied to retries of all items together. */
export class BucketRateLimiter<K = string> implements RateLimiter<K> {
  readonly #bucket: TokenBucket;

  constructor(qps: number, burst: number) {
    this.#bucket = new TokenBucket(qps, burst);
  }

  when(): number {
    return this.#bucket.reserve();
  }

  forget(): void {}

  numRequeues(): number {
    return 0;
  }
}

/** The longest delay of several limiters. */
export class MaxOfRateLimiter<K = string> implements RateLimiter<K> {
  readonly #limiters: RateLimiter<K>[];

  constructor(...limiters: RateLimiter<K>[]) {
    this.#limiters = limiters;
  }

  when(item: K): number {
    return Math.max(0, ...this.#limiters.map((l) => l.when(item)));
  }

  forget(item: K): void {
    for (const l of this.#limiters) l.forget(item);
  }

  numRequeues(item: K): number {
    return Math.max(0, ...this.#limiters.map((l) => l.numRequeues(item)));
  }
}

/**
 * client-go's DefaultControllerRateLimiter: per item 5 ms doubling to 1000 s, and all retries together held to
 * 10 qps with a burst of 100 (the bucket only matters under massive failure).
 */
export function defaultControllerRateLimiter<K = string>(): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(
    new ItemExponentialFailureRateLimiter<K>({ baseDelayMs: 5, maxDelayMs: 1000_000 }),
    new BucketRateLimiter<K>(10, 100),
  );
}

/**
 * KubeFed's reconcile backoff (kubefed-behaviour.md §3.2): InitialBackoff 5 s doubling to MaxBackoff 60 s, an entry
 * reset after being idle for more than 2 × MaxBackoff.
 */
export function kubefedRateLimiter<K = string>(initialMs = 5_000, maxMs = 60_000): RateLimiter<K> {
  return new ItemExponentialFailureRateLimiter<K>({ baseDelayMs: initialMs, maxDelayMs: maxMs, resetAfterIdleMs: 2 * maxMs });
}

export interface BackoffOptions {
  /** First delay (client-go reflector: 800 ms). */
  initialMs: number;
  /** Ceiling before jitter (reflector: 30 s). */
  maxMs: number;
  /** Multiplier per step (reflector: 2). */
  factor: number;
  /** Random extra fraction of the delay, in [0, jitter) (reflector: 1.0, so a delay lands in [d, 2d)). */
  jitter: number;
  /** Start again from `initialMs` when no backoff was needed for this long (reflector: 2 min). */
  resetAfterMs: number;
}

/** client-go reflector's backoff manager: 0.8 s doubling to 30 s, jitter 1.0, reset after 2 min without failures. */
export const reflectorBackoff: BackoffOptions = { initialMs: 800, maxMs: 30_000, factor: 2, jitter: 1.0, resetAfterMs: 120_000 };

/** Jittered exponential backoff for a single loop (wait.NewExponentialBackoffManager). */
export class Backoff {
  readonly #opts: BackoffOptions;
  readonly #random: () => number;
  #current = 0;
  #lastAt = -Infinity;

  constructor(opts: BackoffOptions, random: () => number = Math.random) {
    this.#opts = opts;
    this.#random = random;
  }

  /** The next delay in milliseconds, advancing the sequence. */
  next(): number {
    const now = performance.now();
    if (now - this.#lastAt > this.#opts.resetAfterMs || this.#current === 0) this.#current = this.#opts.initialMs;
    else this.#current = Math.min(this.#opts.maxMs, this.#current * this.#opts.factor);
    this.#lastAt = now;
    return this.#current * (1 + this.#random() * this.#opts.jitter);
  }

  reset(): void {
    this.#current = 0;
  }
}
