// The objects every real cluster has, which controllers and in-cluster clients take for granted: the system
// namespaces, each namespace's `default` ServiceAccount and `kube-root-ca.crt` ConfigMap, the `kubernetes` Service,
// the bootstrap RBAC roles, and ServiceAccount tokens from the TokenRequest API.
import { answer, at, nsPath, pick, poll, type Scenario, type Target } from './scenario.js';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The port of the API server, which the `kubernetes` Service's targetPort names. */
function serverPort(t: Target): number {
  return Number(new URL(t.server).port);
}

async function objectIn(t: Target, path: string): Promise<unknown> {
  const r = await poll(async () => {
    const got = await t.request('GET', path);
    return got.status === 200 ? got : undefined;
  }, 10_000);
  return r ? r.body : 'absent';
}

export const builtinObjectScenarios: Scenario[] = [
  {
    id: 'builtin-objects.system-namespaces',
    async run(t) {
      const out: Record<string, unknown> = {};
      for (const ns of [...SYSTEM_NAMESPACES, t.namespace]) {
        const r = await t.request('GET', `/api/v1/namespaces/${ns}`);
        out[ns === t.namespace ? 'scenario' : ns] = { labels: at(r.body, 'metadata.labels'), spec: at(r.body, 'spec'), status: at(r.body, 'status'), annotations: at(r.body, 'metadata.annotations') };
      }
      return out;
    },
  },
  {
    id: 'builtin-objects.default-serviceaccount',
    async run(t) {
      const out: Record<string, unknown> = {};
      for (const ns of [t.namespace, 'kube-system']) {
        const sa = await objectIn(t, `/api/v1/namespaces/${ns}/serviceaccounts/default`);
        out[ns === t.namespace ? 'scenario' : ns] = { ...pick(sa, ['kind', 'apiVersion', 'secrets', 'automountServiceAccountToken']), metadata: pick(at(sa, 'metadata'), ['name', 'labels', 'annotations']) };
      }
      const secrets = await t.request('GET', nsPath(t, 'secrets'));
      out.tokenSecrets = at(secrets.body, 'items');
      return out;
    },
  },
  {
    id: 'builtin-objects.root-ca-configmap',
    async run(t) {
      const out: Record<string, unknown> = {};
      for (const ns of [t.namespace, 'default', 'kube-system', 'kube-public', 'kube-node-lease']) {
        const cm = await objectIn(t, `/api/v1/namespaces/${ns}/configmaps/kube-root-ca.crt`);
        out[ns === t.namespace ? 'scenario' : ns] = { data: at(cm, 'data'), annotations: at(cm, 'metadata.annotations'), managers: (at(cm, 'metadata.managedFields') as unknown[] | undefined)?.length };
      }
      // The publisher puts it back when it is deleted, and undoes edits.
      const path = nsPath(t, 'configmaps', 'kube-root-ca.crt');
      await t.request('PATCH', path, { contentType: 'application/merge-patch+json', body: { data: { 'ca.crt': 'edited' } } });
      const caOf = async (): Promise<unknown> => (at((await t.request('GET', path)).body, 'data') as Record<string, unknown> | undefined)?.['ca.crt'];
      out.restored = await poll(async () => ((await caOf()) !== 'edited' ? true : undefined), 10_000) ?? false;
      out.restoredData = at((await t.request('GET', path)).body, 'data');
      await t.request('DELETE', path);
      out.recreated = await poll(async () => ((await t.request('GET', path)).status === 200 ? true : undefined), 10_000) ?? false;
      return out;
    },
  },
  {
    id: 'builtin-objects.kubernetes-service',
    async run(t) {
      const svc = await t.request('GET', '/api/v1/namespaces/default/services/kubernetes');
      const ports = (at(svc.body, 'spec.ports') as { targetPort?: unknown }[] | undefined)?.map((p) => ({ ...p, targetPort: p.targetPort === serverPort(t) ? 'the API server port' : p.targetPort }));
      const spec = { ...(at(svc.body, 'spec') as object | undefined), ports };
      const kubectl = await t.kubectl(['get', 'svc', 'kubernetes', '-n', 'default']);
      return { status: svc.status, labels: at(svc.body, 'metadata.labels'), spec, objectStatus: at(svc.body, 'status'), kubectl };
    },
  },
  {
    id: 'builtin-objects.bootstrap-rbac',
    async run(t) {
      const roles = ['cluster-admin', 'admin', 'edit', 'view', 'system:discovery', 'system:basic-user', 'system:public-info-viewer'];
      const out: Record<string, unknown> = {};
      for (const name of roles) {
        const r = await t.request('GET', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${encodeURIComponent(name)}`);
        out[name] = {
          status: r.status, labels: at(r.body, 'metadata.labels'), annotations: at(r.body, 'metadata.annotations'), aggregationRule: at(r.body, 'aggregationRule'),
          ...(['cluster-admin', 'system:discovery', 'system:basic-user', 'system:public-info-viewer'].includes(name) ? { rules: at(r.body, 'rules') } : {}),
        };
      }
      for (const name of ['cluster-admin', 'system:discovery', 'system:basic-user', 'system:public-info-viewer']) {
        const r = await t.request('GET', `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${encodeURIComponent(name)}`);
        out[`binding ${name}`] = { status: r.status, roleRef: at(r.body, 'roleRef'), subjects: at(r.body, 'subjects'), labels: at(r.body, 'metadata.labels') };
      }
      return out;
    },
  },
  {
    id: 'builtin-objects.token-request',
    async run(t) {
      const path = nsPath(t, 'serviceaccounts', 'default/token');
      const requested = await t.request('POST', path, { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600 } } });
      const defaults = await t.request('POST', path, { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} } });
      const tooShort = await t.request('POST', path, { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 60 } } });
      const missing = await t.request('POST', nsPath(t, 'serviceaccounts', 'nobody/token'), { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} } });
      const token = String(at(requested.body, 'status.token') ?? '');
      const claims = token ? JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown> : {};
      const kubectl = await t.kubectl(['create', 'token', 'default', '-n', t.namespace]);
      return {
        requested: { status: requested.status, body: requested.body },
        defaults: { status: defaults.status, spec: at(defaults.body, 'spec') },
        tooShort: answer(tooShort),
        missing: answer(missing),
        claims: { ...pick(claims, ['aud', 'iss', 'sub']), kubernetes: pick(claims['kubernetes.io'], ['namespace', 'serviceaccount']), lifetime: Number(claims.exp) - Number(claims.iat), hasJti: typeof claims.jti === 'string', hasNbf: typeof claims.nbf === 'number' },
        kubectl: { code: kubectl.code, looksLikeJwt: /^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/.test(kubectl.stdout), stderr: kubectl.stderr },
      };
    },
  },
];
