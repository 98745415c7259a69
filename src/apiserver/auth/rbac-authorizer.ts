// The RBAC authorizer (kube-apiserver's --authorization-mode=RBAC) over the objects in the store. Per user (name +
// groups) it resolves once which rules apply cluster-wide and which per namespace, and keeps that until an RBAC
// object changes (a version counter bumped by the store's change feed), so a request costs a map lookup and a scan
// of that user's rules: microseconds, whatever the number of bindings.
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import { selectorFromLabelSelector, type LabelSelectorSpec } from '../../common/labels.js';
import type { Store } from '../storage/store.js';
import type { RequestAttributes } from './request-attributes.js';
import { ruleAllows, subjectMatches, type PolicyRule, type Subject } from './rbac-rules.js';
import type { UserInfo } from './token-file.js';

export const RBAC_STORAGE_KEYS = {
  roles: 'rbac.authorization.k8s.io/roles',
  clusterRoles: 'rbac.authorization.k8s.io/clusterroles',
  roleBindings: 'rbac.authorization.k8s.io/rolebindings',
  clusterRoleBindings: 'rbac.authorization.k8s.io/clusterrolebindings',
} as const;

/** The group whose members may do everything without RBAC (kube-apiserver's privileged group authorizer). */
export const SYSTEM_MASTERS = 'system:masters';

export interface Decision {
  allowed: boolean;
  /** Why it was allowed ("RBAC: allowed by ..."); empty when denied, as Kubernetes' RBAC authorizer leaves it. */
  reason: string;
}

/** Rules granted through one binding, with the text Kubernetes uses to name it in reasons. */
interface Grant {
  source: string;
  rules: PolicyRule[];
}

interface UserRules {
  version: number;
  cluster: Grant[];
  byNamespace: Map<string, Grant[]>;
}

/** Bounds the per-user cache; identities are few (admin, a handful of static users and service accounts). */
const MAX_CACHED_USERS = 4096;

function rulesOf(o: KubeObject | undefined): PolicyRule[] {
  return o && Array.isArray(o.rules) ? (o.rules.filter(isObject) as PolicyRule[]) : [];
}

function subjectsOf(o: KubeObject): Subject[] {
  return Array.isArray(o.subjects) ? (o.subjects.filter(isObject) as Subject[]) : [];
}

function roleRefOf(o: KubeObject): { kind: string; name: string } | undefined {
  const r = o.roleRef;
  if (!isObject(r) || typeof r.kind !== 'string' || typeof r.name !== 'string') return undefined;
  return { kind: r.kind, name: r.name };
}

export class RbacAuthorizer {
  readonly #store: Store;
  #version = 0;
  readonly #cache = new Map<string, UserRules>();
  readonly #unsubscribe: (() => void)[];

  constructor(store: Store) {
    this.#store = store;
    const bump = (): void => {
      this.#version++;
    };
    this.#unsubscribe = Object.values(RBAC_STORAGE_KEYS).map((k) => store.subscribe(k, bump));
  }

  close(): void {
    for (const u of this.#unsubscribe) u();
  }

  authorize(user: UserInfo, a: RequestAttributes): Decision {
    if (user.groups.includes(SYSTEM_MASTERS)) return { allowed: true, reason: '' };
    const rules = this.#rulesFor(user);
    const visit = (grants: Grant[] | undefined): string | undefined => {
      for (const g of grants ?? []) for (const r of g.rules) if (ruleAllows(r, a)) return g.source;
      return undefined;
    };
    const ns = a.kind === 'resource' ? a.namespace : '';
    const source = visit(rules.cluster) ?? (ns ? visit(rules.byNamespace.get(ns)) : undefined);
    return source ? { allowed: true, reason: `RBAC: allowed by ${source}` } : { allowed: false, reason: '' };
  }

  /** Every rule that applies to the user in a namespace ('' = cluster-wide only), for SelfSubjectRulesReview-like listings. */
  rulesIn(user: UserInfo, namespace: string): PolicyRule[] {
    const r = this.#rulesFor(user);
    return [...r.cluster, ...(namespace ? r.byNamespace.get(namespace) ?? [] : [])].flatMap((g) => g.rules);
  }

  #rulesFor(user: UserInfo): UserRules {
    const key = `${user.name}\u0000${user.groups.join('\u0000')}`;
    const cached = this.#cache.get(key);
    if (cached && cached.version === this.#version) return cached;
    if (this.#cache.size >= MAX_CACHED_USERS) this.#cache.clear();
    const computed = this.#compute(user);
    this.#cache.set(key, computed);
    return computed;
  }

  #compute(user: UserInfo): UserRules {
    const store = this.#store;
    const out: UserRules = { version: this.#version, cluster: [], byNamespace: new Map() };
    const matching = (b: KubeObject, ns: string): Subject | undefined => subjectsOf(b).find((s) => subjectMatches(s, user, ns));
    for (const b of store.list(RBAC_STORAGE_KEYS.clusterRoleBindings)) {
      const s = matching(b, '');
      const ref = roleRefOf(b);
      if (!s || !ref || ref.kind !== 'ClusterRole') continue;
      out.cluster.push({
        source: `ClusterRoleBinding "${b.metadata.name ?? ''}" of ClusterRole "${ref.name}" to ${s.kind ?? ''} "${s.name ?? ''}"`,
        rules: this.#clusterRoleRules(ref.name),
      });
    }
    for (const b of store.list(RBAC_STORAGE_KEYS.roleBindings)) {
      const ns = b.metadata.namespace ?? '';
      const s = matching(b, ns);
      const ref = roleRefOf(b);
      if (!s || !ref) continue;
      let rules: PolicyRule[];
      if (ref.kind === 'ClusterRole') rules = this.#clusterRoleRules(ref.name);
      else if (ref.kind === 'Role') rules = rulesOf(store.get(RBAC_STORAGE_KEYS.roles, ns, ref.name));
      else continue;
      // Non-resource URLs are cluster-wide; a namespaced binding cannot grant them (rbac.go visits only
      // ClusterRoleBindings for them), so they are dropped here rather than checked per request.
      rules = rules.filter((r) => (r.resources ?? []).length > 0);
      let list = out.byNamespace.get(ns);
      if (!list) out.byNamespace.set(ns, (list = []));
      list.push({ source: `RoleBinding "${b.metadata.name ?? ''}/${ns}" of ${ref.kind} "${ref.name}" to ${s.kind ?? ''} "${s.name ?? ''}"`, rules });
    }
    return out;
  }

  /**
   * A ClusterRole's rules; with an aggregationRule, also the rules of every ClusterRole its selectors match,
   * transitively (what kube-controller-manager's clusterrole-aggregation controller writes into the object, computed
   * here on read: `edit` aggregates `view`, which itself aggregates).
   */
  #clusterRoleRules(name: string, visiting = new Set<string>()): PolicyRule[] {
    const role = this.#store.get(RBAC_STORAGE_KEYS.clusterRoles, '', name);
    if (!role || visiting.has(name)) return [];
    visiting.add(name);
    const rules = rulesOf(role);
    const agg = role.aggregationRule;
    if (!isObject(agg) || !Array.isArray(agg.clusterRoleSelectors)) return rules;
    const selectors = agg.clusterRoleSelectors.filter(isObject).flatMap((s) => {
      try {
        return [selectorFromLabelSelector(s as LabelSelectorSpec)];
      } catch {
        return [];
      }
    });
    for (const other of this.#store.list(RBAC_STORAGE_KEYS.clusterRoles)) {
      const otherName = other.metadata.name ?? '';
      if (visiting.has(otherName)) continue;
      if (selectors.some((sel) => sel.matches(other.metadata.labels))) rules.push(...this.#clusterRoleRules(otherName, visiting));
    }
    return rules;
  }
}
