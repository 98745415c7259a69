// The shape of a differential fidelity scenario: an id and steps that drive one cluster (kubectl or raw HTTPS) and
// record what the cluster answered. The same scenario runs against the built-in API server and the real control
// plane; the runner normalises both records (normalise.ts) and compares them (compare.ts). A scenario records only
// what a client can observe (exit codes, stdout/stderr, status codes, bodies), never how the server got there.
import type { Engine } from '../harness.js';

/** The pinned kubectl binaries next to the gcloud dispatcher; 32 is the dispatcher's own built-in kubectl. */
export type KubectlMinor = 27 | 29 | 31 | 32 | 33;

export interface KubectlOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export interface HttpOutput {
  status: number;
  /** The media type without parameters other than those naming the kind (`as=Table;v=v1;g=meta.k8s.io`). */
  contentType: string;
  /** Parsed JSON when the body is JSON, the text otherwise. */
  body: unknown;
  /** The texts of `Warning: 299 - "…"` headers, when there are any. */
  warnings?: string[];
}

export interface WatchEvent {
  type: string;
  object: unknown;
}

export interface WatchOutput {
  /** The HTTP status of the watch request (200 for a stream, else the error's). */
  status: number;
  events: WatchEvent[];
  /** The error body when status is not 200. */
  body?: unknown;
}

export interface RequestOptions {
  /** JSON-encoded unless a string. */
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** A bearer token instead of the admin's; '' sends no Authorization header. */
  token?: string;
}

export interface WatchOptions {
  /** Stop once this returns true for the events so far. */
  until?: (events: WatchEvent[]) => boolean;
  /** Give up (and return what arrived) after this long; default 5 s. */
  timeoutMs?: number;
  /** Runs once the stream is open (the response headers arrived), e.g. to make the changes the watch should see. */
  onOpen?: () => Promise<void>;
}

export interface KubectlOptions {
  input?: string;
  /** Which kubectl; the default (32) is `kubectl` on PATH, i.e. the dispatcher. */
  minor?: KubectlMinor;
}

/** One cluster as a scenario sees it. Every scenario gets its own namespace, created (with its `default` ServiceAccount) before it runs. */
export interface Target {
  readonly engine: Engine;
  /** The scenario's namespace. */
  readonly namespace: string;
  readonly kubeconfig: string;
  /** The API server's URL (`https://127.0.0.1:PORT`). */
  readonly server: string;
  /** The HOME kubectl runs with (its discovery cache lives there). */
  readonly home: string;
  kubectl(args: string[], opts?: KubectlOptions): Promise<KubectlOutput>;
  request(method: string, path: string, opts?: RequestOptions): Promise<HttpOutput>;
  watch(path: string, opts?: WatchOptions): Promise<WatchOutput>;
  /** Writes a scratch file (a manifest) and returns its path. */
  file(name: string, content: string): string;
}

/** What one run of a scenario produced: named steps in order, each any JSON value. */
export type Outputs = Record<string, unknown>;

export interface Scenario {
  /** Stable id, `<area>.<what>`, matched by docs/fidelity.md. */
  id: string;
  run(t: Target): Promise<Outputs>;
}

/** Steps that wait for a condition on one engine only (a controller acting) stop waiting after this long. */
export const SETTLE_TIMEOUT_MS = 15_000;

/** Polls `fn` until it returns a value other than undefined, or returns undefined after `timeoutMs`. */
export async function poll<T>(fn: () => Promise<T | undefined>, timeoutMs = SETTLE_TIMEOUT_MS, intervalMs = 100): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The value at a dotted path of a JSON value (`metadata.name`, `items.0.kind`), undefined when absent. */
export function at(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** Only the named top-level keys of a JSON object (for comparing the part of a body a scenario is about). */
export function pick(value: unknown, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (value === null || typeof value !== 'object') return out;
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** `/api/v1/namespaces/NS/RESOURCE[/NAME]` for the core group, `/apis/GV/namespaces/NS/...` for `gv` = `apps/v1`. */
export function nsPath(t: Target, resource: string, name?: string, gv = 'v1'): string {
  const root = gv === 'v1' ? '/api/v1' : `/apis/${gv}`;
  return `${root}/namespaces/${t.namespace}/${resource}${name === undefined ? '' : `/${name}`}`;
}

/** The part of an HTTP answer a scenario compares by default: status and body. */
export function answer(r: HttpOutput): { status: number; body: unknown; warnings?: string[] } {
  return r.warnings ? { status: r.status, body: r.body, warnings: r.warnings } : { status: r.status, body: r.body };
}

export function configMap(name: string, data: Record<string, string> = {}, labels?: Record<string, string>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data };
}

/** Names of a list body's items, in the order served. */
export function names(body: unknown): string[] {
  const items = at(body, 'items');
  return Array.isArray(items) ? items.map((i) => String(at(i, 'metadata.name'))) : [];
}
