// What a cluster serves: version, API groups and resources, OpenAPI v3 schemas. Prefers aggregated discovery
// (apidiscovery.k8s.io/v2, Kubernetes ≥ 1.30 GA: two requests for everything) and falls back to the legacy
// per-group-version documents (/api/v1, /apis/{g}/{v}), which every server and client-node rely on.
// Formats: k8s.io/api/apidiscovery/v2/types.go and k8s.io/apimachinery/pkg/apis/meta/v1/types.go (APIResourceList).

import { isObject, type GroupVersionKind, type JsonObject, type JsonValue } from '../common/object.js';
import { ApiError } from './errors.js';
import type { RestClient } from './rest.js';

export interface ApiResource {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name. */
  resource: string;
  namespaced: boolean;
  shortNames: string[];
  singular: string;
  verbs: string[];
  categories: string[];
  /** Subresource names served for the resource (status, scale, ...). */
  subresources: string[];
  /** The version is its group's preferred one. */
  preferred: boolean;
}

export interface ApiGroup {
  /** '' for the core group. */
  name: string;
  /** Versions in the server's order of preference. */
  versions: string[];
  preferredVersion: string;
}

/** /version (k8s.io/apimachinery/pkg/version/types.go Info). */
export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit?: string;
  platform?: string;
  [field: string]: unknown;
}

export class ResourceResolutionError extends Error {
  override readonly name = 'ResourceResolutionError';
  /** Group-qualified names of every matching resource (empty when nothing matched). */
  readonly candidates: string[];

  constructor(message: string, candidates: string[]) {
    super(message);
    this.candidates = candidates;
  }
}

/** Aggregated discovery first, then the legacy formats (what kubectl 1.30+ sends). */
const AGGREGATED_ACCEPT = [
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
  'application/json',
].join(',');

export interface DiscoveryOptions {
  /** How long discovered resources stay cached (default 10 min, like kubectl's disk cache TTL of 6 h, shorter). */
  ttlMs?: number;
}

interface Snapshot {
  at: number;
  groups: ApiGroup[];
  resources: ApiResource[];
  /** Group-versions whose documents failed to load (partial discovery). */
  failed: string[];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/** `plural.group`, or `plural` for the core group (KubeFed typeconfig.GroupQualifiedName). */
export function groupQualifiedName(r: Pick<ApiResource, 'resource' | 'group'>): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** KubeFed's NameMatchesResource, plus kubectl's `plural.version.group`. */
export function nameMatchesResource(name: string, r: ApiResource): boolean {
  const lower = name.toLowerCase();
  return (
    lower === r.resource ||
    lower === r.singular ||
    lower === r.kind.toLowerCase() ||
    lower === `${r.resource}.${r.group}` ||
    (r.group !== '' && lower === `${r.resource}.${r.version}.${r.group}`) ||
    r.shortNames.some((s) => s.toLowerCase() === lower)
  );
}

/**
 * Picks the resource `name` designates among `resources` (listed core group first), as KubeFed's LookupAPIResource
 * does: the first match wins if it is in the core group; otherwise more than one match is ambiguous.
 */
export function resolveAmong(resources: ApiResource[], name: string): ApiResource {
  const matches = resources.filter((r) => nameMatchesResource(name, r));
  const first = matches[0];
  if (!first) throw new ResourceResolutionError(`Unable to find api resource named "${name}".`, []);
  if (first.group === '' || matches.length === 1) return first;
  const candidates = matches.map(groupQualifiedName);
  throw new ResourceResolutionError(
    `Multiple resources are matched by "${name}": ${candidates.join(', ')}. A group-qualified plural name must be provided.`,
    candidates,
  );
}

/**
 * Discovery caches what a cluster serves. Concurrent callers share one fetch; `invalidate()` forces the next call
 * to fetch again (after a CRD is created, for instance).
 */
export class Discovery {
  readonly #client: RestClient;
  readonly #ttlMs: number;
  #snapshot: Promise<Snapshot> | undefined;
  #version: Promise<ServerVersion> | undefined;
  readonly #openapiPaths = new Map<string, Promise<JsonObject | undefined>>();

  constructor(client: RestClient, opts: DiscoveryOptions = {}) {
    this.#client = client;
    this.#ttlMs = opts.ttlMs ?? 600_000;
  }

  invalidate(): void {
    this.#snapshot = undefined;
    this.#version = undefined;
    this.#openapiPaths.clear();
  }

  serverVersion(): Promise<ServerVersion> {
    if (!this.#version) {
      this.#version = this.#client.requestJson<ServerVersion>({ method: 'GET', path: '/version' });
      this.#version.catch(() => (this.#version = undefined));
    }
    return this.#version;
  }

  async groups(): Promise<ApiGroup[]> {
    return (await this.#load()).groups;
  }

  /** Every resource in every served version (subresources folded into their resource). */
  async resources(): Promise<ApiResource[]> {
    return (await this.#load()).resources;
  }

  /** One entry per resource: the one in its group's preferred version. Core group first. */
  async preferredResources(): Promise<ApiResource[]> {
    return (await this.#load()).resources.filter((r) => r.preferred);
  }

  /** Group-versions that failed to load during the last discovery (their resources are missing). */
  async failedGroupVersions(): Promise<string[]> {
    return (await this.#load()).failed;
  }

  /**
   * Resolves a user-given type name: Kind (any case), plural, singular, short name or `plural.group`. Looks at
   * preferred versions only, unless `version` is given (then at resources served in that version).
   */
  async resolveResource(name: string, opts: { version?: string } = {}): Promise<ApiResource> {
    const all = await this.resources();
    const pool = opts.version ? all.filter((r) => r.version === opts.version) : all.filter((r) => r.preferred);
    return resolveAmong(pool, name);
  }

  /** The resource serving a group/version/kind, if the server has it. */
  async resourceFor(gvk: GroupVersionKind): Promise<ApiResource | undefined> {
    const all = await this.resources();
    return all.find((r) => r.group === gvk.group && r.version === gvk.version && r.kind === gvk.kind);
  }

  #load(): Promise<Snapshot> {
    const current = this.#snapshot;
    if (current) {
      return current.then((s) => {
        if (performance.now() - s.at <= this.#ttlMs) return s;
        if (this.#snapshot === current) this.#snapshot = undefined;
        return this.#load();
      });
    }
    const next = this.#fetch();
    this.#snapshot = next;
    next.catch(() => {
      if (this.#snapshot === next) this.#snapshot = undefined;
    });
    return next;
  }

  async #fetch(): Promise<Snapshot> {
    const [core, named] = await Promise.all([
      this.#client.requestJson<unknown>({ method: 'GET', path: '/api', accept: AGGREGATED_ACCEPT }),
      this.#client.requestJson<unknown>({ method: 'GET', path: '/apis', accept: AGGREGATED_ACCEPT }).catch((err: unknown) => {
        // A server with only the core group may not serve /apis at all.
        if (err instanceof ApiError && err.code === 404) return { kind: 'APIGroupList', groups: [] };
        throw err;
      }),
    ]);
    const snapshot: Snapshot = { at: performance.now(), groups: [], resources: [], failed: [] };
    for (const doc of [core, named]) {
      if (isObject(doc) && doc['kind'] === 'APIGroupDiscoveryList') this.#readAggregated(doc, snapshot);
      else await this.#readLegacy(doc, snapshot);
    }
    return snapshot;
  }

  #readAggregated(doc: Record<string, unknown>, out: Snapshot): void {
    const items = Array.isArray(doc['items']) ? doc['items'] : [];
    for (const item of items) {
      if (!isObject(item)) continue;
      const name = isObject(item['metadata']) && typeof item['metadata']['name'] === 'string' ? item['metadata']['name'] : '';
      const versions = (Array.isArray(item['versions']) ? item['versions'] : []).filter(isObject);
      const versionNames = versions.map((v) => String(v['version'] ?? '')).filter((v) => v !== '');
      if (versionNames.length === 0) continue;
      // apidiscovery v2: "versions are sorted in order of preference"; the first is the preferred one.
      out.groups.push({ name, versions: versionNames, preferredVersion: versionNames[0] as string });
      for (const v of versions) {
        const version = String(v['version'] ?? '');
        if (v['freshness'] === 'Stale') out.failed.push(name ? `${name}/${version}` : version);
        for (const r of Array.isArray(v['resources']) ? v['resources'] : []) {
          if (!isObject(r) || typeof r['resource'] !== 'string') continue;
          const kind = isObject(r['responseKind']) && typeof r['responseKind']['kind'] === 'string' ? r['responseKind']['kind'] : '';
          const subresources = (Array.isArray(r['subresources']) ? r['subresources'] : [])
            .filter(isObject)
            .map((s) => String(s['subresource'] ?? ''))
            .filter((s) => s !== '');
          out.resources.push({
            group: name,
            version,
            kind,
            resource: r['resource'],
            namespaced: r['scope'] === 'Namespaced',
            shortNames: strings(r['shortNames']),
            singular: typeof r['singularResource'] === 'string' && r['singularResource'] ? r['singularResource'] : kind.toLowerCase(),
            verbs: strings(r['verbs']),
            categories: strings(r['categories']),
            subresources,
            preferred: version === versionNames[0],
          });
        }
      }
    }
  }

  async #readLegacy(doc: unknown, out: Snapshot): Promise<void> {
    if (!isObject(doc)) return;
    const gvs: Array<{ group: string; version: string; preferred: boolean }> = [];
    if (doc['kind'] === 'APIVersions' || Array.isArray(doc['versions'])) {
      const versions = strings(doc['versions']);
      if (versions.length > 0) out.groups.push({ name: '', versions, preferredVersion: versions[0] as string });
      versions.forEach((v, i) => gvs.push({ group: '', version: v, preferred: i === 0 }));
    } else {
      for (const g of Array.isArray(doc['groups']) ? doc['groups'] : []) {
        if (!isObject(g) || typeof g['name'] !== 'string') continue;
        const versions = (Array.isArray(g['versions']) ? g['versions'] : []).filter(isObject).map((v) => String(v['version'] ?? ''));
        const preferred = isObject(g['preferredVersion']) && typeof g['preferredVersion']['version'] === 'string'
          ? g['preferredVersion']['version']
          : versions[0] ?? '';
        out.groups.push({ name: g['name'], versions, preferredVersion: preferred });
        for (const v of versions) gvs.push({ group: g['name'], version: v, preferred: v === preferred });
      }
    }
    const lists = await Promise.all(
      gvs.map(async (gv) => {
        const path = gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`;
        try {
          return { gv, list: await this.#client.requestJson<unknown>({ method: 'GET', path }) };
        } catch {
          // Partial discovery (an unavailable aggregated API, say) must not hide every other group.
          out.failed.push(gv.group ? `${gv.group}/${gv.version}` : gv.version);
          return { gv, list: undefined };
        }
      }),
    );
    for (const { gv, list } of lists) {
      if (!isObject(list)) continue;
      const entries = (Array.isArray(list['resources']) ? list['resources'] : []).filter(isObject);
      const subs = new Map<string, string[]>();
      for (const e of entries) {
        const n = String(e['name'] ?? '');
        const slash = n.indexOf('/');
        if (slash > 0) subs.set(n.slice(0, slash), [...(subs.get(n.slice(0, slash)) ?? []), n.slice(slash + 1)]);
      }
      for (const e of entries) {
        const n = String(e['name'] ?? '');
        if (!n || n.includes('/')) continue;
        const kind = String(e['kind'] ?? '');
        out.resources.push({
          group: gv.group,
          version: gv.version,
          kind,
          resource: n,
          namespaced: e['namespaced'] === true,
          shortNames: strings(e['shortNames']),
          singular: typeof e['singularName'] === 'string' && e['singularName'] ? e['singularName'] : kind.toLowerCase(),
          verbs: strings(e['verbs']),
          categories: strings(e['categories']),
          subresources: subs.get(n) ?? [],
          preferred: gv.preferred,
        });
      }
    }
  }

  /**
   * The OpenAPI v3 schema of a kind, with local `$ref`s inlined (a reference cycle becomes an opaque
   * `{type: object}`, as KubeFed short-circuits JSONSchemaProps). undefined when the server publishes none for it.
   * `kubefedctl enable` uses it to learn whether the target has `spec.replicas`.
   */
  async openapiV3Schema(gvk: GroupVersionKind): Promise<JsonObject | undefined> {
    const gvPath = gvk.group ? `apis/${gvk.group}/${gvk.version}` : `api/${gvk.version}`;
    let doc = this.#openapiPaths.get(gvPath);
    if (!doc) {
      doc = this.#fetchOpenApi(gvPath);
      this.#openapiPaths.set(gvPath, doc);
      doc.catch(() => this.#openapiPaths.delete(gvPath));
    }
    const spec = await doc;
    if (!spec) return undefined;
    const components = isObject(spec['components']) && isObject(spec['components']['schemas']) ? (spec['components']['schemas'] as JsonObject) : {};
    for (const [name, schema] of Object.entries(components)) {
      if (!isObject(schema)) continue;
      const gvks = schema['x-kubernetes-group-version-kind'];
      if (!Array.isArray(gvks)) continue;
      const hit = gvks.some((g) => isObject(g) && g['group'] === gvk.group && g['version'] === gvk.version && g['kind'] === gvk.kind);
      if (hit) return inlineRefs(schema as JsonObject, components, new Set([name])) as JsonObject;
    }
    return undefined;
  }

  async #fetchOpenApi(gvPath: string): Promise<JsonObject | undefined> {
    let index: unknown;
    try {
      index = await this.#client.requestJson<unknown>({ method: 'GET', path: '/openapi/v3' });
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return undefined;
      throw err;
    }
    const paths = isObject(index) && isObject(index['paths']) ? index['paths'] : {};
    const entry = paths[gvPath];
    if (!isObject(entry) || typeof entry['serverRelativeURL'] !== 'string') return undefined;
    const url = new URL(entry['serverRelativeURL'], 'http://relative');
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => (query[k] = v));
    return this.#client.requestJson<JsonObject>({ method: 'GET', path: url.pathname, query });
  }
}

const REF_PREFIX = '#/components/schemas/';

function inlineRefs(node: JsonValue, components: JsonObject, seen: Set<string>): JsonValue {
  if (Array.isArray(node)) return node.map((n) => inlineRefs(n, components, seen));
  if (!isObject(node)) return node;
  const obj = node as JsonObject;
  const ref = typeof obj['$ref'] === 'string' ? obj['$ref'] : undefined;
  // OpenAPI v3 from kube-apiserver wraps references that carry siblings as allOf: [{$ref}].
  const allOf = Array.isArray(obj['allOf']) && obj['allOf'].length === 1 && isObject(obj['allOf'][0]) ? (obj['allOf'][0] as JsonObject) : undefined;
  const target = ref ?? (allOf && typeof allOf['$ref'] === 'string' ? allOf['$ref'] : undefined);
  if (target?.startsWith(REF_PREFIX)) {
    const name = target.slice(REF_PREFIX.length);
    const rest: JsonObject = {};
    for (const [k, v] of Object.entries(obj)) if (k !== '$ref' && k !== 'allOf') rest[k] = inlineRefs(v, components, seen);
    const referenced = components[name];
    if (seen.has(name) || !isObject(referenced)) return { ...rest, type: 'object' };
    const inner = inlineRefs(referenced, components, new Set([...seen, name]));
    return isObject(inner) ? { ...(inner as JsonObject), ...rest } : rest;
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) out[k] = inlineRefs(v, components, seen);
  return out;
}
