// API discovery documents: aggregated (apidiscovery.k8s.io v2 / v2beta1 APIGroupDiscoveryList, what kubectl asks
// for) and legacy (APIVersions, APIGroupList, APIGroup, APIResourceList, what @kubernetes/client-node reads).
// Shapes from k8s.io/api/apidiscovery/v2/types.go and k8s.io/apimachinery/pkg/apis/meta/v1/types.go. Documents are
// cached per registry revision: they change only when a CRD does.
import { createHash } from 'node:crypto';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';


const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

/** Kinds answered, not stored: discovery gives them no storage version hash. */
const UNSTORED = new Set(['authorization.k8s.io', 'authentication.k8s.io']);

/**
 * discovery.StorageVersionHash: the first 8 bytes of sha256("group/version/kind") of the storage version, base64.
 * Clients compare it to notice a storage migration.
 */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

interface Sub {
  name: string;
  verbs: string[];
  /** A kind of another group-version (Scale), or undefined for the resource's own kind. */
  other?: { group: string; version: string; kind: string };
}

/** The subresources of a type in discovery order (by name). */
function subresources(t: ResourceType): Sub[] {
  const subs: Sub[] = [];
  if (t.scale) subs.push({ name: 'scale', other: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: SUBRESOURCE_VERBS });
  if (t.status) subs.push({ name: 'status', verbs: SUBRESOURCE_VERBS });
  for (const x of t.extraSubresources ?? []) subs.push({ name: x.name, other: x.kind, verbs: x.verbs });
  return subs.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function byResource(a: ResourceType, b: ResourceType): number {
  return a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0;
}

function aggregatedResource(t: ResourceType): Record<string, unknown> {
  // responseKind names a group and version only when they differ from the listing's (APIResource group/version).
  const r: Record<string, unknown> = {
    resource: t.resource,
    responseKind: { group: '', version: '', kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
  };
  if (t.shortNames.length) r.shortNames = t.shortNames;
  if (t.categories.length) r.categories = t.categories;
  const subs = subresources(t).map((sub) => ({ subresource: sub.name, responseKind: sub.other ?? { group: '', version: '', kind: t.kind }, verbs: sub.verbs }));
  if (subs.length) r.subresources = subs;
  return r;
}

function legacyResources(t: ResourceType): Record<string, unknown>[] {
  const main: Record<string, unknown> = {
    name: t.resource, singularName: t.singular, namespaced: t.namespaced, kind: t.kind, verbs: t.verbs,
  };
  if (t.shortNames.length) main.shortNames = t.shortNames;
  if (t.categories.length) main.categories = t.categories;
  if (!UNSTORED.has(t.group)) main.storageVersionHash = storageVersionHash(t.group, t.custom?.storageVersion ?? t.version, t.kind);
  const out = [main];
  for (const sub of subresources(t)) {
    out.push({ name: `${t.resource}/${sub.name}`, singularName: '', namespaced: t.namespaced, ...(sub.other ?? { kind: t.kind }), verbs: sub.verbs });
  }
  return out;
}

export class Discovery {
  readonly #registry: Registry;
  #revision = -1;
  readonly #cache = new Map<string, string>();

  constructor(registry: Registry) {
    this.#registry = registry;
  }

  #cached(key: string, build: () => unknown): string {
    if (this.#revision !== this.#registry.revision) {
      this.#cache.clear();
      this.#revision = this.#registry.revision;
    }
    let s = this.#cache.get(key);
    if (s === undefined) {
      s = JSON.stringify(build());
      this.#cache.set(key, s);
    }
    return s;
  }

  /** `/api` (core: true) or `/apis` in aggregated form. */
  aggregated(core: boolean, version: 'v2' | 'v2beta1'): string {
    return this.#cached(`agg:${core}:${version}`, () => ({
      kind: 'APIGroupDiscoveryList',
      apiVersion: `apidiscovery.k8s.io/${version}`,
      metadata: {},
      items: this.#registry.groups().filter((g) => (g.group === '') === core).map((g) => ({
        metadata: core ? { creationTimestamp: null } : { name: g.group, creationTimestamp: null },
        versions: g.versions.map((v) => ({
          version: v,
          resources: this.#registry.typesIn(g.group, v).sort(byResource).map(aggregatedResource),
          freshness: 'Current',
        })),
      })),
    }));
  }

  apiVersions(serverAddress: string): string {
    return this.#cached(`versions:${serverAddress}`, () => ({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    }));
  }

  #group(group: string, versions: string[]): Record<string, unknown> {
    const vs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
    return { name: group, versions: vs, preferredVersion: vs[0] };
  }

  apiGroupList(): string {
    return this.#cached('groups', () => ({
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: this.#registry.groups().filter((g) => g.group !== '').map((g) => this.#group(g.group, g.versions)),
    }));
  }

  /** `/apis/{group}`; undefined when the group is not served. */
  apiGroup(group: string): string | undefined {
    const g = this.#registry.groups().find((x) => x.group === group && group !== '');
    if (!g) return undefined;
    return this.#cached(`group:${group}`, () => ({ kind: 'APIGroup', apiVersion: 'v1', ...this.#group(g.group, g.versions) }));
  }

  /** `/api/v1` or `/apis/{g}/{v}`; undefined when not served. */
  resourceList(group: string, version: string): string | undefined {
    const types = this.#registry.typesIn(group, version);
    if (types.length === 0) return undefined;
    // kube-apiserver's /api/v1 document carries no apiVersion; the group documents say v1.
    return this.#cached(`resources:${group}/${version}`, () => ({
      kind: 'APIResourceList',
      ...(group ? { apiVersion: 'v1' } : {}),
      groupVersion: group ? `${group}/${version}` : version,
      resources: types.sort(byResource).flatMap(legacyResources),
    }));
  }
}
