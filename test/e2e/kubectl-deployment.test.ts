// A Deployment through kubectl's everyday verbs on cluster1, checked as a user reads kubectl's output.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { fails, ok, startClusters, waitFor } from './harness.js';

const c = await startClusters(2);

interface Container {
  name: string;
  image: string;
  env?: { name: string; value: string }[];
}

function deployment(name: string, opts: { labels: Record<string, string>; replicas?: number; containers: Container[] }): string {
  return stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: opts.labels },
    spec: {
      replicas: opts.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: opts.containers } },
    },
  });
}

async function jsonpath(resource: string, path: string): Promise<string> {
  const r = await c.kubectl(['get', resource, '-o', `jsonpath=${path}`]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

interface DeploymentView {
  metadata: { generation: number; resourceVersion: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { replicas: number; template: { spec: { containers: Container[] } } };
}

/** One `kubectl get -o json`, so a test checks many fields for the cost of one kubectl run. */
async function getDeployment(name: string): Promise<DeploymentView> {
  const r = await c.kubectl(['get', 'deployment', name, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as DeploymentView;
}

test('create makes a Deployment and a second create says it already exists', async () => {
  const file = c.writeFile('web.yaml', deployment('web', { labels: { app: 'web' }, containers: [{ name: 'nginx', image: 'nginx:1.25' }] }));
  const r = await c.kubectl(['create', '-f', file]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'deployment.apps/web created');

  const again = await c.kubectl(['create', '-f', file]);
  fails(again, new RegExp(`^Error from server \\(AlreadyExists\\): error when creating "${file}": deployments\\.apps "web" already exists$`, 'm'));
});

test('get shows the Deployment columns of a real cluster', async () => {
  const r = await c.kubectl(['get', 'deployments']);
  assert.equal(r.code, 0, r.stderr);
  const [header, ...rows] = r.stdout.trimEnd().split('\n');
  assert.match(header ?? '', /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
  assert.ok(rows.some((row) => /^web\s+\d+\/2\s+\d+\s+\d+\s+\d+s$/.test(row)), r.stdout);

  const wide = await c.kubectl(['get', 'deploy', 'web', '-o', 'wide']);
  assert.match(wide.stdout, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m);
  assert.match(wide.stdout, /^web\s+\d+\/2\s+\d+\s+\d+\s+\d+s\s+nginx\s+nginx:1\.25\s+app=web$/m);

  const labels = await c.kubectl(['get', 'deploy', '--show-labels']);
  assert.match(labels.stdout, /^web\s+.*\s+app=web$/m);
  const all = await c.kubectl(['get', 'deploy', '-A']);
  assert.match(all.stdout, /^NAMESPACE\s+NAME\s+READY/m);
  assert.match(all.stdout, /^default\s+web\s+/m);
});

test('the Deployment exists in cluster1 only', async () => {
  const r = await c.kubectl(['get', 'deployments', '--context', 'cluster2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /No resources found in default namespace\./);
});

test('apply creates, re-applies unchanged, and three-way merges a changed file', async () => {
  const v1 = deployment('api', {
    labels: { app: 'api', tier: 'backend' },
    containers: [{ name: 'api', image: 'nginx:1.25', env: [{ name: 'MODE', value: 'one' }, { name: 'DROP', value: 'me' }] }],
  });
  const created = await c.kubectl(['apply', '-f', '-'], { input: v1 });
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout.trim(), 'deployment.apps/api created');

  const same = await c.kubectl(['apply', '-f', '-'], { input: v1 });
  assert.equal(same.code, 0, same.stderr);
  assert.equal(same.stdout.trim(), 'deployment.apps/api unchanged');

  // A change made outside the file must survive the next apply (it is not in last-applied-configuration).
  assert.equal((await c.kubectl(['annotate', 'deployment', 'api', 'note=kept'])).code, 0);
  const { generation } = (await getDeployment('api')).metadata;

  const v2 = deployment('api', {
    labels: { app: 'api' },
    containers: [
      { name: 'api', image: 'nginx:1.27', env: [{ name: 'MODE', value: 'two' }] },
      { name: 'sidecar', image: 'busybox:1.36' },
    ],
  });
  const configured = await c.kubectl(['apply', '-f', '-'], { input: v2 });
  assert.equal(configured.code, 0, configured.stderr);
  assert.equal(configured.stdout.trim(), 'deployment.apps/api configured');

  const d = await getDeployment('api');
  assert.deepEqual(
    d.spec.template.spec.containers.map((x) => ({ name: x.name, image: x.image, env: x.env })),
    [
      { name: 'api', image: 'nginx:1.27', env: [{ name: 'MODE', value: 'two' }] },
      { name: 'sidecar', image: 'busybox:1.36', env: undefined },
    ],
  );
  assert.deepEqual(d.metadata.labels, { app: 'api' }, 'a label removed from the file is removed');
  assert.equal(d.metadata.annotations?.note, 'kept');
  assert.ok(d.metadata.generation > generation, 'a spec change bumps generation');

  const again = await c.kubectl(['apply', '-f', '-'], { input: v2 });
  assert.equal(again.stdout.trim(), 'deployment.apps/api unchanged');
});

test('describe shows the Deployment in kubectl\'s layout', async () => {
  const r = await c.kubectl(['describe', 'deployment', 'api']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Name:\s+api$/m);
  assert.match(r.stdout, /^Namespace:\s+default$/m);
  assert.match(r.stdout, /^CreationTimestamp:\s+\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$/m);
  assert.match(r.stdout, /^Labels:\s+app=api$/m);
  assert.match(r.stdout, /^Selector:\s+app=api$/m);
  assert.match(r.stdout, /^Replicas:\s+2 desired \| \d+ updated \| \d+ total \| \d+ available \| \d+ unavailable$/m);
  assert.match(r.stdout, /^StrategyType:\s+RollingUpdate$/m, 'defaulted strategy');
  assert.match(r.stdout, /^\s+api:\n\s+Image:\s+nginx:1\.27$/m);
  assert.match(r.stdout, /^\s+sidecar:\n\s+Image:\s+busybox:1\.36$/m);
  assert.match(r.stdout, /^\s+MODE:\s+two$/m);
  assert.match(r.stdout, /^Events:/m);
});

test('patch applies JSON, merge and strategic patches and reports no-ops', async () => {
  const json = await c.kubectl(['patch', 'deployment', 'api', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3}]']);
  assert.equal(json.code, 0, json.stderr);
  assert.equal(json.stdout.trim(), 'deployment.apps/api patched');

  const merge = await c.kubectl(['patch', 'deployment', 'api', '--type=merge', '-p', '{"metadata":{"labels":{"patched":"merge"}}}']);
  assert.equal(merge.stdout.trim(), 'deployment.apps/api patched', merge.stderr);

  // Strategic merge patches merge containers by name: the sidecar must survive a patch that names only `api`.
  const smp = '{"spec":{"template":{"spec":{"containers":[{"name":"api","image":"nginx:1.28"}]}}}}';
  const strategic = await c.kubectl(['patch', 'deployment', 'api', '-p', smp]);
  assert.equal(strategic.stdout.trim(), 'deployment.apps/api patched', strategic.stderr);

  // The simulated Deployment controller writes status while the rollout runs (as on a real cluster); the no-op
  // check below compares resourceVersions, so let the rollout settle first.
  ok(await c.kubectl(['rollout', 'status', 'deployment/api', '--timeout=60s']));
  // kube-controller-manager may still record the finished rollout (conditions, old ReplicaSet scaled down) just
  // after rollout status returns: wait until the object stops changing.
  let last = '';
  await waitFor(async () => {
    const rv = (await getDeployment('api')).metadata.resourceVersion ?? '';
    const stable = rv === last;
    last = rv;
    return stable;
  }, 30_000, 'the Deployment to stop changing', 1500);
  const before = await getDeployment('api');
  assert.equal(before.spec.replicas, 3);
  assert.equal(before.metadata.labels?.patched, 'merge');
  assert.deepEqual(before.spec.template.spec.containers.map((x) => x.image), ['nginx:1.28', 'busybox:1.36']);
  const noop = await c.kubectl(['patch', 'deployment', 'api', '-p', smp]);
  assert.equal(noop.stdout.trim(), 'deployment.apps/api patched (no change)', noop.stderr);
  assert.equal((await getDeployment('api')).metadata.resourceVersion, before.metadata.resourceVersion, 'a no-op patch keeps the resourceVersion');

  const failedTest = await c.kubectl(['patch', 'deployment', 'api', '--type=json', '-p', '[{"op":"test","path":"/spec/replicas","value":99}]']);
  fails(failedTest, /The request is invalid/);

  const missing = await c.kubectl(['patch', 'deployment', 'ghost', '--type=merge', '-p', '{"spec":{"replicas":1}}']);
  fails(missing, /Error from server \(NotFound\): deployments\.apps "ghost" not found/);
});

test('label and annotate add, refuse to overwrite, overwrite and remove', async () => {
  const add = await c.kubectl(['label', 'deployment', 'api', 'env=prod']);
  assert.equal(add.stdout.trim(), 'deployment.apps/api labeled', add.stderr);
  const clash = await c.kubectl(['label', 'deployment', 'api', 'env=dev']);
  fails(clash, /'env' already has a value \(prod\), and --overwrite is false/);
  assert.equal((await c.kubectl(['label', 'deployment', 'api', 'env=dev', '--overwrite'])).stdout.trim(), 'deployment.apps/api labeled');

  const selected = await c.kubectl(['get', 'deployments', '-l', 'env in (dev,qa),app', '-o', 'name']);
  assert.equal(selected.stdout.trim(), 'deployment.apps/api', selected.stderr);
  const notSelected = await c.kubectl(['get', 'deployments', '-l', 'env!=dev', '-o', 'name']);
  assert.equal(notSelected.stdout.trim(), 'deployment.apps/web', notSelected.stderr);

  assert.equal((await c.kubectl(['label', 'deployment', 'api', 'env-'])).stdout.trim(), 'deployment.apps/api unlabeled');
  const ann = await c.kubectl(['annotate', 'deployment', 'api', 'owner=team-a']);
  assert.equal(ann.stdout.trim(), 'deployment.apps/api annotated', ann.stderr);
  const d = await getDeployment('api');
  assert.equal(d.metadata.labels?.env, undefined);
  assert.equal(d.metadata.annotations?.owner, 'team-a');
});

test('scale changes replicas through the scale subresource', async () => {
  const r = await c.kubectl(['scale', 'deployment', 'api', '--replicas=5']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'deployment.apps/api scaled');
  const raw = await c.kubectl(['get', '--raw', '/apis/apps/v1/namespaces/default/deployments/api/scale']);
  const scale = JSON.parse(raw.stdout) as { kind: string; apiVersion: string; spec: { replicas: number } };
  assert.deepEqual([scale.kind, scale.apiVersion, scale.spec.replicas], ['Scale', 'autoscaling/v1', 5]);
  const stale = await c.kubectl(['scale', 'deployment', 'api', '--current-replicas=2', '--replicas=1']);
  fails(stale, /Expected replicas to be 2, was 5/);
});

test('get -w prints a row for each change as it happens', async () => {
  const watch = c.spawnKubectl(['get', 'deployments', '-w']);
  try {
    await watch.waitForOutput(/^web\s+\d+\/2\s/m);
    assert.equal((await c.kubectl(['scale', 'deployment', 'web', '--replicas=4'])).code, 0);
    await watch.waitForOutput(/^web\s+\d+\/4\s/m);
    const created = await c.kubectl(['apply', '-f', '-'], { input: deployment('watched', { labels: { app: 'watched' }, replicas: 1, containers: [{ name: 'c', image: 'busybox:1.36' }] }) });
    assert.equal(created.code, 0, created.stderr);
    await watch.waitForOutput(/^watched\s+\d+\/1\s/m);
  } finally {
    await watch.stop();
  }
});

test('a replace with a stale resourceVersion gets the Conflict message', async () => {
  const current = await c.kubectl(['get', 'deployment', 'web', '-o', 'json']);
  assert.equal(current.code, 0, current.stderr);
  const stale = c.writeFile('stale.json', current.stdout);
  assert.equal((await c.kubectl(['label', 'deployment', 'web', 'moved=on'])).code, 0);
  const r = await c.kubectl(['replace', '-f', stale]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    new RegExp(
      `^Error from server \\(Conflict\\): error when replacing "${stale}": Operation cannot be fulfilled on deployments\\.apps "web": the object has been modified; please apply your changes to the latest version and try again$`,
      'm',
    ),
  );
  const fresh = await c.kubectl(['get', 'deployment', 'web', '-o', 'json']);
  const ok = await c.kubectl(['replace', '-f', '-'], { input: fresh.stdout });
  assert.equal(ok.stdout.trim(), 'deployment.apps/web replaced', ok.stderr);
});

test('wait --for=delete returns once a finalizer is released', async () => {
  const hold = await c.kubectl(['patch', 'deployment', 'web', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}']);
  assert.equal(hold.code, 0, hold.stderr);
  const del = await c.kubectl(['delete', 'deployment', 'web', '--wait=false']);
  assert.equal(del.stdout.trim(), 'deployment.apps "web" deleted', del.stderr);
  assert.match(await jsonpath('deploy/web', '{.metadata.deletionTimestamp}'), /Z$/);

  // -v=6 makes kubectl log each request, so the test can release the finalizer once the watch is open.
  const wait = c.spawnKubectl(['wait', '--for=delete', 'deployment/web', '--timeout=30s', '-v=6']);
  try {
    await wait.waitForOutput(/GET \S+\/deployments\?\S*watch=true\S* 200 OK/, 15_000, 'stderr');
    assert.equal(wait.child.exitCode, null, `wait must still be waiting while the finalizer holds the object: ${wait.stdout()}`);
    const release = await c.kubectl(['patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
    assert.equal(release.code, 0, release.stderr);
    const done = await wait.exited();
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.stdout.trim(), 'deployment.apps/web condition met');
  } finally {
    await wait.stop();
  }
});

test('delete removes the Deployment', async () => {
  const r = await c.kubectl(['delete', 'deployment', 'api']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'deployment.apps "api" deleted');
  const gone = await c.kubectl(['get', 'deployment', 'api']);
  fails(gone, /^Error from server \(NotFound\): deployments\.apps "api" not found$/m);
  const missing = await c.kubectl(['delete', 'deployment', 'api']);
  fails(missing, /deployments\.apps "api" not found/);
  await waitFor(async () => (await c.kubectl(['get', 'deployments', '-o', 'name'])).stdout.trim() === 'deployment.apps/watched', 5000, 'only watched left');
});
