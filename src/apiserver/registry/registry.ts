// The set of served resources. Built-ins are fixed; CRDs add and remove types at run time, so every change bumps
// `revision`, which discovery and OpenAPI use to rebuild their cached documents.
import { builtinResourceTypes } from './builtin-types.js';
import type { ResourceType } from './resource-type.js';
import { compareKubeVersions } from './version-priority.js';

/**
 * The order of kube-apiserver's built-in groups in /apis (the aggregator's group priorities, measured on v1.37):
 * the core group first, then these.
 */
const GROUP_ORDER = [
  '', 'apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling',
  'batch', 'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io',
  'discovery.k8s.io', 'resource.k8s.io', 'flowcontrol.apiserver.k8s.io', 'storagemigration.k8s.io',
];

export interface GroupVersions {
  group: string;
  /** Preferred first (Kubernetes version priority). */
  versions: string[];
}

export class Registry {
  #byGvr = new Map<string, ResourceType>();
  #byGvk = new Map<string, ResourceType>();
  #builtinGroups: string[] = [];
  revision = 0;

  constructor() {
    for (const t of builtinResourceTypes()) {
      this.add(t);
      if (!this.#builtinGroups.includes(t.group)) this.#builtinGroups.push(t.group);
    }
  }

  add(t: ResourceType): void {
    this.#byGvr.set(`${t.group}/${t.version}/${t.resource}`, t);
    this.#byGvk.set(`${t.group}/${t.version}/${t.kind}`, t);
    this.revision++;
  }

  remove(group: string, version: string, resource: string): void {
    const t = this.#byGvr.get(`${group}/${version}/${resource}`);
    if (!t) return;
    this.#byGvr.delete(`${group}/${version}/${resource}`);
    if (this.#byGvk.get(`${group}/${version}/${t.kind}`) === t) this.#byGvk.delete(`${group}/${version}/${t.kind}`);
    this.revision++;
  }

  get(group: string, version: string, resource: string): ResourceType | undefined {
    return this.#byGvr.get(`${group}/${version}/${resource}`);
  }

  byKind(group: string, version: string, kind: string): ResourceType | undefined {
    return this.#byGvk.get(`${group}/${version}/${kind}`);
  }

  /** Every type served for a storage key (all versions of one group's resource). */
  byStorageKey(storageKey: string): ResourceType[] {
    return this.all().filter((t) => t.storageKey === storageKey);
  }

  all(): ResourceType[] {
    return [...this.#byGvr.values()];
  }

  typesIn(group: string, version: string): ResourceType[] {
    return this.all().filter((t) => t.group === group && t.version === version);
  }

  /**
   * Groups in Kubernetes' discovery order: built-in groups by kube-apiserver's group priority (GROUP_ORDER), then CRD
   * groups by name.
   */
  groups(): GroupVersions[] {
    const versions = new Map<string, Set<string>>();
    for (const t of this.#byGvr.values()) {
      let s = versions.get(t.group);
      if (!s) versions.set(t.group, (s = new Set()));
      s.add(t.version);
    }
    const custom = [...versions.keys()].filter((g) => !this.#builtinGroups.includes(g)).sort();
    const rank = (g: string): number => (GROUP_ORDER.includes(g) ? GROUP_ORDER.indexOf(g) : GROUP_ORDER.length);
    const builtin = this.#builtinGroups.filter((g) => versions.has(g)).sort((a, b) => rank(a) - rank(b));
    return [...builtin, ...custom].map((group) => ({
      group,
      versions: [...(versions.get(group) ?? [])].sort(compareKubeVersions),
    }));
  }
}
