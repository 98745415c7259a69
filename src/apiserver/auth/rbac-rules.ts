// RBAC rule and subject matching (k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/rbac.go RuleAllows and
// k8s.io/component-helpers/auth/rbac/validation appliesTo), on the rbac.authorization.k8s.io/v1 shapes.
import type { UserInfo } from './token-file.js';
import type { RequestAttributes } from './request-attributes.js';

/** rbac.authorization.k8s.io/v1 PolicyRule. */
export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** rbac.authorization.k8s.io/v1 Subject. */
export interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

const ALL = '*';

function verbMatches(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((v) => v === ALL || v === verb);
}

function groupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === ALL || g === group);
}

/** `*` matches everything, `deployments/status` exactly that subresource, `*\/scale` one subresource of any resource. */
function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources ?? []) {
    if (r === ALL || r === combined) return true;
    if (subresource && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

function nameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** `/healthz` exactly, `/apis/*` any path with that prefix, `*` every path. */
function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === ALL || u === path) return true;
    if (u.endsWith(ALL) && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!verbMatches(rule, a.verb)) return false;
  if (a.kind === 'nonResource') return nonResourceURLMatches(rule, a.path);
  return groupMatches(rule, a.group) && resourceMatches(rule, a.resource, a.subresource) && nameMatches(rule, a.name);
}

export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/**
 * Whether a binding subject names this user. A ServiceAccount subject without a namespace means the binding's own
 * namespace (empty for ClusterRoleBindings, where it then matches nobody).
 */
export function subjectMatches(s: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === user.name;
    case 'Group':
      return s.name !== undefined && user.groups.includes(s.name);
    case 'ServiceAccount': {
      const ns = s.namespace || bindingNamespace;
      return ns !== '' && !!s.name && serviceAccountUsername(ns, s.name) === user.name;
    }
    default:
      return false;
  }
}
