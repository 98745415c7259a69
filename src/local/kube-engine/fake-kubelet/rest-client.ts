// The fake kubelet's only way into a cluster: JSON over HTTPS with a bearer token, like any Kubernetes client. It is
// its own small client because src/local may not import the product's src/client (eslint.config.js). One keep-alive
// Agent pinned to the cluster CA carries every request, so a burst of status writes reuses a few TLS connections.
import { Agent, request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { isObject } from '../../../common/object.js';
import type { ConcurrencyLimit } from './concurrency-limit.js';

/** A request kube-apiserver answered with a non-2xx status; `reason` is the Status object's (NotFound, Conflict...). */
export class ApiRequestError extends Error {
  readonly code: number;
  readonly reason: string;

  constructor(method: string, path: string, code: number, reason: string, message: string) {
    super(`${method} ${path}: ${code} ${reason}${message ? `: ${message}` : ''}`);
    this.code = code;
    this.reason = reason;
  }
}

export function isApiError(e: unknown, code: number): boolean {
  return e instanceof ApiRequestError && e.code === code;
}

export interface RestClientOptions {
  server: string;
  caPem: string;
  token: string;
  /** Bounds the writes in flight (reads and watches are not counted: they never pile up on the server). */
  writes: ConcurrencyLimit;
}

/** A bound on one request: kube-apiserver answers well within it unless it is wedged, and then a retry is better. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface RequestInit {
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

export class RestClient {
  readonly #base: URL;
  readonly #agent: Agent;
  readonly #auth: string;
  readonly #writes: ConcurrencyLimit;

  constructor(o: RestClientOptions) {
    this.#base = new URL(o.server);
    this.#agent = new Agent({ keepAlive: true, maxSockets: 32, ca: o.caPem });
    this.#auth = `Bearer ${o.token}`;
    this.#writes = o.writes;
  }

  /** Sends one request and returns its decoded JSON body; throws ApiRequestError for a non-2xx answer. */
  async json(method: string, path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
    const send = async (): Promise<Record<string, unknown>> => {
      const res = await this.#send(method, path, init, REQUEST_TIMEOUT_MS);
      const text = await readAll(res);
      const body = parseJson(text);
      const code = res.statusCode ?? 0;
      if (code < 200 || code > 299) {
        throw new ApiRequestError(method, path, code, typeof body.reason === 'string' ? body.reason : (res.statusMessage ?? ''),
          typeof body.message === 'string' ? body.message : text.slice(0, 200));
      }
      return body;
    };
    return method === 'GET' ? send() : this.#writes.run(send);
  }

  /**
   * Opens a long-running GET (a watch) and returns the response once its headers arrived with 200; the caller reads
   * the stream and aborts `signal` to end it. No timeout here: the watch's own timeoutSeconds ends it server-side.
   */
  async stream(path: string, signal: AbortSignal): Promise<IncomingMessage> {
    const res = await this.#send('GET', path, { signal }, 0);
    const code = res.statusCode ?? 0;
    if (code !== 200) {
      const body = parseJson(await readAll(res));
      throw new ApiRequestError('GET', path, code, typeof body.reason === 'string' ? body.reason : '', typeof body.message === 'string' ? body.message : '');
    }
    return res;
  }

  /** Closes idle keep-alive connections; in-flight requests end on their own or by their abort signals. */
  close(): void {
    this.#agent.destroy();
  }

  #send(method: string, path: string, init: RequestInit, timeoutMs: number): Promise<IncomingMessage> {
    const payload = init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body));
    const headers: Record<string, string | number> = { Authorization: this.#auth, Accept: 'application/json', 'User-Agent': 'kubefed-local-fake-kubelet' };
    if (payload) {
      headers['Content-Type'] = init.contentType ?? 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const options: RequestOptions = {
      method, agent: this.#agent, headers, signal: init.signal,
      hostname: this.#base.hostname, port: this.#base.port, path: `${this.#base.pathname.replace(/\/$/, '')}${path}`,
    };
    return new Promise((resolve, reject) => {
      const req = request(options, resolve);
      req.on('error', reject);
      if (timeoutMs > 0) req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs / 1000}s`)));
      req.end(payload);
    });
  }
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('aborted', () => reject(new Error('the connection closed before the answer was complete')));
  });
}

function parseJson(text: string): Record<string, unknown> {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : {};
  } catch {
    return {};
  }
}
