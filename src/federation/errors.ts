// Decisions fail with values, not exceptions: the sync controller turns each failure into a per-cluster status or an
// aggregate reason plus an event, so the reason must travel with a message a user can act on.

/** A failed decision. `reason` is the status/event reason users see (e.g. `ApplyOverridesFailed`). */
export interface FederationError {
  readonly reason: string;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FederationError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(reason: string, message: string): Result<T> => ({ ok: false, error: { reason, message } });

/** Go's `%q` for the strings KubeFed quotes in messages (names and paths): a double-quoted, escaped string. */
export function quote(s: string): string {
  return JSON.stringify(s);
}
