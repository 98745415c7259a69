// A small in-memory Kubernetes API for the client's unit tests: CRUD with resourceVersion conflicts, paged lists,
// watches with history, bookmarks, compaction (410) and timeouts, legacy and aggregated discovery, OpenAPI v3.
// Deliberately not the project's API server (the product may not import it): this fake only has to be faithful
// about the wire behaviour the client depends on, and scriptable where a test needs a misbehaving server.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isObject, type KubeObject, type Status } from '../../common/object.js';
import { parseLabelSelector } from '../../common/labels.js';
import type { ClusterConnection } from '../kubeconfig.js';

export interface FakeResource {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  singular?: string;
  shortNames?: string[];
  verbs?: string[];
  /** Subresource names (status, scale). */
  subresources?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Returns true when it answered the request itself. */
export type Interceptor = (req: RecordedRequest, res: http.ServerResponse) => boolean | Promise<boolean>;

interface ParsedPath {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

interface HistoryEntry {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  gvr: string;
  object: KubeObject;
}

interface Watcher {
  gvr: string;
  namespace?: string;
  labelSelector?: string;
  res: http.ServerResponse;
  timer?: NodeJS.Timeout;
}

export function statusBody(code: number, reason: string, message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function parsePath(pathname: string): ParsedPath | undefined {
  const seg = pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (seg[0] === 'api' && seg.length >= 3) {
    group = '';
    version = seg[1] as string;
    rest = seg.slice(2);
  } else if (seg[0] === 'apis' && seg.length >= 4) {
    group = seg[1] as string;
    version = seg[2] as string;
    rest = seg.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const out: ParsedPath = { group, version, resource: rest[0] as string };
  if (namespace !== undefined) out.namespace = namespace;
  if (rest[1] !== undefined) out.name = rest[1];
  if (rest[2] !== undefined) out.subresource = rest[2];
  return out;
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export class FakeKubeApi {
  readonly server: http.Server;
  readonly requests: RecordedRequest[] = [];
  readonly resources: FakeResource[] = [];
  /** Serve aggregated discovery (apidiscovery.k8s.io/v2) when asked for it. */
  aggregatedDiscovery = true;
  gitVersion = 'v1.31.0';
  /** Bearer token required on every request, when set. */
  requiredToken: string | undefined;
  openapi = new Map<string, unknown>();
  #interceptors: Interceptor[] = [];
  #objects = new Map<string, Map<string, KubeObject>>();
  #history: HistoryEntry[] = [];
  #rv = 100;
  #compactedRv = 0;
  #watchers = new Set<Watcher>();
  #uid = 0;

  private constructor(server: http.Server) {
    this.server = server;
  }

  /** Listens on 127.0.0.1 (port 0 = any free port). */
  static async start(port = 0): Promise<FakeKubeApi> {
    const server = http.createServer();
    const api = new FakeKubeApi(server);
    server.on('request', (req, res) => {
      api.#handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) api.#send(res, 500, statusBody(500, 'InternalError', String(err)));
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return api;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  connection(name = 'fake'): ClusterConnection {
    const c: ClusterConnection = { name, server: this.url, skipTLSVerify: false, qps: 1000, burst: 1000 };
    if (this.requiredToken) c.token = this.requiredToken;
    return c;
  }

  get resourceVersion(): number {
    return this.#rv;
  }

  async close(): Promise<void> {
    this.closeWatches();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  intercept(fn: Interceptor): () => void {
    this.#interceptors.push(fn);
    return () => {
      this.#interceptors = this.#interceptors.filter((f) => f !== fn);
    };
  }

  addResource(...r: FakeResource[]): void {
    this.resources.push(...r);
  }

  requestsTo(predicate: (r: RecordedRequest) => boolean): RecordedRequest[] {
    return this.requests.filter(predicate);
  }

  watchRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'GET' && (r.query.get('watch') === 'true' || r.query.get('watch') === '1'));
  }

  get openWatches(): number {
    return this.#watchers.size;
  }

  // ---- direct state manipulation for tests ----

  /** Stores an object as if created through the API (emits ADDED). */
  put(gvr: string, obj: KubeObject): KubeObject {
    const key = this.#key(obj.metadata.namespace, obj.metadata.name ?? '');
    const coll = this.#collection(gvr);
    const existing = coll.get(key);
    const stored: KubeObject = structuredClone(obj);
    stored.metadata.resourceVersion = String(++this.#rv);
    stored.metadata.uid = existing?.metadata.uid ?? stored.metadata.uid ?? `uid-${++this.#uid}`;
    coll.set(key, stored);
    this.#emit(existing ? 'MODIFIED' : 'ADDED', gvr, stored);
    return stored;
  }

  remove(gvr: string, namespace: string | undefined, name: string): void {
    const coll = this.#collection(gvr);
    const key = this.#key(namespace, name);
    const existing = coll.get(key);
    if (!existing) return;
    coll.delete(key);
    const gone = structuredClone(existing);
    gone.metadata.resourceVersion = String(++this.#rv);
    this.#emit('DELETED', gvr, gone);
  }

  /** Removes an object without any watch event, as if the event fell into a compacted gap. */
  removeSilently(gvr: string, namespace: string | undefined, name: string): void {
    this.#collection(gvr).delete(this.#key(namespace, name));
    this.#rv++;
  }

  getObject(gvr: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.#collection(gvr).get(this.#key(namespace, name));
  }

  listObjects(gvr: string): KubeObject[] {
    return [...this.#collection(gvr).values()];
  }

  /** Forgets history: watches from an older resourceVersion get a 410 ERROR event. */
  compact(): void {
    this.#compactedRv = this.#rv;
    this.#history = [];
  }

  /** Ends every open watch cleanly, as a server-side timeout would. */
  closeWatches(): void {
    for (const w of this.#watchers) {
      if (w.timer) clearTimeout(w.timer);
      w.res.end();
    }
    this.#watchers.clear();
  }

  /** Sends a BOOKMARK with the current resourceVersion to every watch that asked for bookmarks. */
  sendBookmarks(): void {
    for (const w of this.#watchers) {
      const kind = this.resources.find((r) => `${r.group}/${r.version}/${r.resource}` === w.gvr)?.kind ?? 'Object';
      const apiVersion = w.gvr.split('/').slice(0, 2).filter((s) => s !== '').join('/');
      this.#write(w, { type: 'BOOKMARK', object: { kind, apiVersion, metadata: { resourceVersion: String(this.#rv) } } });
    }
  }

  // ---- HTTP ----

  #key(namespace: string | undefined, name: string): string {
    return namespace ? `${namespace}/${name}` : name;
  }

  #collection(gvr: string): Map<string, KubeObject> {
    let c = this.#objects.get(gvr);
    if (!c) {
      c = new Map();
      this.#objects.set(gvr, c);
    }
    return c;
  }

  #emit(type: HistoryEntry['type'], gvr: string, object: KubeObject): void {
    const entry: HistoryEntry = { rv: this.#rv, type, gvr, object: structuredClone(object) };
    this.#history.push(entry);
    for (const w of this.#watchers) if (this.#matches(w, entry)) this.#write(w, { type, object: entry.object });
  }

  #matches(w: Watcher, e: HistoryEntry): boolean {
    if (w.gvr !== e.gvr) return false;
    if (w.namespace !== undefined && e.object.metadata.namespace !== w.namespace) return false;
    if (w.labelSelector && !parseLabelSelector(w.labelSelector).matches(e.object.metadata.labels)) return false;
    return true;
  }

  #write(w: Watcher, event: unknown): void {
    w.res.write(`${JSON.stringify(event)}\n`);
  }

  #send(res: http.ServerResponse, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(recorded);
    for (const fn of this.#interceptors) if (await fn(recorded, res)) return;
    if (this.requiredToken && req.headers.authorization !== `Bearer ${this.requiredToken}`) {
      this.#send(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    if (url.pathname === '/version') {
      this.#send(res, 200, { major: '1', minor: this.gitVersion.split('.')[1], gitVersion: this.gitVersion, platform: 'linux/amd64' });
      return;
    }
    if (url.pathname === '/healthz' || url.pathname === '/readyz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (url.pathname === '/api' || url.pathname === '/apis') {
      this.#discoveryRoot(url.pathname, recorded, res);
      return;
    }
    if (url.pathname.startsWith('/openapi/v3')) {
      const doc = this.openapi.get(url.pathname);
      if (doc === undefined) this.#send(res, 404, statusBody(404, 'NotFound', `the server could not find ${url.pathname}`));
      else this.#send(res, 200, doc);
      return;
    }
    const p = parsePath(url.pathname);
    const gvSegs = url.pathname.split('/').filter((s) => s !== '');
    if (!p && ((gvSegs[0] === 'api' && gvSegs.length === 2) || (gvSegs[0] === 'apis' && gvSegs.length === 3))) {
      this.#resourceList(gvSegs[0] === 'api' ? '' : (gvSegs[1] as string), gvSegs[gvSegs.length - 1] as string, res);
      return;
    }
    if (!p) {
      this.#send(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    const gvr = `${p.group}/${p.version}/${p.resource}`;
    const def = this.resources.find((r) => r.group === p.group && r.version === p.version && r.resource === p.resource);
    if (!def) {
      this.#send(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    const body: unknown = recorded.body ? JSON.parse(recorded.body) : undefined;
    const method = recorded.method;
    const coll = this.#collection(gvr);
    const notFound = (): void =>
      this.#send(res, 404, { ...statusBody(404, 'NotFound', `${def.resource}${def.group ? '.' + def.group : ''} "${p.name}" not found`), details: { name: p.name, group: def.group, kind: def.resource } });
    if (method === 'GET' && !p.name) {
      if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') this.#watch(gvr, p, url.searchParams, res);
      else this.#list(gvr, def, p, url.searchParams, res);
      return;
    }
    if (method === 'GET') {
      const obj = coll.get(this.#key(p.namespace, p.name ?? ''));
      if (!obj) notFound();
      else this.#send(res, 200, obj);
      return;
    }
    if (method === 'POST' && !p.name) {
      const obj = body as KubeObject;
      if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = `${obj.metadata.generateName}${(++this.#uid).toString(36)}`;
      if (p.namespace) obj.metadata.namespace = p.namespace;
      if (coll.has(this.#key(p.namespace, obj.metadata.name ?? ''))) {
        this.#send(res, 409, { ...statusBody(409, 'AlreadyExists', `${def.resource}${def.group ? '.' + def.group : ''} "${obj.metadata.name}" already exists`), details: { name: obj.metadata.name, group: def.group, kind: def.resource } });
        return;
      }
      obj.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      this.#send(res, 201, this.put(gvr, obj));
      return;
    }
    const key = this.#key(p.namespace, p.name ?? '');
    const existing = coll.get(key);
    if (method === 'PUT') {
      const obj = body as KubeObject;
      if (!existing) return notFound();
      if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== existing.metadata.resourceVersion) {
        this.#send(res, 409, statusBody(409, 'Conflict', `Operation cannot be fulfilled on ${def.resource}${def.group ? '.' + def.group : ''} "${p.name}": the object has been modified; please apply your changes to the latest version and try again`));
        return;
      }
      const next = p.subresource === 'status' ? { ...existing, status: obj['status'] } : { ...obj, status: existing['status'] };
      next.metadata = { ...obj.metadata, uid: existing.metadata.uid, creationTimestamp: existing.metadata.creationTimestamp };
      this.#send(res, 200, this.put(gvr, next as KubeObject));
      return;
    }
    if (method === 'PATCH') {
      if (!existing) return notFound();
      const next = mergePatch(existing, body) as KubeObject;
      this.#send(res, 200, this.put(gvr, next));
      return;
    }
    if (method === 'DELETE') {
      if (!existing) return notFound();
      this.remove(gvr, p.namespace, p.name ?? '');
      this.#send(res, 200, { ...statusBody(200, '', ''), status: 'Success', details: { name: p.name, kind: def.resource } });
      return;
    }
    this.#send(res, 405, statusBody(405, 'MethodNotAllowed', `${method} is not supported`));
  }

  #list(gvr: string, def: FakeResource, p: ParsedPath, q: URLSearchParams, res: http.ServerResponse): void {
    const selector = q.get('labelSelector');
    let items = [...this.#collection(gvr).values()]
      .filter((o) => p.namespace === undefined || o.metadata.namespace === p.namespace)
      .filter((o) => !selector || parseLabelSelector(selector).matches(o.metadata.labels))
      .sort((a, b) => this.#key(a.metadata.namespace, a.metadata.name ?? '').localeCompare(this.#key(b.metadata.namespace, b.metadata.name ?? '')));
    const limit = Number(q.get('limit') ?? 0);
    const cont = q.get('continue');
    let listRv = String(this.#rv);
    let start = 0;
    if (cont) {
      const token = JSON.parse(Buffer.from(cont, 'base64').toString('utf8')) as { rv: string; start: number };
      if (Number(token.rv) < this.#compactedRv) {
        this.#send(res, 410, statusBody(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'));
        return;
      }
      listRv = token.rv;
      start = token.start;
    }
    let next: string | undefined;
    if (limit > 0) {
      if (start + limit < items.length) next = Buffer.from(JSON.stringify({ rv: listRv, start: start + limit })).toString('base64');
      items = items.slice(start, start + limit);
    }
    const apiVersion = def.group ? `${def.group}/${def.version}` : def.version;
    this.#send(res, 200, {
      apiVersion,
      kind: `${def.kind}List`,
      metadata: next ? { resourceVersion: listRv, continue: next } : { resourceVersion: listRv },
      items: items.map((o) => ({ ...o, apiVersion, kind: def.kind })),
    });
  }

  #watch(gvr: string, p: ParsedPath, q: URLSearchParams, res: http.ServerResponse): void {
    const w: Watcher = { gvr, res };
    if (p.namespace !== undefined) w.namespace = p.namespace;
    const sel = q.get('labelSelector');
    if (sel) w.labelSelector = sel;
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    const from = Number(q.get('resourceVersion') ?? '0');
    if (from > 0 && from < this.#compactedRv) {
      this.#write(w, { type: 'ERROR', object: statusBody(410, 'Expired', `too old resource version: ${from} (${this.#compactedRv})`) });
      res.end();
      return;
    }
    for (const e of this.#history) if (e.rv > from && this.#matches(w, e)) this.#write(w, { type: e.type, object: e.object });
    const timeout = Number(q.get('timeoutSeconds') ?? 0);
    if (timeout > 0) {
      w.timer = setTimeout(() => {
        this.#watchers.delete(w);
        res.end();
      }, timeout * 1000);
    }
    res.on('close', () => {
      if (w.timer) clearTimeout(w.timer);
      this.#watchers.delete(w);
    });
    this.#watchers.add(w);
  }

  #discoveryRoot(root: string, req: RecordedRequest, res: http.ServerResponse): void {
    const accept = String(req.headers.accept ?? '');
    const core = root === '/api';
    const resources = this.resources.filter((r) => (r.group === '') === core);
    if (this.aggregatedDiscovery && accept.includes('as=APIGroupDiscoveryList')) {
      const groups = new Map<string, Map<string, FakeResource[]>>();
      for (const r of resources) {
        const versions = groups.get(r.group) ?? new Map<string, FakeResource[]>();
        versions.set(r.version, [...(versions.get(r.version) ?? []), r]);
        groups.set(r.group, versions);
      }
      const body = {
        kind: 'APIGroupDiscoveryList',
        apiVersion: 'apidiscovery.k8s.io/v2',
        metadata: {},
        items: [...groups].map(([group, versions]) => ({
          metadata: { name: group },
          versions: [...versions].map(([version, rs]) => ({
            version,
            freshness: 'Current',
            resources: rs.map((r) => ({
              resource: r.resource,
              responseKind: { group: r.group, version: r.version, kind: r.kind },
              scope: r.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: r.singular ?? r.kind.toLowerCase(),
              verbs: r.verbs ?? ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
              ...(r.shortNames ? { shortNames: r.shortNames } : {}),
              ...(r.subresources ? { subresources: r.subresources.map((s) => ({ subresource: s, responseKind: { group: r.group, version: r.version, kind: r.kind }, verbs: ['get', 'patch', 'update'] })) } : {}),
            })),
          })),
        })),
      };
      res.writeHead(200, { 'content-type': 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
      res.end(JSON.stringify(body));
      return;
    }
    if (core) {
      this.#send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
      return;
    }
    const groups = new Map<string, string[]>();
    for (const r of resources) {
      const vs = groups.get(r.group) ?? [];
      if (!vs.includes(r.version)) vs.push(r.version);
      groups.set(r.group, vs);
    }
    this.#send(res, 200, {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...groups].map(([name, vs]) => ({
        name,
        versions: vs.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
        preferredVersion: { groupVersion: `${name}/${vs[0]}`, version: vs[0] },
      })),
    });
  }

  #resourceList(group: string, version: string, res: http.ServerResponse): void {
    const rs = this.resources.filter((r) => r.group === group && r.version === version);
    if (rs.length === 0) {
      this.#send(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    this.#send(res, 200, {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: group ? `${group}/${version}` : version,
      resources: rs.flatMap((r) => [
        {
          name: r.resource,
          singularName: r.singular ?? r.kind.toLowerCase(),
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: r.verbs ?? ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
          ...(r.shortNames ? { shortNames: r.shortNames } : {}),
        },
        ...(r.subresources ?? []).map((s) => ({ name: `${r.resource}/${s}`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] })),
      ]),
    });
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it is true or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export const CORE_RESOURCES: FakeResource[] = [
  { group: '', version: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false, shortNames: ['ns'] },
  { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true, shortNames: ['cm'] },
  { group: '', version: 'v1', kind: 'Event', resource: 'events', namespaced: true, shortNames: ['ev'] },
  { group: '', version: 'v1', kind: 'Secret', resource: 'secrets', namespaced: true },
  { group: '', version: 'v1', kind: 'Service', resource: 'services', namespaced: true, shortNames: ['svc'], subresources: ['status'] },
  { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', namespaced: true, shortNames: ['deploy'], subresources: ['status', 'scale'] },
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', resource: 'leases', namespaced: true },
];
