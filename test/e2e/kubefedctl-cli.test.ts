// kubefedctl as a user runs it, on three local clusters (cluster1 is the host), checked with the real kubectl:
// init (twice, then with --deploy), join ×3, enable by every name form and for a CRD type, federate (object,
// namespace contents, file), disable, orphaning-deletion, unjoin, and every error path with its one-line message and
// exit code 1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, startClusters, waitFor, type CommandResult } from './harness.js';

const c = await startClusters(3);
const NS = 'kube-federation-system';

function kubefedctl(args: string[], timeoutMs = 90_000): Promise<CommandResult> {
  // HOME and KUBECONFIG point at the clusters' kubeconfig only, as a user's shell would.
  return runCli('kubefedctl', args, { env: { HOME: c.home, KUBECONFIG: c.kubeconfig }, timeoutMs });
}

function ok(r: CommandResult, what: string): void {
  assert.equal(r.code, 0, `${what} exit code\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}

function assertOneLineError(r: CommandResult, pattern: RegExp): void {
  assert.equal(r.code, 1, `exit code; stdout: ${r.stdout} stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n').filter((l) => !/^[IW]\d{4} /.test(l));
  assert.equal(lines.length, 1, `one error line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0] ?? '', /^error: /);
  assert.match(lines[0] ?? '', pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

async function kubectlOk(args: string[], context = 'cluster1'): Promise<string> {
  const r = await c.kubectl(args, { context });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function absent(args: string[], context: string): Promise<boolean> {
  const r = await c.kubectl([...args, '--ignore-not-found', '-o', 'name'], { context });
  return r.code === 0 && r.stdout.trim() === '';
}

test('version prints KubeFed\'s version.Info format', async () => {
  const r = await kubefedctl(['version']);
  ok(r, 'version');
  assert.match(r.stdout, /^kubefedctl version: version\.Info\{Version:"v\d+\.\d+\.\d+", GitCommit:"[^"]*", GitTreeState:"[^"]*", BuildDate:"[^"]*", GoVersion:"[^"]*", Compiler:"[^"]*", Platform:"[^"]+"\}\n$/);
});

test('every command has --help', async () => {
  for (const cmd of [[], ['init'], ['join'], ['unjoin'], ['enable'], ['disable'], ['federate'], ['orphaning-deletion'], ['orphaning-deletion', 'status'], ['version'], ['completion']]) {
    const r = await kubefedctl([...cmd, '--help']);
    ok(r, `${cmd.join(' ')} --help`);
    assert.match(r.stdout, /^Usage: kubefedctl/);
  }
});

test('completion bash is a script bash accepts', async () => {
  const r = await kubefedctl(['completion', 'bash']);
  ok(r, 'completion bash');
  assert.match(r.stdout, /complete -F _kubefedctl kubefedctl/);
});

test('join before init: missing KubeFedConfig', async () => {
  const r = await kubefedctl(['join', 'cluster2', '--cluster-context', 'cluster2', '--host-cluster-context', 'cluster1']);
  assertOneLineError(r, /A KubeFedConfig named "kubefed" was not found in namespace "kube-federation-system"\. Is a KubeFed control plane running in this namespace\? Run "kubefedctl init/);
  assert.ok(await absent(['get', 'namespace', NS], 'cluster2'), 'nothing created in the member');
});

test('init installs the control plane objects, and a second run changes nothing', async () => {
  const first = await kubefedctl(['init', '--host-cluster-context', 'cluster1', '--v=2']);
  ok(first, 'init');
  assert.match(first.stdout, /^namespace\/kube-federation-system created$/m);
  assert.match(first.stdout, /^customresourcedefinition\.apiextensions\.k8s\.io\/kubefedclusters\.core\.kubefed\.io created$/m);
  assert.match(first.stdout, /^kubefedconfig\.core\.kubefed\.io\/kubefed created in namespace kube-federation-system$/m);
  assert.match(first.stdout, /^federatedtypeconfig\.core\.kubefed\.io\/deployments\.apps created in namespace kube-federation-system$/m);
  assert.match(first.stderr, /^I\d{4} [\d:.]+ +\d+ init\] Waiting for \d+ CustomResourceDefinitions to be Established$/m);
  const second = await kubefedctl(['init', '--host-cluster-context', 'cluster1']);
  ok(second, 'init again');
  assert.doesNotMatch(second.stdout, / (created|configured)/);
  assert.equal(second.stdout.trim().split('\n').length, first.stdout.trim().split('\n').length);

  const ftcs = await kubectlOk(['-n', NS, 'get', 'federatedtypeconfigs', '-o', 'jsonpath={.items[*].metadata.name}']);
  assert.deepEqual(ftcs.split(' ').sort(), [
    'clusterroles.rbac.authorization.k8s.io', 'configmaps', 'deployments.apps', 'ingresses.networking.k8s.io', 'jobs.batch',
    'namespaces', 'replicasets.apps', 'secrets', 'serviceaccounts', 'services',
  ]);
  assert.equal(await kubectlOk(['-n', NS, 'get', 'kubefedconfig', 'kubefed', '-o', 'jsonpath={.spec.scope} {.spec.controllerDuration.availableDelay}']), 'Cluster 20s');
  await kubectlOk(['-n', NS, 'get', 'serviceaccount', 'kubefed-controller']);
  await kubectlOk(['get', 'clusterrolebinding', 'kubefed-rolebinding']);
  await kubectlOk(['get', 'crd', 'federateddeployments.types.kubefed.io']);
  // The controller watches the member clusters' credential Secrets through an informer: get alone would be Forbidden.
  const secretVerbs = await kubectlOk(['-n', NS, 'get', 'role', 'kubefed-config-role', '-o', 'jsonpath={.rules[?(@.resources[0]=="secrets")].verbs}']);
  assert.deepEqual(JSON.parse(secretVerbs), ['get', 'watch', 'list']);
  assert.ok(await absent(['-n', NS, 'get', 'deployment', 'kubefed-controller-manager'], 'cluster1'), 'no Deployment without --deploy');
});

test('init --image without --deploy is refused', async () => {
  const r = await kubefedctl(['init', '--host-cluster-context', 'cluster1', '--image', 'example.org/kubefed-ts:e2e']);
  assertOneLineError(r, /--image sets the image of the controller manager Deployment, which only --deploy installs: add --deploy or drop --image/);
});

test('init --deploy adds the controller manager Deployment and metrics Service, and a second run changes nothing', async () => {
  const image = 'example.org/kubefed-ts:e2e';
  const first = await kubefedctl(['init', '--host-cluster-context', 'cluster1', '--deploy', '--image', image, '--v=2']);
  ok(first, 'init --deploy');
  assert.match(first.stdout, /^deployment\.apps\/kubefed-controller-manager created in namespace kube-federation-system$/m);
  assert.match(first.stdout, /^service\/kubefed-controller-manager-metrics-service created in namespace kube-federation-system$/m);
  assert.equal(first.stdout.split('\n').filter((l) => / (created|configured)/.test(l)).length, 2, `only the two new objects change:\n${first.stdout}`);
  assert.match(first.stderr, /^I\d{4} [\d:.]+ +\d+ init\] Deploying the controller manager with image example\.org\/kubefed-ts:e2e$/m);
  const second = await kubefedctl(['init', '--host-cluster-context', 'cluster1', '--deploy', '--image', image]);
  ok(second, 'init --deploy again');
  assert.doesNotMatch(second.stdout, / (created|configured)/);

  // The object is what matters here: whether the local cluster's simulated kubelet runs its pods is not init's concern.
  const container = JSON.parse(await kubectlOk(['-n', NS, 'get', 'deployment', 'kubefed-controller-manager', '-o', 'jsonpath={.spec.template.spec.containers[0]}'])) as {
    image: string; command: string[];
  };
  assert.equal(container.image, image);
  assert.deepEqual(container.command, ['kubefed-controller-manager', '--kubefed-namespace=$(POD_NAMESPACE)', '--v=2', '--healthz-addr=:8080', '--metrics-addr=:9090']);
  assert.equal(await kubectlOk(['-n', NS, 'get', 'deployment', 'kubefed-controller-manager', '-o', 'jsonpath={.spec.template.spec.serviceAccountName}']), 'kubefed-controller');
  assert.equal(await kubectlOk(['-n', NS, 'get', 'service', 'kubefed-controller-manager-metrics-service', '-o', 'jsonpath={.spec.ports[0].port}']), '9090');
});

test('join ×3 (the host joined to itself too), then kubectl lists three KubeFedClusters', async () => {
  for (const name of ['cluster1', 'cluster2', 'cluster3']) {
    const r = await kubefedctl(['join', name, '--cluster-context', name, '--host-cluster-context', 'cluster1', '--v=2']);
    ok(r, `join ${name}`);
    assert.match(r.stderr, /join\] Performing preflight checks\.$/m);
    assert.equal(await kubectlOk(['-n', NS, 'get', 'serviceaccount', `${name}-cluster1`, '-o', 'jsonpath={.metadata.name}'], name), `${name}-cluster1`);
    await kubectlOk(['get', 'clusterrole', `kubefed-controller-manager:${name}-cluster1`], name);
    await kubectlOk(['get', 'clusterrolebinding', `kubefed-controller-manager:${name}-cluster1`], name);
  }
  const table = await kubectlOk(['-n', NS, 'get', 'kubefedclusters']);
  assert.match(table, /^NAME\s/);
  for (const name of ['cluster1', 'cluster2', 'cluster3']) assert.match(table, new RegExp(`^${name}\\s`, 'm'));
  const spec = JSON.parse(await kubectlOk(['-n', NS, 'get', 'kubefedcluster', 'cluster2', '-o', 'jsonpath={.spec}'])) as { apiEndpoint: string; caBundle: string; secretRef: { name: string } };
  assert.equal(spec.apiEndpoint, c.credentials('cluster2').server);
  assert.equal(Buffer.from(spec.caBundle, 'base64').toString('utf8').replace(/\r\n/g, '\n').trim(), c.credentials('cluster2').caPem.replace(/\r\n/g, '\n').trim());
  assert.match(spec.secretRef.name, /^cluster2-/);
  assert.notEqual(await kubectlOk(['-n', NS, 'get', 'secret', spec.secretRef.name, '-o', 'jsonpath={.data.token}']), '');
});

test('join again with --error-on-existing (the default) fails; =false updates in place', async () => {
  const again = await kubefedctl(['join', 'cluster2', '--cluster-context', 'cluster2', '--host-cluster-context', 'cluster1']);
  assertOneLineError(again, /service account: cluster2-cluster1 already exists in joining cluster: cluster2/);
  const update = await kubefedctl(['join', 'cluster2', '--cluster-context', 'cluster2', '--host-cluster-context', 'cluster1', '--error-on-existing=false']);
  ok(update, 'join --error-on-existing=false');
  const secrets = await kubectlOk(['-n', NS, 'get', 'secrets', '-o', 'name']);
  assert.equal(secrets.split('\n').filter((l) => l.startsWith('secret/cluster2-')).length, 1, 'the credentials secret is reused');
});

test('join --dry-run creates nothing', async () => {
  const r = await kubefedctl(['join', 'dryrun', '--cluster-context', 'cluster3', '--host-cluster-context', 'cluster1', '--dry-run']);
  ok(r, 'join --dry-run');
  assert.ok(await absent(['-n', NS, 'get', 'serviceaccount', 'dryrun-cluster1'], 'cluster3'));
  assert.ok(await absent(['-n', NS, 'get', 'kubefedcluster', 'dryrun'], 'cluster1'));
});

test('join errors: unknown context, unreachable cluster', async () => {
  assertOneLineError(await kubefedctl(['join', 'x', '--cluster-context', 'nope', '--host-cluster-context', 'cluster1']), /context "nope" does not exist in kubeconfig/);
  assertOneLineError(await kubefedctl(['join', 'x', '--cluster-context', 'cluster2', '--host-cluster-context', 'missing']), /context "missing" does not exist in kubeconfig/);
  const stopped = await c.kubefedLocal(['stop', 'cluster3']);
  assert.equal(stopped.code, 0, stopped.stderr);
  try {
    const r = await kubefedctl(['join', 'late', '--cluster-context', 'cluster3', '--host-cluster-context', 'cluster1']);
    assertOneLineError(r, /cluster "cluster3" is not reachable/);
  } finally {
    const started = await c.kubefedLocal(['start', 'cluster3']);
    assert.equal(started.code, 0, started.stderr);
  }
});

test('enable by Kind, plural, plural.group and short name', async () => {
  for (const name of ['Deployment', 'deployments', 'deployments.apps', 'deploy']) {
    const r = await kubefedctl(['enable', name]);
    ok(r, `enable ${name}`);
    assert.match(r.stdout, /^federatedtypeconfig\.core\.kubefed\.io\/deployments\.apps (created|unchanged|updated) in namespace kube-federation-system$/m);
  }
  const r = await kubefedctl(['enable', 'sts']);
  ok(r, 'enable sts');
  assert.match(r.stdout, /^customresourcedefinition\.apiextensions\.k8s\.io\/federatedstatefulsets\.types\.kubefed\.io created$/m);
  assert.match(r.stdout, /^federatedtypeconfig\.core\.kubefed\.io\/statefulsets\.apps created in namespace kube-federation-system$/m);
  assert.equal(await kubectlOk(['get', 'crd', 'federatedstatefulsets.types.kubefed.io', '-o', 'jsonpath={.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.retainReplicas.type}']), 'boolean');
});

const VIRTUAL_SERVICE_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: virtualservices.networking.istio.io
spec:
  group: networking.istio.io
  names: {kind: VirtualService, plural: virtualservices, singular: virtualservice, shortNames: [vs], listKind: VirtualServiceList}
  scope: Namespaced
  versions:
  - name: v1beta1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

test('enable a CRD-backed type (VirtualService), -o yaml prints without creating', async () => {
  await kubectlOk(['apply', '-f', c.writeFile('vs-crd.yaml', VIRTUAL_SERVICE_CRD)]);
  await waitFor(async () => (await c.kubectl(['get', 'virtualservices'])).code === 0, 15_000, 'VirtualService served');
  const printed = await kubefedctl(['enable', 'VirtualService', '-o', 'yaml']);
  ok(printed, 'enable -o yaml');
  assert.match(printed.stdout, /^---\napiVersion: core\.kubefed\.io\/v1beta1\nkind: FederatedTypeConfig\n/);
  assert.match(printed.stdout, /\n---\napiVersion: apiextensions\.k8s\.io\/v1\nkind: CustomResourceDefinition\n/);
  assert.ok(await absent(['get', 'crd', 'federatedvirtualservices.types.kubefed.io'], 'cluster1'), '-o yaml creates nothing');
  ok(await kubefedctl(['enable', 'VirtualService']), 'enable VirtualService');
  assert.match(await kubectlOk(['get', 'crd']), /^federatedvirtualservices\.types\.kubefed\.io\s/m);
  assert.equal(await kubectlOk(['-n', NS, 'get', 'ftc', 'virtualservices.networking.istio.io', '-o', 'jsonpath={.spec.federatedType.kind}']), 'FederatedVirtualService');
});

const widget = (group: string): string => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.${group}
spec:
  group: ${group}
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

test('enable errors: unknown type, ambiguous name, a changed federated type', async () => {
  assertOneLineError(await kubefedctl(['enable', 'nosuchthing']), /Unable to find api resource named "nosuchthing"\./);
  await kubectlOk(['apply', '-f', c.writeFile('widgets-a.yaml', widget('a.example.com'))]);
  await kubectlOk(['apply', '-f', c.writeFile('widgets-b.yaml', widget('b.example.com'))]);
  await waitFor(async () => (await c.kubectl(['get', 'widgets.b.example.com'])).code === 0, 15_000, 'widgets served');
  assertOneLineError(await kubefedctl(['enable', 'widgets']), /Multiple resources are matched by "widgets": widgets\.a\.example\.com, widgets\.b\.example\.com\. A group-qualified plural name must be provided\./);
  assertOneLineError(
    await kubefedctl(['enable', 'deployments.apps', '--federated-group', 'other.example.com']),
    /Federation is already enabled for "deployments\.apps" with federated type "types\.kubefed\.io\/v1beta1, Kind=FederatedDeployment"/,
  );
  assert.ok(await absent(['get', 'crd', 'federateddeployments.other.example.com'], 'cluster1'), 'nothing half-created');
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
  annotations: {note: dropped}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
`;

test('federate a Deployment', async () => {
  await kubectlOk(['create', 'namespace', 'shop']);
  await kubectlOk(['apply', '-f', c.writeFile('web.yaml', DEPLOYMENT)]);
  const r = await kubefedctl(['federate', 'deployments.apps', 'web', '-n', 'shop']);
  ok(r, 'federate deployment');
  assert.match(r.stdout, /^federateddeployment\.types\.kubefed\.io\/web created in namespace shop$/m);
  const fd = JSON.parse(await kubectlOk(['-n', 'shop', 'get', 'federateddeployment', 'web', '-o', 'json'])) as { spec: { template: { metadata?: unknown; spec: { replicas: number } }; placement: unknown } };
  assert.equal(fd.spec.template.spec.replicas, 2);
  assert.deepEqual(fd.spec.template.metadata, { labels: { app: 'web' } });
  assert.deepEqual(fd.spec.placement, { clusterSelector: { matchLabels: {} } });
  assertOneLineError(await kubefedctl(['federate', 'deployments.apps', 'web', '-n', 'shop']), /FederatedDeployment "shop\/web" already exists/);
  assertOneLineError(await kubefedctl(['federate', 'deployments.apps', 'nope', '-n', 'shop']), /Deployment "shop\/nope" not found in the host cluster "cluster1"/);
  assertOneLineError(await kubefedctl(['federate', 'statefulsets', 'x', '-n', 'shop', '--enable-type', '-o', 'yaml']), /--enable-type cannot be combined with --output/);
  assertOneLineError(await kubefedctl(['federate', 'configmaps', 'x', '--contents']), /--contents flag is only applicable to namespaces/);
});

test('federate a namespace with --contents, skipping what clusters create themselves', async () => {
  await kubectlOk(['-n', 'shop', 'create', 'configmap', 'settings', '--from-literal=a=b']);
  await kubectlOk(['-n', 'shop', 'create', 'secret', 'generic', 'creds', '--from-literal=p=q']);
  await kubectlOk(['-n', 'shop', 'create', 'service', 'clusterip', 'front', '--tcp=80:8080']);
  await kubectlOk(['-n', 'shop', 'create', 'serviceaccount', 'robot']);
  const r = await kubefedctl(['federate', 'namespace', 'shop', '--contents', '--skip-api-resources', 'secrets']);
  ok(r, 'federate --contents');
  assert.match(r.stdout, /^federatednamespace\.types\.kubefed\.io\/shop created in namespace shop$/m);
  assert.match(r.stdout, /^federateddeployment\.types\.kubefed\.io\/web already exists in namespace shop, skipped$/m);
  await kubectlOk(['-n', 'shop', 'get', 'federatedconfigmap', 'settings']);
  await kubectlOk(['-n', 'shop', 'get', 'federatedserviceaccount', 'robot']);
  const svc = JSON.parse(await kubectlOk(['-n', 'shop', 'get', 'federatedservice', 'front', '-o', 'jsonpath={.spec.template.spec}'])) as Record<string, unknown>;
  assert.equal('clusterIP' in svc, false, 'clusterIP dropped');
  assert.ok(await absent(['-n', 'shop', 'get', 'federatedsecret', 'creds'], 'cluster1'), '--skip-api-resources secrets');
  assert.ok(await absent(['-n', 'shop', 'get', 'federatedserviceaccount', 'default'], 'cluster1'), 'the default ServiceAccount is skipped');
  assert.ok(await absent(['-n', 'shop', 'get', 'federatedconfigmap', 'kube-root-ca.crt'], 'cluster1'), 'kube-root-ca.crt is skipped');
});

test('federate -f FILE prints the federated objects and creates nothing', async () => {
  const file = c.writeFile('input.yaml', `${DEPLOYMENT}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: fromfile, namespace: shop}\ndata: {x: y}\n`);
  const r = await kubefedctl(['federate', '-f', file]);
  ok(r, 'federate -f');
  assert.match(r.stdout, /^---\napiVersion: types\.kubefed\.io\/v1beta1\nkind: FederatedDeployment\n/);
  assert.match(r.stdout, /\n---\napiVersion: types\.kubefed\.io\/v1beta1\nkind: FederatedConfigMap\n/);
  assert.ok(await absent(['-n', 'shop', 'get', 'federatedconfigmap', 'fromfile'], 'cluster1'));
  const applied = await c.kubectl(['apply', '-f', '-'], { input: r.stdout });
  assert.equal(applied.code, 0, `the output applies as it is: ${applied.stderr}`);
  await kubectlOk(['-n', 'shop', 'get', 'federatedconfigmap', 'fromfile']);
});

test('orphaning-deletion enable, status, disable', async () => {
  ok(await kubefedctl(['orphaning-deletion', 'enable', 'FederatedDeployment', 'web', '-n', 'shop']), 'enable');
  assert.equal(await kubectlOk(['-n', 'shop', 'get', 'federateddeployment', 'web', '-o', 'jsonpath={.metadata.annotations.kubefed\\.io/orphan}']), 'true');
  assert.equal((await kubefedctl(['orphaning-deletion', 'status', 'federateddeployments', 'web', '-n', 'shop'])).stdout, 'Enabled\n');
  ok(await kubefedctl(['orphaning-deletion', 'disable', 'fdeploy', 'web', '-n', 'shop']), 'disable');
  assert.equal((await kubefedctl(['orphaning-deletion', 'status', 'fdeploy', 'web', '-n', 'shop'])).stdout, 'Disabled\n');
});

test('disable without and with --delete-crd', async () => {
  const r = await kubefedctl(['disable', 'statefulsets.apps']);
  ok(r, 'disable');
  assert.match(r.stdout, /^Disabled propagation for FederatedTypeConfig "kube-federation-system\/statefulsets\.apps"$/m);
  assert.match(r.stdout, /^federatedtypeconfig "kube-federation-system\/statefulsets\.apps" deleted$/m);
  assert.ok(await absent(['-n', NS, 'get', 'ftc', 'statefulsets.apps'], 'cluster1'));
  await kubectlOk(['get', 'crd', 'federatedstatefulsets.types.kubefed.io']);
  assert.equal((await kubefedctl(['disable', 'statefulsets.apps'])).stdout, 'FederatedTypeConfig "kube-federation-system/statefulsets.apps" does not exist\n');

  const d = await kubefedctl(['disable', 'VirtualService', '--delete-crd']);
  ok(d, 'disable --delete-crd');
  assert.match(d.stdout, /^customresourcedefinition "federatedvirtualservices\.types\.kubefed\.io" deleted$/m);
  await waitFor(() => absent(['get', 'crd', 'federatedvirtualservices.types.kubefed.io'], 'cluster1'), 15_000, 'CRD gone');

  assertOneLineError(await kubefedctl(['disable', 'deployments.apps', '--delete-crd']), /Cannot delete CRD "federateddeployments\.types\.kubefed\.io" while resource instances exist/);
  assertOneLineError(await kubefedctl(['disable', 'configmaps', '--federated-group', 'x']), /--federated-group flag valid only with --delete-crd$/);
  await kubectlOk(['-n', NS, 'get', 'ftc', 'deployments.apps']);
});

test('unjoin leaves no trace in either cluster; the host keeps its namespace', async () => {
  const secretOf = async (name: string): Promise<string> => kubectlOk(['-n', NS, 'get', 'kubefedcluster', name, '-o', 'jsonpath={.spec.secretRef.name}']);
  for (const name of ['cluster2', 'cluster1']) {
    const secret = await secretOf(name);
    ok(await kubefedctl(['unjoin', name, '--cluster-context', name, '--host-cluster-context', 'cluster1', '--v=2']), `unjoin ${name}`);
    assert.ok(await absent(['-n', NS, 'get', 'kubefedcluster', name], 'cluster1'));
    assert.ok(await absent(['-n', NS, 'get', 'secret', secret], 'cluster1'));
    assert.ok(await absent(['get', 'clusterrole', `kubefed-controller-manager:${name}-cluster1`], name));
    assert.ok(await absent(['get', 'clusterrolebinding', `kubefed-controller-manager:${name}-cluster1`], name));
    assert.ok(await absent(['-n', NS, 'get', 'serviceaccount', `${name}-cluster1`], name));
  }
  await waitFor(() => absent(['get', 'namespace', NS], 'cluster2'), 30_000, 'member namespace deleted');
  await kubectlOk(['get', 'namespace', NS], 'cluster1');
  assertOneLineError(await kubefedctl(['unjoin', 'cluster2', '--host-cluster-context', 'cluster1']), /Failed to get kubefed cluster "kube-federation-system\/cluster2".*not found/);
});

test('unjoin --force continues when the member is unreachable', async () => {
  const stopped = await c.kubefedLocal(['stop', 'cluster3']);
  assert.equal(stopped.code, 0, stopped.stderr);
  try {
    assertOneLineError(await kubefedctl(['unjoin', 'cluster3', '--host-cluster-context', 'cluster1']), /cluster "cluster3" is not reachable/);
    const r = await kubefedctl(['unjoin', 'cluster3', '--host-cluster-context', 'cluster1', '--force']);
    ok(r, 'unjoin --force');
    assert.match(r.stderr, /skipping cleanup of cluster "cluster3"/);
    assert.ok(await absent(['-n', NS, 'get', 'kubefedcluster', 'cluster3'], 'cluster1'));
  } finally {
    const started = await c.kubefedLocal(['start', 'cluster3']);
    assert.equal(started.code, 0, started.stderr);
  }
});

test('usage errors: unknown flag, missing argument, unsupported output', async () => {
  const unknown = await kubefedctl(['join', 'x', '--bogus']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^error: unknown option '--bogus'/);
  const missing = await kubefedctl(['unjoin']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^error: missing required argument 'CLUSTER_NAME'/);
  assertOneLineError(await kubefedctl(['enable', 'configmaps', '-o', 'wide']), /unable to match a printer suitable for the output format "wide"/);
});
