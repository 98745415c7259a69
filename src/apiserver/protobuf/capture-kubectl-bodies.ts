// Developer tool that regenerates kubectl-bodies.fixture.ts: it runs the real kubectl 1.31 (JSON bodies), 1.32 and 1.33
// (protobuf bodies) against a throwaway recording server and writes every POST body it received. Run it by hand:
//   node dist/src/apiserver/protobuf/capture-kubectl-bodies.js > src/apiserver/protobuf/kubectl-bodies.fixture.ts
// The server only answers what kubectl needs before it POSTs (kubectl-wire.md §2–§4) and echoes a minimal object.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { realpathSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

interface ServedResource { group: string; version: string; resource: string; kind: string; namespaced: boolean }

const resources: ServedResource[] = [
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  { group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true },
  { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true },
  { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true },
  { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', kind: 'Role', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', kind: 'ClusterRole', namespaced: false },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false },
  { group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', namespaced: false },
];

/** One kubectl invocation whose POST body is recorded. */
interface Scenario { name: string; args: string[] }

const scenarios: Scenario[] = [
  { name: 'namespace', args: ['create', 'namespace', 'team-a'] },
  { name: 'configmap', args: ['create', 'configmap', 'cm1', '--from-literal=a=b', '--from-literal=color=blue'] },
  { name: 'configmap-namespaced', args: ['create', 'configmap', 'cm2', '-n', 'team-a', '--from-literal=k=v'] },
  { name: 'secret-generic', args: ['create', 'secret', 'generic', 's1', '--from-literal=password=hunter2'] },
  { name: 'secret-docker-registry', args: ['create', 'secret', 'docker-registry', 'reg', '--docker-server=r.example.com', '--docker-username=u', '--docker-password=p'] },
  { name: 'serviceaccount', args: ['create', 'serviceaccount', 'sa1'] },
  { name: 'deployment', args: ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3', '--port=80'] },
  { name: 'deployment-two-images', args: ['create', 'deployment', 'multi', '--image=nginx', '--image=busybox:1.36'] },
  { name: 'deployment-zero-replicas', args: ['create', 'deployment', 'idle', '--image=nginx', '--replicas=0'] },
  { name: 'service-clusterip', args: ['create', 'service', 'clusterip', 'svc1', '--tcp=80:8080'] },
  { name: 'service-headless', args: ['create', 'service', 'clusterip', 'headless', '--clusterip=None', '--tcp=80:http'] },
  { name: 'service-nodeport', args: ['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080'] },
  { name: 'service-loadbalancer', args: ['create', 'service', 'loadbalancer', 'lb', '--tcp=443:8443'] },
  { name: 'service-externalname', args: ['create', 'service', 'externalname', 'ext', '--external-name=example.com'] },
  { name: 'job', args: ['create', 'job', 'j1', '--image=busybox', '--', 'echo', 'hi'] },
  { name: 'cronjob', args: ['create', 'cronjob', 'cj1', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date'] },
  { name: 'role', args: ['create', 'role', 'r1', '--verb=get,list', '--resource=pods,deployments.apps', '--resource-name=web'] },
  { name: 'rolebinding', args: ['create', 'rolebinding', 'rb1', '--role=r1', '--user=alice', '--group=devs', '--serviceaccount=team-a:sa1'] },
  { name: 'clusterrole', args: ['create', 'clusterrole', 'cr1', '--verb=get,watch', '--resource=nodes'] },
  { name: 'clusterrole-nonresource', args: ['create', 'clusterrole', 'cr2', '--verb=get', '--non-resource-url=/logs/*'] },
  { name: 'clusterrole-aggregation', args: ['create', 'clusterrole', 'cr3', '--aggregation-rule=team=a'] },
  { name: 'clusterrolebinding', args: ['create', 'clusterrolebinding', 'crb1', '--clusterrole=cr1', '--user=bob'] },
  { name: 'can-i-resource', args: ['auth', 'can-i', 'create', 'deployments.apps', '-n', 'team-a'] },
  { name: 'can-i-subresource', args: ['auth', 'can-i', 'get', 'pods/web', '--subresource=log'] },
  { name: 'can-i-nonresource', args: ['auth', 'can-i', 'get', '/healthz'] },
];

function discovery(core: boolean): unknown {
  const byGroup = new Map<string, ServedResource[]>();
  for (const r of resources) {
    if ((r.group === '') !== core) continue;
    byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
  }
  return {
    kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {},
    items: [...byGroup].map(([group, rs]) => ({
      metadata: group ? { name: group } : {},
      versions: [{ version: 'v1', freshness: 'Current', resources: rs.map((r) => ({
        resource: r.resource, responseKind: { group: r.group, version: r.version, kind: r.kind },
        scope: r.namespaced ? 'Namespaced' : 'Cluster', singularResource: r.kind.toLowerCase(),
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      })) }],
    })),
  };
}

function gvPath(group: string, version: string): string { return group ? `apis/${group}/${version}` : `api/${version}`; }

function openapiDocument(path: string): unknown {
  const paths: Record<string, unknown> = {};
  for (const r of resources) {
    if (gvPath(r.group, r.version) !== path) continue;
    paths[`/${path}/${r.namespaced ? 'namespaces/{namespace}/' : ''}${r.resource}/{name}`] = { patch: {
      'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
      parameters: ['dryRun', 'fieldManager', 'fieldValidation'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
      responses: {},
    } };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas: {} } };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

interface Recorded { contentType: string; body: Buffer }

function startServer(record: (r: Recorded) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const p = url.pathname;
      if (p === '/version') return send(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.0' });
      if (p === '/api' || p === '/apis') {
        res.writeHead(200, { 'Content-Type': 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
        return res.end(JSON.stringify(discovery(p === '/api')));
      }
      if (p === '/openapi/v3') {
        const index: Record<string, unknown> = {};
        for (const r of resources) index[gvPath(r.group, r.version)] = { serverRelativeURL: `/openapi/v3/${gvPath(r.group, r.version)}?hash=1` };
        return send(res, 200, { paths: index });
      }
      if (p.startsWith('/openapi/v3/')) return send(res, 200, openapiDocument(p.slice('/openapi/v3/'.length)));
      if (req.method === 'POST') {
        record({ contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
        const segments = p.split('/').filter(Boolean);
        const resource = segments[segments.length - 1];
        const served = resources.find((r) => r.resource === resource);
        const apiVersion = served?.group ? `${served.group}/${served.version}` : 'v1';
        return send(res, 201, { apiVersion, kind: served?.kind ?? 'Unknown', metadata: { name: 'captured', namespace: 'default' }, status: { allowed: true } });
      }
      return send(res, 404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) });
  }));
}

function runKubectl(binary: string, kubeconfig: string, home: string, args: string[]): Promise<void> {
  return new Promise((resolve) => {
    execFile(binary, ['--kubeconfig', kubeconfig, ...args], { env: { ...process.env, HOME: home }, timeout: 30_000 }, (_e, _o, err) => { if (process.env.CAPTURE_DEBUG) process.stderr.write(err); resolve(); });
  });
}

async function main(): Promise<void> {
  const kubectlDir = dirname(realpathSync(execFileSync('sh', ['-c', 'command -v kubectl']).toString().trim()));
  const dir = await mkdtemp(join(tmpdir(), 'kubectl-capture-'));
  let current: Recorded | undefined;
  const server = await startServer((r) => { current = r; });
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    await writeFile(kubeconfig, [
      'apiVersion: v1', 'kind: Config', 'current-context: c',
      'clusters: [{name: c, cluster: {server: "' + server.url + '"}}]',
      'users: [{name: u, user: {}}]', 'contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]', '',
    ].join('\n'));
    const out: string[] = [
      '// Generated by capture-kubectl-bodies.ts from the real kubectl binaries: request bodies of typed `kubectl create` and',
      '// `kubectl auth can-i` commands. 1.31 sends JSON, 1.32 and 1.33 send protobuf (kubectl-wire.md §9).',
      'export interface CapturedBody { scenario: string; args: string[]; json: string; protobuf132: string; protobuf133: string }',
      '',
      'export const capturedBodies: CapturedBody[] = [',
    ];
    for (const s of scenarios) {
      const bodies: Record<string, string> = {};
      for (const version of ['1.31', '1.32', '1.33']) {
        current = undefined;
        await runKubectl(join(kubectlDir, `kubectl.${version}`), kubeconfig, join(dir, `home-${version}`), s.args);
        const got = current as Recorded | undefined;
        if (!got) throw new Error(`kubectl ${version} ${s.args.join(' ')} sent no POST`);
        bodies[version] = version === '1.31' ? got.body.toString('utf8') : got.body.toString('hex');
        if (version !== '1.31' && got.contentType !== 'application/vnd.kubernetes.protobuf') {
          throw new Error(`kubectl ${version} ${s.args.join(' ')} sent ${got.contentType}, expected protobuf`);
        }
      }
      out.push(`  { scenario: ${JSON.stringify(s.name)}, args: ${JSON.stringify(s.args)},`,
        `    json: ${JSON.stringify(bodies['1.31'])},`,
        `    protobuf132: ${JSON.stringify(bodies['1.32'])},`,
        `    protobuf133: ${JSON.stringify(bodies['1.33'])} },`);
    }
    out.push('];', '');
    process.stdout.write(out.join('\n'));
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
