// Keys a work queue adds later (client-go's AddAfter): one unref'd timer per key, and an earlier pending time for a
// key wins over a later one, so a burst of retries never postpones a key that was due sooner. Shared by the
// simulation's WorkQueue and the fake kubelet's AsyncWorkQueue.
export class DelayedKeys {
  readonly #add: (key: string) => void;
  readonly #timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();

  constructor(add: (key: string) => void) {
    this.#add = add;
  }

  /** Calls `add(key)` after `ms` (at once when `ms` ≤ 0); an earlier pending time for the key wins. */
  schedule(key: string, ms: number): void {
    if (ms <= 0) {
      this.#add(key);
      return;
    }
    const at = Date.now() + ms;
    const pending = this.#timers.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      this.#add(key);
    }, ms);
    timer.unref();
    this.#timers.set(key, { at, timer });
  }

  /** Drops every pending key. */
  clear(): void {
    for (const t of this.#timers.values()) clearTimeout(t.timer);
    this.#timers.clear();
  }
}
