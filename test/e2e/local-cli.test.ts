// kubefed-local as a user runs it: up, status, stop/start with data kept, down, its one-line errors, and the
// simulated nodes each cluster is given by flags or --cluster-config.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli, startClusters, waitFor, type CommandResult } from './harness.js';

const c = await startClusters(2);
const scratch = mkdtempSync(join(tmpdir(), 'kubefed-local-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function assertOneLineError(r: CommandResult, pattern: RegExp): void {
  assert.equal(r.code, 1, `exit code; stdout: ${r.stdout} stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0] ?? '', /^error: /);
  assert.match(lines[0] ?? '', pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

function portOf(context: string): number {
  return Number(new URL(c.credentials(context).server).port);
}

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: survivor
  namespace: default
data:
  greeting: hello
`;

test('up reported each cluster ready at its URL and the kubeconfig path', () => {
  assert.match(c.upOutput, new RegExp(`^cluster1 ready at https://127\\.0\\.0\\.1:${portOf('cluster1')}$`, 'm'));
  assert.match(c.upOutput, new RegExp(`^cluster2 ready at https://127\\.0\\.0\\.1:${portOf('cluster2')}$`, 'm'));
  assert.match(c.upOutput, new RegExp(`${c.kubeconfig.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`));
  assert.notEqual(portOf('cluster1'), portOf('cluster2'));
});

test('the kubeconfig has one context per cluster and cluster1 is current', async () => {
  const r = await c.kubectl(['config', 'get-contexts']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\*\s+cluster1\s+cluster1\s+cluster1\s*$/m);
  assert.match(r.stdout, /^\s+cluster2\s+cluster2\s+cluster2\s*$/m);
  assert.equal((await c.kubectl(['config', 'current-context'])).stdout.trim(), 'cluster1');
});

test('status lists every cluster with its port, pid and state', async () => {
  const r = await c.kubefedLocal(['status']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0] ?? '', /^NAME\s+PORT\s+ENGINE\s+NODES\s+PID\s+STATE$/);
  assert.match(lines[1] ?? '', new RegExp(`^cluster1\\s+${portOf('cluster1')}\\s+${c.engine}\\s+3\\s+\\d+\\s+Running$`));
  assert.match(lines[2] ?? '', new RegExp(`^cluster2\\s+${portOf('cluster2')}\\s+${c.engine}\\s+3\\s+\\d+\\s+Running$`));
});

test('up twice on the same folder fails with one line and keeps the clusters running', async () => {
  const kubeconfigBefore = readFileSync(c.kubeconfig, 'utf8');
  const r = await c.kubefedLocal(['up', '--clusters', '2']);
  assertOneLineError(r, /already running/);
  assert.equal(readFileSync(c.kubeconfig, 'utf8'), kubeconfigBefore);
  const v = await c.kubectl(['get', 'namespaces', '-o', 'name']);
  assert.equal(v.code, 0, v.stderr);
});

test('stop makes kubectl see connection refused; start brings the same data back on the same port', async () => {
  const created = await c.kubectl(['apply', '-f', '-', '--context', 'cluster2'], { input: CONFIGMAP });
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /^configmap\/survivor created$/m);
  const port = portOf('cluster2');

  const stopped = await c.kubefedLocal(['stop', 'cluster2']);
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.match(stopped.stdout, /cluster2 stopped/);

  const refused = await c.kubectl(['get', 'configmaps', '--context', 'cluster2', '--request-timeout=5s']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, new RegExp(`The connection to the server 127\\.0\\.0\\.1:${port} was refused`));
  const status = await c.kubefedLocal(['status']);
  assert.match(status.stdout, new RegExp(`^cluster2\\s+${port}\\s+${c.engine}\\s+3\\s+-\\s+Stopped$`, 'm'));
  assert.match(status.stdout, /^cluster1\s+\d+\s+\S+\s+3\s+\d+\s+Running$/m);
  // The other cluster is unaffected.
  assert.equal((await c.kubectl(['get', 'namespaces', '-o', 'name', '--context', 'cluster1'])).code, 0);

  const started = await c.kubefedLocal(['start', 'cluster2']);
  assert.equal(started.code, 0, started.stderr);
  assert.match(started.stdout, new RegExp(`^cluster2 ready at https://127\\.0\\.0\\.1:${port}$`, 'm'));
  const r = await c.kubectl(['get', 'configmap', 'survivor', '--context', 'cluster2', '-o', 'jsonpath={.data.greeting}']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'hello');
});

test('stop and start name an unknown cluster in one line', async () => {
  assertOneLineError(await c.kubefedLocal(['stop', 'cluster7']), /unknown cluster "cluster7"/);
  assertOneLineError(await c.kubefedLocal(['start', 'cluster7']), /unknown cluster "cluster7"/);
});

test('down, start and status on a missing folder fail with one line and create nothing', async () => {
  const missing = join(scratch, 'does-not-exist');
  for (const args of [['down'], ['status'], ['start', 'cluster1'], ['stop', 'cluster1']]) {
    assertOneLineError(await runCli('kubefed-local', [...args, '--dir', missing]), /does-not-exist does not exist/);
  }
  assert.ok(!existsSync(missing));
});

test('start on a port another process holds fails with one line and keeps the data', async () => {
  const port = portOf('cluster2');
  assert.equal((await c.kubefedLocal(['stop', 'cluster2'])).code, 0);
  const squatter = createServer();
  await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', () => r()));
  try {
    assertOneLineError(await c.kubefedLocal(['start', 'cluster2']), new RegExp(`port ${port} for cluster2 is in use`));
  } finally {
    await new Promise<void>((r) => squatter.close(() => r()));
  }
  assert.ok(readdirSync(join(c.dir, 'cluster2')).includes('data'));
  assert.equal((await c.kubefedLocal(['start', 'cluster2'])).code, 0);
  const r = await c.kubectl(['get', 'configmap', 'survivor', '--context', 'cluster2', '-o', 'jsonpath={.data.greeting}']);
  assert.equal(r.stdout, 'hello', r.stderr);
});

test('up with a base port that is in use fails with one line', async () => {
  const squatter = createServer();
  await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', () => r()));
  const address = squatter.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const dir = join(scratch, 'busy');
    assertOneLineError(await runCli('kubefed-local', ['up', '--clusters', '1', '--base-port', String(port), '--dir', dir, '--engine', c.engine]), new RegExp(`port ${port} for cluster1 is in use`));
  } finally {
    await new Promise<void>((r) => squatter.close(() => r()));
  }
});

test('down stops every cluster and keeps the data; up brings them back with it', async () => {
  const down = await c.kubefedLocal(['down']);
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stdout, /cluster1 stopped/);
  assert.match(down.stdout, /cluster2 stopped/);
  const status = await c.kubefedLocal(['status']);
  assert.match(status.stdout, /^cluster1\s+\d+\s+\S+\s+3\s+-\s+Stopped$/m);
  assert.match(status.stdout, /^cluster2\s+\d+\s+\S+\s+3\s+-\s+Stopped$/m);

  const up = await c.kubefedLocal(['up', '--clusters', '2']);
  assert.equal(up.code, 0, up.stderr);
  const r = await waitFor(async () => {
    const got = await c.kubectl(['get', 'configmap', 'survivor', '--context', 'cluster2', '-o', 'jsonpath={.data.greeting}']);
    return got.code === 0 ? got : undefined;
  }, 10_000, 'cluster2 to serve the configmap again');
  assert.equal(r.stdout, 'hello');
});

// A second folder, brought up by the CLI itself with per-cluster settings (the harness's own set uses defaults).
// Its own temporary folder, so its clusters are stopped before the folder is removed whatever order hooks run in.
const simRoot = mkdtempSync(join(tmpdir(), 'kubefed-local-sim-'));
const simDir = join(simRoot, 'clusters');
const simKubeconfig = join(simDir, 'kubeconfig');
after(async () => {
  if (existsSync(join(simDir, 'state.json'))) await runCli('kubefed-local', ['down', '--dir', simDir]);
  rmSync(simRoot, { recursive: true, force: true });
});

const CLUSTER_CONFIG = `cluster2:
  nodes: 1
  podsPerNode: 2
  region: eu-west1
  zones: [eu-west1-a]
`;

const THREE_REPLICAS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: crowded
  namespace: default
spec:
  replicas: 3
  selector:
    matchLabels: {app: crowded}
  template:
    metadata:
      labels: {app: crowded}
    spec:
      containers:
      - name: app
        image: nginx
`;

function simKubectl(args: string[], opts: { input?: string } = {}): Promise<CommandResult> {
  return c.kubectl(args, { ...opts, kubeconfig: simKubeconfig, context: 'cluster2' });
}

async function regionNodes(): Promise<string[]> {
  const r = await simKubectl(['get', 'nodes', '-L', 'topology.kubernetes.io/region', '--no-headers']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).map((line) => line.trim().split(/\s+/).pop() ?? '');
}

test('up --cluster-config gives cluster2 one eu-west1 node of 2 pods; a bad entry fails in one line', async () => {
  const badFile = c.writeFile('bad-cluster-config.yaml', 'cluster2:\n  nodes: -1\n');
  assertOneLineError(
    await runCli('kubefed-local', ['up', '--clusters', '2', '--cluster-config', badFile, '--dir', join(scratch, 'never'), '--engine', c.engine]),
    /bad-cluster-config\.yaml: cluster2: "simulation\.nodes" must be a non-negative integer/,
  );
  assert.ok(!existsSync(join(scratch, 'never', 'state.json')));

  const file = c.writeFile('cluster-config.yaml', CLUSTER_CONFIG);
  const up = await runCli('kubefed-local', ['up', '--clusters', '2', '--cluster-config', file, '--dir', simDir, '--engine', c.engine], { timeoutMs: 400_000 });
  assert.equal(up.code, 0, up.stdout + up.stderr);
  assert.deepEqual(await waitFor(async () => {
    const regions = await regionNodes();
    return regions.length > 0 ? regions : undefined;
  }, 10_000, 'cluster2 nodes'), ['eu-west1']);
  const zone = await simKubectl(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.labels.topology\\.kubernetes\\.io/zone}']);
  assert.equal(zone.stdout, 'eu-west1-a', zone.stderr);
  const status = await runCli('kubefed-local', ['status', '--dir', simDir]);
  assert.match(status.stdout, /^cluster1\s+\d+\s+\S+\s+3\s+\d+\s+Running$/m);
  assert.match(status.stdout, /^cluster2\s+\d+\s+\S+\s+1\s+\d+\s+Running$/m);
  // cluster1 keeps the defaults: three nodes in a region named after it.
  const c1 = await c.kubectl(['get', 'nodes', '-L', 'topology.kubernetes.io/region', '--no-headers'], { kubeconfig: simKubeconfig, context: 'cluster1' });
  assert.equal(c1.stdout.trim().split('\n').filter((l) => /\scluster1\s*$/.test(l)).length, 3, c1.stdout + c1.stderr);
});

test('a Deployment of 3 on the 2-pod node leaves one Pod Pending as Unschedulable', async () => {
  const applied = await simKubectl(['apply', '-f', '-'], { input: THREE_REPLICAS });
  assert.equal(applied.code, 0, applied.stderr);
  const phases = await waitFor(async () => {
    const r = await simKubectl(['get', 'pods', '-l', 'app=crowded', '-o', 'jsonpath={range .items[*]}{.status.phase}{"\\n"}{end}']);
    const list = r.stdout.trim().split('\n').filter(Boolean).sort();
    return list.join(',') === 'Pending,Running,Running' ? list : undefined;
  }, 20_000, 'two Running pods and one Pending');
  assert.deepEqual(phases, ['Pending', 'Running', 'Running']);
  const reason = await simKubectl([
    'get', 'pods', '-l', 'app=crowded', '--field-selector', 'status.phase=Pending',
    '-o', 'jsonpath={.items[0].status.conditions[?(@.type=="PodScheduled")].status}/{.items[0].status.conditions[?(@.type=="PodScheduled")].reason}',
  ]);
  assert.equal(reason.stdout, 'False/Unschedulable', reason.stderr);
});

test('stop and start cluster2 keep its node settings', async () => {
  assert.equal((await runCli('kubefed-local', ['stop', 'cluster2', '--dir', simDir])).code, 0);
  const started = await runCli('kubefed-local', ['start', 'cluster2', '--dir', simDir], { timeoutMs: 400_000 });
  assert.equal(started.code, 0, started.stdout + started.stderr);
  const configFile = c.engine === 'kube-apiserver' ? 'kube-engine.json' : 'apiserver.json';
  const config = JSON.parse(readFileSync(join(simDir, 'cluster2', configFile), 'utf8')) as { simulation?: unknown };
  assert.deepEqual(config.simulation, { nodes: 1, podsPerNode: 2, region: 'eu-west1', zones: ['eu-west1-a'] });
  assert.deepEqual(await regionNodes(), ['eu-west1']);
  const capacity = await simKubectl(['get', 'nodes', '-o', 'jsonpath={.items[*].status.capacity.pods}']);
  assert.equal(capacity.stdout, '2', capacity.stderr);
  const status = await runCli('kubefed-local', ['status', '--dir', simDir]);
  assert.match(status.stdout, /^cluster2\s+\d+\s+\S+\s+1\s+\d+\s+Running$/m);
});
