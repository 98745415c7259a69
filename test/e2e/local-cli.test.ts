// kubefed-local as a user runs it: up, status, stop/start with data kept, down, and its one-line errors.
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
  assert.match(lines[0] ?? '', /^NAME\s+PORT\s+PID\s+STATE$/);
  assert.match(lines[1] ?? '', new RegExp(`^cluster1\\s+${portOf('cluster1')}\\s+\\d+\\s+Running$`));
  assert.match(lines[2] ?? '', new RegExp(`^cluster2\\s+${portOf('cluster2')}\\s+\\d+\\s+Running$`));
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
  assert.match(status.stdout, new RegExp(`^cluster2\\s+${port}\\s+-\\s+Stopped$`, 'm'));
  assert.match(status.stdout, /^cluster1\s+\d+\s+\d+\s+Running$/m);
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
    assertOneLineError(await runCli('kubefed-local', ['up', '--clusters', '1', '--base-port', String(port), '--dir', dir]), new RegExp(`port ${port} for cluster1 is in use`));
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
  assert.match(status.stdout, /^cluster1\s+\d+\s+-\s+Stopped$/m);
  assert.match(status.stdout, /^cluster2\s+\d+\s+-\s+Stopped$/m);

  const up = await c.kubefedLocal(['up', '--clusters', '2']);
  assert.equal(up.code, 0, up.stderr);
  const r = await waitFor(async () => {
    const got = await c.kubectl(['get', 'configmap', 'survivor', '--context', 'cluster2', '-o', 'jsonpath={.data.greeting}']);
    return got.code === 0 ? got : undefined;
  }, 10_000, 'cluster2 to serve the configmap again');
  assert.equal(r.stdout, 'hello');
});
