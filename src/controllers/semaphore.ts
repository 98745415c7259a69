// A counting semaphore: bounds how many operations run at once against one member cluster, so a slow member
// holds at most its own slots and never the others'.
export class Semaphore {
  readonly #limit: number;
  #used = 0;
  readonly #waiters: (() => void)[] = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#used >= this.#limit) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    else this.#used++;
    try {
      return await fn();
    } finally {
      const next = this.#waiters.shift();
      if (next) next();
      else this.#used--;
    }
  }
}
