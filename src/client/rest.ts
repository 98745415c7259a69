// RestClient: raw-JSON requests to one cluster's API server over node:http(s) with a keep-alive agent per cluster.
// Objects stay plain JSON so unknown fields round-trip untouched (client-node's model classes drop them,
// ts-ecosystem.md §1). Request paths follow the Kubernetes API conventions
// (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-uris).

import http from 'node:http';
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { isObject, type KubeList, type KubeObject, type Status } from '../common/object.js';
import { ApiError, ConnectionError } from './errors.js';
import type { ClusterConnection } from './kubeconfig.js';
import { TokenBucket } from './ratelimiter.js';

/** Addresses a collection, an object, or an object's subresource. `group` '' (or absent) is the core group. */
export interface ResourceRef {
  group?: string;
  version: string;
  /** Plural resource name, e.g. deployments. */
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** `/api/v1/namespaces/ns/pods/name/status` or `/apis/apps/v1/deployments`. */
export function resourcePath(ref: ResourceRef): string {
  const parts: string[] = [ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`];
  if (ref.namespace) parts.push('namespaces', encodeURIComponent(ref.namespace));
  parts.push(ref.resource);
  if (ref.name !== undefined) {
    if (!ref.name) throw new Error(`resource name for ${ref.resource} must not be empty`);
    parts.push(encodeURIComponent(ref.name));
    if (ref.subresource) parts.push(ref.subresource);
  } else if (ref.subresource) {
    throw new Error(`subresource ${ref.subresource} of ${ref.resource} needs an object name`);
  }
  return parts.join('/');
}

export type QueryValue = string | number | boolean | undefined | null;
export type Query = Record<string, QueryValue | readonly QueryValue[]>;

export function encodeQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    const values = Array.isArray(v) ? v : [v];
    for (const one of values as QueryValue[]) if (one !== undefined && one !== null) params.append(k, String(one));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface RestClientOptions {
  /** Client-side request rate (token bucket refill per second). Default: the connection's, else client-go's 5. */
  qps?: number;
  /** Token bucket size. Default: the connection's, else client-go's 10. */
  burst?: number;
  /** Timeout of a non-watch request in ms (0 = none). Default 60 s. */
  timeoutMs?: number;
  userAgent?: string;
  /**
   * Concurrent connections for ordinary requests. Bounded so one slow member cannot open unlimited sockets; watches
   * use a separate agent because each holds its connection for minutes.
   */
  maxSockets?: number;
}

export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** Absolute API path, e.g. /apis/apps/v1/namespaces/default/deployments. */
  path: string;
  query?: Query;
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RawResponse {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** Content types of the four patch flavours (k8s.io/apimachinery/pkg/types/patch.go). */
export const patchContentType: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One line of a watch stream (metav1.WatchEvent). ERROR carries a Status. */
export type WatchEvent<T extends KubeObject = KubeObject> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: Status };

export interface WatchStreamOptions {
  /** Called on every chunk received, bookmarks included: the reflector's watchdog feeds on it. */
  onData?: () => void;
  /** Called once the server answered 200 and the stream is open. */
  onOpen?: () => void;
}

/** Body of DELETE requests (metav1.DeleteOptions). */
export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

const DEFAULT_QPS = 5;
const DEFAULT_BURST = 10;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_SOCKETS = 50;
export const DEFAULT_USER_AGENT = `kubefed-ts/0.1.0 (${process.platform}/${process.arch}) node/${process.versions.node}`;

/** Node error codes that mean "the connection died", where repeating an idempotent GET once is safe. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

function errorCode(err: unknown): string | undefined {
  return isObject(err) && typeof err['code'] === 'string' ? err['code'] : undefined;
}

interface TlsPolicy {
  acceptExpired: boolean;
  skipHostname: boolean;
  hostname: string;
  /** Trusted roots for the date-blind chain check. */
  roots: X509Certificate[];
}

function parsePemBundle(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const out: X509Certificate[] = [];
  for (const b of blocks) {
    try {
      out.push(new X509Certificate(b));
    } catch {
      // An unparsable block cannot be a trust anchor; the TLS handshake reports bad bundles itself.
    }
  }
  return out;
}

/** True when the peer's certificate is signed, through the chain it presented, by one of `roots` (dates ignored). */
function chainsToTrustedRoot(s: tls.TLSSocket, roots: X509Certificate[]): boolean {
  const presented: X509Certificate[] = [];
  let peer: tls.DetailedPeerCertificate | undefined = s.getPeerCertificate(true);
  const seen = new Set<string>();
  while (peer && peer.raw && !seen.has(peer.fingerprint256)) {
    seen.add(peer.fingerprint256);
    presented.push(new X509Certificate(peer.raw));
    peer = peer.issuerCertificate;
  }
  let current: X509Certificate | undefined = presented[0];
  for (let depth = 0; current && depth < 10; depth++) {
    const cert: X509Certificate = current;
    if (roots.some((r) => cert.checkIssued(r) && cert.verify(r.publicKey))) return true;
    current = presented.find((p) => p !== cert && cert.checkIssued(p) && cert.verify(p.publicKey));
  }
  return false;
}

/** Certificate errors that only concern the validity window (KubeFed ValidityPeriod). */
const VALIDITY_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

function tunnelThroughProxy(
  proxy: URL,
  target: { host: string; port: number },
  done: (err: Error | null, socket?: net.Socket) => void,
): void {
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    done(new Error(`proxy scheme ${proxy.protocol.replace(':', '')} is not supported (use an http CONNECT proxy)`));
    return;
  }
  const headers: Record<string, string> = { host: `${target.host}:${target.port}` };
  if (proxy.username) {
    headers['proxy-authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
  }
  const mod = proxy.protocol === 'https:' ? https : http;
  const req = mod.request({
    host: proxy.hostname,
    port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
    method: 'CONNECT',
    path: `${target.host}:${target.port}`,
    headers,
    agent: false,
  });
  req.once('connect', (res, socket) => {
    if (res.statusCode !== 200) {
      socket.destroy();
      done(new Error(`proxy ${proxy.host} refused CONNECT to ${target.host}:${target.port}: HTTP ${res.statusCode}`));
      return;
    }
    done(null, socket);
  });
  req.once('error', (err) => done(err));
  req.end();
}

/** An https agent that can tunnel through a proxy and apply KubeFed's relaxed certificate checks. */
class ClusterHttpsAgent extends https.Agent {
  readonly #policy: TlsPolicy;
  readonly #proxy: URL | undefined;

  constructor(options: https.AgentOptions, policy: TlsPolicy, proxy: URL | undefined) {
    super(options);
    this.#policy = policy;
    this.#proxy = proxy;
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const cb = callback ?? (() => undefined);
    const connect = (socket?: net.Socket): tls.TLSSocket => {
      const tlsOptions = { ...(options as tls.ConnectionOptions), ...(socket ? { socket } : {}) };
      if (this.#policy.acceptExpired) tlsOptions.rejectUnauthorized = false;
      const s = tls.connect(tlsOptions);
      if (this.#policy.acceptExpired) {
        s.once('secureConnect', () => {
          const failure = this.#verifyIgnoringValidity(s, options);
          if (failure) s.destroy(failure);
        });
      }
      return s;
    };
    if (!this.#proxy) return connect();
    const host = String(options.hostname ?? options.host ?? 'localhost');
    const port = Number(options.port ?? 443);
    tunnelThroughProxy(this.#proxy, { host, port }, (err, socket) => {
      if (err || !socket) cb(err ?? new Error('proxy tunnel failed'), undefined as unknown as Duplex);
      else cb(null, connect(socket));
    });
    return undefined;
  }

  #verifyIgnoringValidity(s: tls.TLSSocket, options: https.RequestOptions): Error | undefined {
    if (!s.authorized) {
      const reason = String(s.authorizationError ?? 'unknown');
      if (!VALIDITY_ERRORS.has(reason)) return Object.assign(new Error(`certificate verification failed: ${reason}`), { code: reason });
      // OpenSSL reports only one error; an expired certificate may also be signed by an unknown CA. Check the
      // signatures up to a trusted root ourselves, ignoring dates (KubeFed's ValidityPeriod verifier does the same
      // by verifying "as of" the leaf's NotBefore).
      if (!chainsToTrustedRoot(s, this.#policy.roots)) {
        return Object.assign(new Error(`certificate verification failed: ${reason} and the certificate is not signed by a trusted CA`), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
      }
    }
    if (this.#policy.skipHostname) return undefined;
    const hostname = String((options as tls.ConnectionOptions).servername || this.#policy.hostname);
    const failure = tls.checkServerIdentity(hostname, s.getPeerCertificate());
    return failure ?? undefined;
  }
}

class ClusterHttpAgent extends http.Agent {
  readonly #proxy: URL;

  constructor(options: http.AgentOptions, proxy: URL) {
    super(options);
    this.#proxy = proxy;
  }

  override createConnection(options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const host = String(options.hostname ?? options.host ?? 'localhost');
    const port = Number(options.port ?? 80);
    tunnelThroughProxy(this.#proxy, { host, port }, (err, socket) => {
      if (err || !socket) callback?.(err ?? new Error('proxy tunnel failed'), undefined as unknown as Duplex);
      else callback?.(null, socket);
    });
    return undefined;
  }
}

/**
 * RestClient talks to one cluster. Every request passes a client-side token bucket; failures surface as ApiError
 * (the server answered ≥ 400) or ConnectionError (it could not be reached). Nothing is retried silently except an
 * idempotent GET whose kept-alive connection was reset, once.
 */
export class RestClient {
  readonly connection: ClusterConnection;
  readonly #base: URL;
  readonly #limiter: TokenBucket;
  readonly #timeoutMs: number;
  readonly #userAgent: string;
  readonly #agent: http.Agent;
  readonly #watchAgent: http.Agent;
  readonly #mod: typeof http | typeof https;

  constructor(connection: ClusterConnection, opts: RestClientOptions = {}) {
    this.connection = connection;
    try {
      this.#base = new URL(connection.server);
    } catch {
      throw new Error(`cluster "${connection.name}" has an invalid server URL "${connection.server}"`);
    }
    this.#limiter = new TokenBucket(opts.qps ?? connection.qps ?? DEFAULT_QPS, opts.burst ?? connection.burst ?? DEFAULT_BURST);
    this.#timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
    const proxy = connection.proxyUrl ? new URL(connection.proxyUrl) : undefined;
    const maxSockets = opts.maxSockets ?? DEFAULT_MAX_SOCKETS;
    if (this.#base.protocol === 'https:') {
      this.#mod = https;
      const tlsOptions: https.AgentOptions = {
        keepAlive: true,
        rejectUnauthorized: !connection.skipTLSVerify,
      };
      if (connection.caData) tlsOptions.ca = connection.caData;
      if (connection.clientCertData) tlsOptions.cert = connection.clientCertData;
      if (connection.clientKeyData) tlsOptions.key = connection.clientKeyData;
      if (connection.tlsServerName) tlsOptions.servername = connection.tlsServerName;
      if (connection.skipHostnameVerification) tlsOptions.checkServerIdentity = () => undefined;
      const policy: TlsPolicy = {
        acceptExpired: connection.acceptExpiredCertificates === true && !connection.skipTLSVerify,
        skipHostname: connection.skipHostnameVerification === true,
        hostname: connection.tlsServerName ?? this.#base.hostname,
        roots: connection.acceptExpiredCertificates ? parsePemBundle(connection.caData ?? tls.rootCertificates.join('\n')) : [],
      };
      this.#agent = new ClusterHttpsAgent({ ...tlsOptions, maxSockets }, policy, proxy);
      this.#watchAgent = new ClusterHttpsAgent({ ...tlsOptions, keepAlive: false }, policy, proxy);
    } else if (this.#base.protocol === 'http:') {
      this.#mod = http;
      this.#agent = proxy ? new ClusterHttpAgent({ keepAlive: true, maxSockets }, proxy) : new http.Agent({ keepAlive: true, maxSockets });
      this.#watchAgent = proxy ? new ClusterHttpAgent({ keepAlive: false }, proxy) : new http.Agent({ keepAlive: false });
    } else {
      throw new Error(`cluster "${connection.name}" server URL "${connection.server}" must use http or https`);
    }
  }

  get clusterName(): string {
    return this.connection.name;
  }

  /** Closes idle connections; in-flight requests finish. */
  close(): void {
    this.#agent.destroy();
    this.#watchAgent.destroy();
  }

  async #headers(req: Pick<RawRequest, 'accept' | 'contentType' | 'headers'>, hasBody: boolean): Promise<http.OutgoingHttpHeaders> {
    const headers: http.OutgoingHttpHeaders = {
      accept: req.accept ?? 'application/json',
      'user-agent': this.#userAgent,
      ...req.headers,
    };
    if (hasBody) headers['content-type'] = req.contentType ?? 'application/json';
    const c = this.connection;
    let authorization: string | undefined;
    if (c.authorization) {
      try {
        authorization = await c.authorization();
      } catch (err) {
        throw new ConnectionError(c.name, `cannot obtain credentials for cluster "${c.name}": ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (!authorization && c.token) authorization = `Bearer ${c.token}`;
    if (!authorization && c.username) authorization = `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}`;
    if (authorization) headers['authorization'] = authorization;
    return headers;
  }

  #url(path: string, query?: Query): URL {
    const prefix = this.#base.pathname.replace(/\/+$/, '');
    return new URL(`${this.#base.protocol}//${this.#base.host}${prefix}${path}${encodeQuery(query)}`);
  }

  #connectionError(err: unknown, what: string): ConnectionError {
    const code = errorCode(err);
    const detail = err instanceof Error ? err.message : String(err);
    const name = this.connection.name;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EAI_AGAIN') {
      return new ConnectionError(name, `cluster "${name}" is not reachable: ${detail}`, code, { cause: err });
    }
    return new ConnectionError(name, `${what} to cluster "${name}" failed: ${detail}`, code, { cause: err });
  }

  /** Sends one request and returns the whole answer; a status ≥ 400 throws ApiError. */
  async request(req: RawRequest): Promise<RawResponse> {
    try {
      return await this.#requestOnce(req);
    } catch (err) {
      if (req.method === 'GET' && err instanceof ConnectionError && err.code !== undefined && RESET_CODES.has(err.code)) {
        return this.#requestOnce(req);
      }
      throw err;
    }
  }

  async #requestOnce(req: RawRequest): Promise<RawResponse> {
    await this.#limiter.acquire(req.signal);
    let payload: Buffer | undefined;
    if (req.body !== undefined) {
      payload = Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
    }
    const headers = await this.#headers(req, payload !== undefined);
    if (payload) headers['content-length'] = payload.length;
    const url = this.#url(req.path, req.query);
    const what = `${req.method} ${req.path}`;
    const timeoutMs = req.timeoutMs ?? this.#timeoutMs;
    return new Promise<RawResponse>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const r = this.#mod.request(url, { method: req.method, headers, agent: this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => finish(() => reject(this.#connectionError(err, what))));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const status = res.statusCode ?? 0;
          if (status >= 400) {
            const retryAfter = res.headers['retry-after'];
            finish(() => reject(ApiError.fromResponse(status, body.toString('utf8'), `${what} on cluster "${this.connection.name}"`, typeof retryAfter === 'string' ? retryAfter : undefined)));
          } else {
            finish(() => resolve({ statusCode: status, headers: res.headers, body }));
          }
        });
      });
      const onAbort = (): void => {
        r.destroy();
        finish(() => reject(req.signal?.reason ?? new Error('aborted')));
      };
      const timer = timeoutMs > 0
        ? setTimeout(() => {
          r.destroy();
          finish(() => reject(new ConnectionError(this.connection.name, `${what} to cluster "${this.connection.name}" timed out after ${timeoutMs} ms`, 'ETIMEDOUT')));
        }, timeoutMs)
        : undefined;
      req.signal?.addEventListener('abort', onAbort, { once: true });
      r.on('error', (err) => finish(() => reject(this.#connectionError(err, what))));
      r.end(payload);
    });
  }

  /** A request whose answer is JSON. */
  async requestJson<T = unknown>(req: RawRequest): Promise<T> {
    const res = await this.request(req);
    const text = res.body.toString('utf8');
    if (text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.statusCode, 'InternalError', `${req.method} ${req.path} on cluster "${this.connection.name}" returned a body that is not JSON: ${text.slice(0, 200)}`);
    }
  }

  get<T extends KubeObject = KubeObject>(ref: ResourceRef, query?: Query): Promise<T> {
    return this.requestJson<T>({ method: 'GET', path: resourcePath(ref), query });
  }

  /** One page of a collection; pass `limit`/`continue` in `query` to page. */
  list<T extends KubeObject = KubeObject>(ref: ResourceRef, query?: Query): Promise<KubeList<T>> {
    return this.requestJson<KubeList<T>>({ method: 'GET', path: resourcePath({ ...ref, name: undefined, subresource: undefined }), query });
  }

  /** Every page of a collection, following `continue` tokens. */
  async listAll<T extends KubeObject = KubeObject>(ref: ResourceRef, query: Query = {}, pageSize = 500): Promise<KubeList<T>> {
    let page = await this.list<T>(ref, { ...query, limit: pageSize });
    const items = [...page.items];
    while (page.metadata?.continue) {
      page = await this.list<T>(ref, { ...query, limit: pageSize, continue: page.metadata.continue });
      items.push(...page.items);
    }
    return { ...page, metadata: { resourceVersion: page.metadata?.resourceVersion }, items };
  }

  create<T extends KubeObject = KubeObject>(ref: ResourceRef, body: KubeObject, query?: Query): Promise<T> {
    return this.requestJson<T>({ method: 'POST', path: resourcePath({ ...ref, name: undefined, subresource: undefined }), query, body });
  }

  /** PUT of the whole object; the object's resourceVersion makes it an optimistic-concurrency update. */
  update<T extends KubeObject = KubeObject>(ref: ResourceRef, body: KubeObject, query?: Query): Promise<T> {
    const name = ref.name ?? body.metadata?.name;
    return this.requestJson<T>({ method: 'PUT', path: resourcePath({ ...ref, name }), query, body });
  }

  updateStatus<T extends KubeObject = KubeObject>(ref: ResourceRef, body: KubeObject, query?: Query): Promise<T> {
    const name = ref.name ?? body.metadata?.name;
    return this.requestJson<T>({ method: 'PUT', path: resourcePath({ ...ref, name, subresource: 'status' }), query, body });
  }

  /** PATCH with one of the four flavours; server-side apply needs `fieldManager` in `query` (and `force` to take over). */
  patch<T extends KubeObject = KubeObject>(ref: ResourceRef, type: PatchType, body: unknown, query?: Query): Promise<T> {
    return this.requestJson<T>({ method: 'PATCH', path: resourcePath(ref), query, body, contentType: patchContentType[type] });
  }

  /** DELETE of one object. Returns the object (still terminating, with finalizers) or a Success Status. */
  delete<T extends KubeObject = KubeObject>(ref: ResourceRef, options?: DeleteOptions, query?: Query): Promise<T | Status> {
    const body = options ? { apiVersion: 'v1', kind: 'DeleteOptions', ...options } : undefined;
    return this.requestJson<T | Status>({ method: 'DELETE', path: resourcePath(ref), query, body });
  }

  deleteCollection(ref: ResourceRef, query?: Query, options?: DeleteOptions): Promise<Status | KubeList> {
    const body = options ? { apiVersion: 'v1', kind: 'DeleteOptions', ...options } : undefined;
    return this.requestJson<Status | KubeList>({ method: 'DELETE', path: resourcePath({ ...ref, name: undefined, subresource: undefined }), query, body });
  }

  /**
   * Opens a watch (`watch=true` is added) and calls `onEvent` per event. Resolves when the server ends the stream
   * or `signal` aborts; rejects with ApiError if the server refused the watch, ConnectionError if the connection
   * failed. An ERROR event is delivered to `onEvent`, not thrown: what it means is the caller's decision.
   */
  async watchStream<T extends KubeObject = KubeObject>(
    path: string,
    query: Query,
    onEvent: (event: WatchEvent<T>) => void,
    signal?: AbortSignal,
    opts: WatchStreamOptions = {},
  ): Promise<void> {
    if (signal?.aborted) return;
    await this.#limiter.acquire(signal).catch(() => undefined);
    if (signal?.aborted) return;
    const headers = await this.#headers({}, false);
    const url = this.#url(path, { ...query, watch: 'true' });
    const what = `watch ${path}`;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const r = this.#mod.request(url, { method: 'GET', headers, agent: this.#watchAgent }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 400) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => finish(() => reject(ApiError.fromResponse(status, Buffer.concat(chunks).toString('utf8'), `${what} on cluster "${this.connection.name}"`))));
          res.on('error', (err) => finish(() => reject(this.#connectionError(err, what))));
          return;
        }
        opts.onOpen?.();
        const decoder = new StringDecoder('utf8');
        let buffered = '';
        const deliver = (line: string): boolean => {
          if (line.trim() === '') return true;
          let parsed: unknown;
          try {
            parsed = JSON.parse(line);
          } catch {
            r.destroy();
            finish(() => reject(new ConnectionError(this.connection.name, `${what} on cluster "${this.connection.name}" sent an event that is not JSON: ${line.slice(0, 200)}`, 'EBADWATCH')));
            return false;
          }
          if (!isObject(parsed) || typeof parsed['type'] !== 'string' || !isObject(parsed['object'])) {
            r.destroy();
            finish(() => reject(new ConnectionError(this.connection.name, `${what} on cluster "${this.connection.name}" sent a malformed event: ${line.slice(0, 200)}`, 'EBADWATCH')));
            return false;
          }
          try {
            onEvent(parsed as unknown as WatchEvent<T>);
          } catch (err) {
            r.destroy();
            finish(() => reject(err));
            return false;
          }
          return true;
        };
        res.on('data', (chunk: Buffer) => {
          if (settled) return;
          opts.onData?.();
          buffered += decoder.write(chunk);
          let nl = buffered.indexOf('\n');
          while (nl >= 0) {
            const line = buffered.slice(0, nl);
            buffered = buffered.slice(nl + 1);
            if (!deliver(line)) return;
            nl = buffered.indexOf('\n');
          }
        });
        res.on('end', () => {
          buffered += decoder.end();
          if (!settled && buffered.trim() !== '' && !deliver(buffered)) return;
          finish(resolve);
        });
        res.on('error', (err) => finish(() => (signal?.aborted ? resolve() : reject(this.#connectionError(err, what)))));
        res.on('close', () => finish(() => (signal?.aborted || res.complete ? resolve() : reject(new ConnectionError(this.connection.name, `${what} on cluster "${this.connection.name}" was cut off`, 'ECONNRESET')))));
      });
      const onAbort = (): void => {
        r.destroy();
        finish(resolve);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      r.on('error', (err) => finish(() => (signal?.aborted ? resolve() : reject(this.#connectionError(err, what)))));
      r.end();
    });
  }
}
