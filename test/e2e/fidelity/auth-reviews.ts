// Authentication and authorization as clients see them: SelfSubjectAccessReview (kubectl auth can-i),
// SelfSubjectRulesReview (can-i --list), SubjectAccessReview for another user, SelfSubjectReview (kubectl auth
// whoami), and requests with a ServiceAccount token (403 bodies) or a bad token (401).
import { answer, at, nsPath, type Scenario, type Target } from './scenario.js';

const AUTHZ = '/apis/authorization.k8s.io/v1';

function ssar(attrs: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: attrs };
}

/** A Role letting user jane read ConfigMaps in the scenario namespace. */
async function grantJane(t: Target): Promise<void> {
  const rbac = 'rbac.authorization.k8s.io/v1';
  await t.request('POST', nsPath(t, 'roles', undefined, rbac), { body: { apiVersion: rbac, kind: 'Role', metadata: { name: 'cm-reader' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }] } });
  await t.request('POST', nsPath(t, 'rolebindings', undefined, rbac), {
    body: { apiVersion: rbac, kind: 'RoleBinding', metadata: { name: 'jane-reads' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-reader' }, subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }] },
  });
}

async function saToken(t: Target): Promise<string> {
  const r = await t.request('POST', nsPath(t, 'serviceaccounts', 'default/token'), { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} } });
  return String(at(r.body, 'status.token') ?? '');
}

export const authScenarios: Scenario[] = [
  {
    id: 'auth.self-subject-access-review',
    async run(t) {
      const post = async (spec: Record<string, unknown>): Promise<unknown> => answer(await t.request('POST', `${AUTHZ}/selfsubjectaccessreviews`, { body: ssar(spec) }));
      return {
        resource: await post({ resourceAttributes: { verb: 'list', resource: 'pods', namespace: t.namespace } }),
        nonResource: await post({ nonResourceAttributes: { verb: 'get', path: '/healthz' } }),
        neither: await post({}),
        both: await post({ resourceAttributes: { verb: 'get', resource: 'pods' }, nonResourceAttributes: { verb: 'get', path: '/' } }),
        canI: await t.kubectl(['auth', 'can-i', 'create', 'deployments', '-n', t.namespace]),
        canIAll: await t.kubectl(['auth', 'can-i', '*', '*']),
        canIAs: await t.kubectl(['auth', 'can-i', 'list', 'configmaps', '--as=nobody', '-n', t.namespace]),
      };
    },
  },
  {
    id: 'auth.self-subject-rules-review',
    async run(t) {
      const r = await t.request('POST', `${AUTHZ}/selfsubjectrulesreviews`, { body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: t.namespace } } });
      const noNamespace = await t.request('POST', `${AUTHZ}/selfsubjectrulesreviews`, { body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: {} } });
      await grantJane(t);
      // The authorizer visits bindings in its cache's order, which is not stable: the rules are a set.
      const bySet = (v: unknown): unknown => (Array.isArray(v) ? [...v].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : v);
      const status = at(r.body, 'status') as Record<string, unknown> | undefined;
      const review = status ? { ...answer(r), body: { ...(r.body as object), status: { ...status, resourceRules: bySet(status.resourceRules), nonResourceRules: bySet(status.nonResourceRules) } } } : answer(r);
      return {
        review,
        noNamespace: answer(noNamespace),
        list: await t.kubectl(['auth', 'can-i', '--list', '-n', t.namespace, '--as=jane']),
      };
    },
  },
  {
    id: 'auth.subject-access-review',
    async run(t) {
      await grantJane(t);
      const sar = (spec: Record<string, unknown>): Promise<unknown> => t.request('POST', `${AUTHZ}/subjectaccessreviews`, {
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec },
      }).then(answer);
      const local = await t.request('POST', `${AUTHZ}/namespaces/${t.namespace}/localsubjectaccessreviews`, {
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', metadata: { namespace: t.namespace }, spec: { user: 'jane', resourceAttributes: { verb: 'get', resource: 'configmaps', namespace: t.namespace } } },
      });
      return {
        allowed: await sar({ user: 'jane', resourceAttributes: { verb: 'get', resource: 'configmaps', namespace: t.namespace } }),
        denied: await sar({ user: 'jane', resourceAttributes: { verb: 'delete', resource: 'configmaps', namespace: t.namespace } }),
        group: await sar({ user: 'someone', groups: ['system:masters'], resourceAttributes: { verb: 'delete', resource: 'nodes' } }),
        nonResource: await sar({ user: 'jane', nonResourceAttributes: { verb: 'get', path: '/version' } }),
        noUser: await sar({ resourceAttributes: { verb: 'get', resource: 'pods' } }),
        local: answer(local),
      };
    },
  },
  {
    id: 'auth.whoami-and-tokens',
    async run(t) {
      const token = await saToken(t);
      const self = await t.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }, token });
      const forbidden = await t.request('GET', nsPath(t, 'configmaps'), { token });
      const forbiddenNamed = await t.request('DELETE', nsPath(t, 'secrets', 'x'), { token });
      const forbiddenCluster = await t.request('GET', '/api/v1/nodes', { token });
      const discovery = await t.request('GET', '/version', { token });
      const badToken = await t.request('GET', nsPath(t, 'configmaps'), { token: 'not-a-real-token' });
      const anonymous = await t.request('GET', nsPath(t, 'configmaps'), { token: '' });
      const anonymousVersion = await t.request('GET', '/version', { token: '' });
      const extra = at(self.body, 'status.userInfo.extra') as Record<string, unknown> | undefined;
      return {
        self: { status: self.status, username: at(self.body, 'status.userInfo.username'), groups: at(self.body, 'status.userInfo.groups'), extraKeys: extra ? Object.keys(extra).sort() : extra },
        forbidden: answer(forbidden), forbiddenNamed: answer(forbiddenNamed), forbiddenCluster: answer(forbiddenCluster),
        discovery: discovery.status, badToken: answer(badToken), anonymous: answer(anonymous), anonymousVersion: anonymousVersion.status,
        whoami: await t.kubectl(['auth', 'whoami']),
      };
    },
  },
];
