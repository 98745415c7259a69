// Waiting for the clusters to reach a state, with a deadline (a missing controller must never hang the demo) and a
// progress line every few seconds so a long wait does not look like a hang.
import { errorMessage } from '../client/index.js';

export interface WaitOptions {
  timeoutMs: number;
  /** How often `check` runs (default 500 ms). */
  intervalMs?: number;
  /** Called with a progress line about every PROGRESS_EVERY_MS. */
  onProgress?: (line: string) => void;
  /** Aborted when the demo is stopping: the wait ends at once as not reached. */
  signal?: AbortSignal;
}

export type WaitResult<T> = { reached: true; value: T } | { reached: false; detail: string };

/** `check` answers the value once the state is reached, or a string saying what it still sees. */
export type Check<T> = () => Promise<{ value: T } | string>;

const PROGRESS_EVERY_MS = 10_000;
const DEFAULT_INTERVAL_MS = 500;

export async function waitUntil<T>(what: string, check: Check<T>, opts: WaitOptions): Promise<WaitResult<T>> {
  const start = Date.now();
  const deadline = start + opts.timeoutMs;
  let nextProgress = start + PROGRESS_EVERY_MS;
  let last = 'not checked yet';
  for (;;) {
    if (opts.signal?.aborted) return { reached: false, detail: 'the demo is stopping' };
    try {
      const r = await check();
      if (typeof r !== 'string') return { reached: true, value: r.value };
      last = r;
    } catch (err) {
      last = errorMessage(err);
    }
    const now = Date.now();
    if (now >= deadline) {
      return { reached: false, detail: `timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for ${what}; last seen: ${last}` };
    }
    if (now >= nextProgress) {
      opts.onProgress?.(`waiting for ${what} (${Math.round((now - start) / 1000)} s of ${Math.round(opts.timeoutMs / 1000)} s): ${last}`);
      nextProgress += PROGRESS_EVERY_MS;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? DEFAULT_INTERVAL_MS));
  }
}
