import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { LocalError } from './errors.js';
import { freePorts } from './ports.js';
import { STANDIN_APISERVER_SOURCE } from './standin-apiserver.test-support.js';
import { Supervisor } from './supervisor.js';

interface KubeconfigDoc {
  'current-context': string;
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: { token: string } }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
}

function get(url: string, caPem: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/readyz', url), { ca: caPem, headers: { Authorization: `Bearer ${token}` }, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function kubeconfig(dir: string): KubeconfigDoc {
  return parse(readFileSync(join(dir, 'kubeconfig'), 'utf8')) as KubeconfigDoc;
}

function caOf(doc: KubeconfigDoc, name: string): string {
  const data = doc.clusters.find((c) => c.name === name)?.cluster['certificate-authority-data'] ?? '';
  return Buffer.from(data, 'base64').toString('utf8');
}

function tokenOf(doc: KubeconfigDoc, name: string): string {
  return doc.users.find((u) => u.name === name)?.user.token ?? '';
}

async function rejectsWithLocalError(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof LocalError, `expected a LocalError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('Supervisor with a stand-in API server', () => {
  const root = mkdtempSync(join(tmpdir(), 'kubefed-local-sup-'));
  const entry = join(root, 'standin.mjs');
  const dir = join(root, 'clusters');
  const lines: string[] = [];
  const sup = new Supervisor(dir, { apiserverEntry: entry, readyTimeoutMs: 15_000, stopGraceMs: 3000, log: (l) => lines.push(l) });

  before(() => writeFileSync(entry, STANDIN_APISERVER_SOURCE));
  after(async () => {
    if (existsSync(join(dir, 'state.json'))) await sup.down();
    rmSync(root, { recursive: true, force: true });
  });

  it('up starts every cluster, reports each ready and writes a kubeconfig clients can verify', async () => {
    const result = await sup.up(2);
    assert.equal(result.kubeconfig, join(dir, 'kubeconfig'));
    assert.deepEqual(result.clusters.map((c) => [c.name, c.state]), [['cluster1', 'Running'], ['cluster2', 'Running']]);
    assert.match(lines.join('\n'), /cluster1 ready at https:\/\/127\.0\.0\.1:\d+/);
    assert.match(lines.join('\n'), /cluster2 ready at https:\/\/127\.0\.0\.1:\d+/);

    const doc = kubeconfig(dir);
    assert.equal(doc['current-context'], 'cluster1');
    assert.deepEqual(doc.contexts, [
      { name: 'cluster1', context: { cluster: 'cluster1', user: 'cluster1' } },
      { name: 'cluster2', context: { cluster: 'cluster2', user: 'cluster2' } },
    ]);
    for (const c of result.clusters) {
      assert.equal(doc.clusters.find((k) => k.name === c.name)?.cluster.server, `https://127.0.0.1:${c.port}`);
      const res = await get(c.server, caOf(doc, c.name), tokenOf(doc, c.name));
      assert.equal(res.status, 200);
    }
    // Each cluster has its own CA: cluster1's CA must not verify cluster2's serving certificate.
    const c2 = result.clusters[1];
    assert.ok(c2);
    await assert.rejects(get(c2.server, caOf(doc, 'cluster1'), tokenOf(doc, 'cluster2')));
  });

  it('writes the apiserver config and token file of the local ↔ apiserver contract', () => {
    const cdir = join(dir, 'cluster1');
    const config = JSON.parse(readFileSync(join(cdir, 'apiserver.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(config).sort(), ['caFile', 'certFile', 'dataDir', 'host', 'keyFile', 'name', 'port', 'tokenFile']);
    assert.equal(config.name, 'cluster1');
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.certFile, join(cdir, 'pki', 'apiserver.crt'));
    assert.equal(config.keyFile, join(cdir, 'pki', 'apiserver.key'));
    assert.equal(config.caFile, join(cdir, 'pki', 'ca.crt'));
    assert.equal(config.tokenFile, join(cdir, 'tokens.csv'));
    assert.equal(config.dataDir, join(cdir, 'data'));
    const token = tokenOf(kubeconfig(dir), 'cluster1');
    assert.ok(token.length >= 64);
    assert.equal(readFileSync(join(cdir, 'tokens.csv'), 'utf8'), `${token},kubernetes-admin,kubernetes-admin,"system:masters"\n`);
  });

  it('refuses a second up on a running folder and changes nothing', async () => {
    const before = readFileSync(join(dir, 'kubeconfig'), 'utf8');
    await rejectsWithLocalError(sup.up(2), /already running \(cluster1 pid \d+, cluster2 pid \d+\)/);
    assert.equal(readFileSync(join(dir, 'kubeconfig'), 'utf8'), before);
    assert.deepEqual((await sup.status()).map((s) => s.state), ['Running', 'Running']);
  });

  it('stop makes a cluster refuse connections and start brings it back on the same port with the same data', async () => {
    const [, c2] = await sup.status();
    assert.ok(c2);
    const doc = kubeconfig(dir);
    await sup.stop('cluster2');
    await assert.rejects(get(c2.server, caOf(doc, 'cluster2'), tokenOf(doc, 'cluster2')), /ECONNREFUSED/);
    const stopped = await sup.status();
    assert.deepEqual(stopped.map((s) => [s.name, s.state, s.pid]), [['cluster1', 'Running', stopped[0]?.pid], ['cluster2', 'Stopped', undefined]]);
    assert.ok(!existsSync(join(dir, 'cluster2', 'apiserver.pid')));

    await sup.start('cluster2');
    const [, again] = await sup.status();
    assert.equal(again?.port, c2.port);
    assert.equal(again?.state, 'Running');
    assert.notEqual(again?.pid, c2.pid);
    assert.equal((await get(c2.server, caOf(doc, 'cluster2'), tokenOf(doc, 'cluster2'))).status, 200);
    assert.equal(readFileSync(join(dir, 'cluster2', 'data', 'starts'), 'utf8'), 'start\nstart\n');
  });

  it('start of a running cluster leaves it alone', async () => {
    const pid = (await sup.status())[0]?.pid;
    await sup.start('cluster1');
    assert.equal((await sup.status())[0]?.pid, pid);
  });

  it('names unknown clusters', async () => {
    await rejectsWithLocalError(sup.stop('cluster9'), /unknown cluster "cluster9" in .* \(it has cluster1, cluster2\)/);
    await rejectsWithLocalError(sup.start('nope'), /unknown cluster "nope"/);
  });

  it('down stops everything and a later up reuses ports, certificates and tokens', async () => {
    const ports = (await sup.status()).map((s) => s.port);
    const ca = readFileSync(join(dir, 'cluster1', 'pki', 'ca.crt'), 'utf8');
    const token = tokenOf(kubeconfig(dir), 'cluster1');
    await sup.down();
    assert.deepEqual((await sup.status()).map((s) => s.state), ['Stopped', 'Stopped']);
    // A stale pid file naming a live but unrelated process (this test) must not look like a running cluster.
    writeFileSync(join(dir, 'cluster1', 'apiserver.pid'), `${process.pid}\n`);
    await sup.up(2);
    assert.deepEqual((await sup.status()).map((s) => s.port), ports);
    assert.equal(readFileSync(join(dir, 'cluster1', 'pki', 'ca.crt'), 'utf8'), ca);
    assert.equal(tokenOf(kubeconfig(dir), 'cluster1'), token);
  });

  it('refuses to start a cluster whose port another process holds, keeping its data', async () => {
    const [c1] = await sup.status();
    assert.ok(c1);
    await sup.stop('cluster1');
    const squatter: Server = createServer();
    await new Promise<void>((r) => squatter.listen(c1.port, '127.0.0.1', () => r()));
    try {
      await rejectsWithLocalError(sup.start('cluster1'), new RegExp(`port ${c1.port} for cluster1 is in use`));
    } finally {
      await new Promise<void>((r) => squatter.close(() => r()));
    }
    assert.ok(existsSync(join(dir, 'cluster1', 'data', 'starts')));
    await sup.start('cluster1');
  });
});

describe('Supervisor errors', () => {
  const root = mkdtempSync(join(tmpdir(), 'kubefed-local-err-'));
  const entry = join(root, 'standin.mjs');
  before(() => writeFileSync(entry, STANDIN_APISERVER_SOURCE));
  after(() => rmSync(root, { recursive: true, force: true }));
  const quiet = { apiserverEntry: entry, readyTimeoutMs: 10_000, stopGraceMs: 2000, log: () => undefined };

  it('down, stop, start and status need an existing folder', async () => {
    const sup = new Supervisor(join(root, 'missing'), quiet);
    await rejectsWithLocalError(sup.down(), /missing does not exist/);
    await rejectsWithLocalError(sup.status(), /missing does not exist/);
    await rejectsWithLocalError(sup.start('cluster1'), /missing does not exist/);
    await rejectsWithLocalError(sup.stop('cluster1'), /missing does not exist/);
  });

  it('a folder without state.json holds no clusters', async () => {
    await rejectsWithLocalError(new Supervisor(root, quiet).status(), /holds no kubefed-local clusters/);
  });

  it('up names a requested base port that is in use', async () => {
    const [port] = await freePorts(1);
    assert.ok(port !== undefined);
    const squatter = createServer();
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', () => r()));
    try {
      await rejectsWithLocalError(new Supervisor(join(root, 'busy'), quiet).up(1, port), new RegExp(`port ${port} for cluster1 is in use`));
    } finally {
      await new Promise<void>((r) => squatter.close(() => r()));
    }
  });

  it('up reports a server that exits before it is ready, with its last log line, and stops the others', async () => {
    process.env.STANDIN_FAIL = '1';
    const sup = new Supervisor(join(root, 'failing'), quiet);
    try {
      await rejectsWithLocalError(sup.up(2), /cluster1 failed to start: exited with code 3 before answering \/readyz \(last log line: standin: refusing to start\); see .*apiserver\.log/);
    } finally {
      delete process.env.STANDIN_FAIL;
    }
    assert.deepEqual((await sup.status()).map((s) => s.state), ['Stopped', 'Stopped']);
  });

  it('stop kills a server that ignores SIGTERM once the grace period is over', async () => {
    process.env.STANDIN_IGNORE_TERM = '1';
    const lines: string[] = [];
    const sup = new Supervisor(join(root, 'stubborn'), { ...quiet, stopGraceMs: 300, log: (l) => lines.push(l) });
    try {
      await sup.up(1);
    } finally {
      delete process.env.STANDIN_IGNORE_TERM;
    }
    await sup.down();
    assert.ok(lines.includes('cluster1 killed (did not stop within 0.3s)'), lines.join('\n'));
    assert.deepEqual((await sup.status()).map((s) => s.state), ['Stopped']);
  });

  it('up rejects a cluster count out of range and a missing API server build', async () => {
    await rejectsWithLocalError(new Supervisor(join(root, 'x'), quiet).up(0), /--clusters must be a whole number from 1/);
    await rejectsWithLocalError(new Supervisor(join(root, 'x'), { ...quiet, apiserverEntry: join(root, 'nope.js') }).up(1), /the API server is not built/);
  });
});

describe('Supervisor simulation settings', () => {
  const root = mkdtempSync(join(tmpdir(), 'kubefed-local-sim-'));
  const entry = join(root, 'standin.mjs');
  const dir = join(root, 'clusters');
  const sup = new Supervisor(dir, { apiserverEntry: entry, readyTimeoutMs: 15_000, stopGraceMs: 3000, log: () => undefined });
  const eu = { nodes: 1, podsPerNode: 2, region: 'eu-west1', zones: ['eu-west1-a'] };

  before(() => writeFileSync(entry, STANDIN_APISERVER_SOURCE));
  after(async () => {
    if (existsSync(join(dir, 'state.json'))) await sup.down();
    rmSync(root, { recursive: true, force: true });
  });

  const section = (name: string): unknown => (JSON.parse(readFileSync(join(dir, name, 'apiserver.json'), 'utf8')) as { simulation?: unknown }).simulation;

  it('rejects a --cluster-config naming a cluster the folder will not have, before creating anything', async () => {
    await rejectsWithLocalError(sup.up(2, undefined, { perCluster: { cluster5: { nodes: 1 } } }), /--cluster-config names cluster5, which .* will not have \(it has cluster1, cluster2\)/);
    assert.ok(!existsSync(join(dir, 'state.json')));
  });

  it('up writes each cluster\'s section into its apiserver config and state.json, and status counts its nodes', async () => {
    await sup.up(2, undefined, { all: { podsPerNode: 50 }, perCluster: { cluster2: eu } });
    assert.deepEqual(section('cluster1'), { podsPerNode: 50 });
    assert.deepEqual(section('cluster2'), eu);
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { clusters: { name: string; simulation?: unknown }[] };
    assert.deepEqual(state.clusters.map((c) => [c.name, c.simulation]), [['cluster1', { podsPerNode: 50 }], ['cluster2', eu]]);
    assert.deepEqual((await sup.status()).map((s) => [s.name, s.nodes]), [['cluster1', 3], ['cluster2', 1]]);
  });

  it('start rewrites the apiserver config with the stored section', async () => {
    await sup.stop('cluster2');
    writeFileSync(join(dir, 'cluster2', 'apiserver.json'), '{}');
    await sup.start('cluster2');
    assert.deepEqual(section('cluster2'), eu);
  });

  it('up on the existing folder keeps stored settings and applies new flags over them', async () => {
    await sup.down();
    await sup.up(2);
    assert.deepEqual(section('cluster2'), eu);
    await sup.down();
    await sup.up(3, undefined, { all: { nodes: 2 } });
    assert.deepEqual(section('cluster1'), { podsPerNode: 50, nodes: 2 });
    assert.deepEqual(section('cluster2'), { ...eu, nodes: 2 });
    assert.deepEqual(section('cluster3'), { nodes: 2 });
    assert.deepEqual((await sup.status()).map((s) => s.nodes), [2, 2, 2]);
  });

  it('a state.json with a bad section names the file, cluster and field', async () => {
    await sup.down();
    const file = join(dir, 'state.json');
    const good = readFileSync(file, 'utf8');
    const state = JSON.parse(good) as { clusters: { simulation?: unknown }[] };
    const first = state.clusters[0];
    assert.ok(first);
    first.simulation = { nodes: 'many' };
    writeFileSync(file, JSON.stringify(state));
    try {
      await rejectsWithLocalError(sup.start('cluster1'), /state\.json: cluster1: "simulation\.nodes" must be a non-negative integer/);
    } finally {
      writeFileSync(file, good);
    }
  });
});
