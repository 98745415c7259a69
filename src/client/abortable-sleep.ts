// A wait that ends early when its signal aborts, so a retry loop (leader election, the reflector's backoff) stops at
// once on shutdown instead of sleeping out its period.

/** Resolves after `ms`, or as soon as `signal` aborts (at once if it already has). Never rejects. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
