// Propagation benchmark (issue 7): real processes only. `kubefed-local` starts 1 host + M member clusters, the
// control plane is installed and the members joined with `kubefedctl`, and `kubefed-controller-manager` runs as its
// own process. Measured:
// - time until N FederatedDeployments report Propagation=True in all M members, next to the physical limit: the
//   same N×M Deployments written straight into the members with the same client (RestClient with KubeFed's member
//   rate limit) and the same per-member concurrency as the sync controller;
// - latency of one template change (host write → every member object updated), p50/p99;
// - member writes during a steady state and across a controller restart (both must be 0), counted from watch
//   events of the member API servers;
// - time until a restarted controller has verified every resource, and its resident memory.
// Counts come from the environment: BENCH_FEDERATED (1000), BENCH_MEMBERS (5), BENCH_WORKERS (sync workers, 32),
// BENCH_CONCURRENCY (writes in flight per member, 16 = the sync controller's), BENCH_STEADY_S (60),
// BENCH_UPDATES (20 samples); BENCH_MANAGER_LOG=FILE appends the controller manager's output to FILE.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isConflict } from '../src/client/errors.js';
import { Informer } from '../src/client/informer.js';
import { KUBEFED_MEMBER_BURST, KUBEFED_MEMBER_QPS, loadClusterConnection } from '../src/client/kubeconfig.js';
import { RestClient } from '../src/client/rest.js';
import type { KubeObject } from '../src/common/object.js';
import type { BenchRow } from './table.js';
import { REPO_ROOT, runNode } from './run-node.js';

const NS = 'kube-federation-system';

function envInt(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

interface Settings {
  federated: number;
  members: number;
  workers: number;
  concurrency: number;
  steadySeconds: number;
  updates: number;
}

function settings(): Settings {
  return {
    federated: envInt('BENCH_FEDERATED', 1000),
    members: envInt('BENCH_MEMBERS', 5),
    workers: envInt('BENCH_WORKERS', 32),
    concurrency: envInt('BENCH_CONCURRENCY', 16),
    steadySeconds: envInt('BENCH_STEADY_S', 60),
    updates: envInt('BENCH_UPDATES', 20),
  };
}


/** The controller manager as a child process, with the addresses it logged. */
class ManagerProcess {
  readonly child: ChildProcess;
  #out = '';
  #waiters: (() => void)[] = [];

  constructor(kubeconfig: string) {
    this.child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'kubefed-controller-manager.js'), '--kubeconfig', kubeconfig, '--context', 'cluster1', '--healthz-addr', '127.0.0.1:0', '--metrics-addr', '127.0.0.1:0'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const logFile = process.env['BENCH_MANAGER_LOG'];
    const onData = (d: Buffer): void => {
      if (logFile) appendFileSync(logFile, d);
      this.#out += d.toString();
      if (this.#out.length > 1_000_000) this.#out = this.#out.slice(-500_000);
      this.#waiters.splice(0).forEach((w) => w());
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
  }

  async waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.#out);
      if (m) return m;
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error(`controller manager: no ${pattern} in ${timeoutMs} ms: ${this.#out.slice(-2000)}`);
      await new Promise<void>((r) => {
        this.#waiters.push(r);
        setTimeout(r, 500);
      });
    }
  }

  async metrics(): Promise<string> {
    const [, addr] = await this.waitFor(/"serving" healthz=\S+ metrics=(\S+)/);
    return (await fetch(`http://${addr}/metrics`)).text();
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

function metricValue(text: string, pattern: RegExp): number {
  const m = pattern.exec(text);
  return m ? Number(m[1]) : 0;
}

async function poll(what: string, fn: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  }));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' } as const;
const FEDERATED_DEPLOYMENTS = { group: 'types.kubefed.io', version: 'v1beta1', resource: 'federateddeployments' } as const;

// replicas 0: the members' simulated deployment controllers still create a ReplicaSet per Deployment, but no pods,
// so the measurement is about propagation rather than the simulated kubelets.
function deploymentSpec(name: string): Record<string, unknown> {
  return {
    replicas: 0,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
  };
}

const name = (i: number): string => `web-${String(i).padStart(5, '0')}`;

function propagated(o: KubeObject): boolean {
  const status = o['status'] as { observedGeneration?: number; conditions?: { type: string; status: string }[] } | undefined;
  return status?.observedGeneration === o.metadata.generation && status?.conditions?.some((c) => c.type === 'Propagation' && c.status === 'True') === true;
}

/** Counts the watch events of Deployments in one namespace of every member: each is one write to a member. */
class MemberWrites {
  readonly informers: Informer[];
  count = 0;

  constructor(members: RestClient[], namespace: string) {
    this.informers = members.map((client) => {
      const inf = new Informer({ client, resource: DEPLOYMENTS, namespace });
      inf.addEventHandler({
        onAdd: (_o, initial) => {
          if (!initial) this.count++;
        },
        onUpdate: () => this.count++,
        onDelete: () => this.count++,
      });
      inf.start();
      return inf;
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.stop()));
  }
}

export async function benchPropagation(): Promise<BenchRow[]> {
  const s = settings();
  const dir = mkdtempSync(join(tmpdir(), 'kubefed-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const clusters = s.members + 1;
  let manager: ManagerProcess | undefined;
  const closers: (() => Promise<void> | void)[] = [];
  try {
    await runNode('kubefed-local', ['up', '--clusters', String(clusters), '--dir', dir]);
    const memberNames = Array.from({ length: s.members }, (_, i) => `cluster${i + 2}`);
    const host = new RestClient(loadClusterConnection({ kubeconfig, context: 'cluster1' }), { qps: 1000, burst: 2000 });
    // The baseline's client: the sync controller's member client (KubeFed's member rate limit, 20 qps / burst 30).
    const members = memberNames.map((context) => new RestClient(loadClusterConnection({ kubeconfig, context }), { qps: KUBEFED_MEMBER_QPS, burst: KUBEFED_MEMBER_BURST }));
    // Watching needs no rate limit; these clients only observe.
    const watchers = memberNames.map((context) => new RestClient(loadClusterConnection({ kubeconfig, context }), { qps: 1000, burst: 2000 }));
    closers.push(() => [host, ...members, ...watchers].forEach((c) => c.close()));

    const cli = (args: string[]): Promise<string> => runNode('kubefedctl', [...args, '--kubeconfig', kubeconfig, '--host-cluster-context', 'cluster1']);
    await cli(['init']);
    for (const m of memberNames) await cli(['join', m, '--cluster-context', m]);
    const configRef = { group: 'core.kubefed.io', version: 'v1beta1', resource: 'kubefedconfigs', namespace: NS, name: 'kubefed' };
    await host.patch(configRef, 'merge', { spec: { syncController: { maxConcurrentReconciles: s.workers } } });

    // ---- baseline: the same Deployments written directly ----
    for (const m of members) await m.create({ version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'direct' } });
    const directStart = performance.now();
    await Promise.all(members.map((m) => pool(Array.from({ length: s.federated }, (_, i) => i), s.concurrency, async (i) => {
      await m.create({ ...DEPLOYMENTS, namespace: 'direct' }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: name(i), namespace: 'direct' }, spec: deploymentSpec(name(i)) });
    })));
    const directSeconds = (performance.now() - directStart) / 1000;

    // ---- federation ----
    await host.create({ version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });
    await host.create({ group: 'types.kubefed.io', version: 'v1beta1', resource: 'federatednamespaces', namespace: 'bench' }, {
      apiVersion: 'types.kubefed.io/v1beta1', kind: 'FederatedNamespace', metadata: { name: 'bench', namespace: 'bench' },
      spec: { placement: { clusters: memberNames.map((n) => ({ name: n })) } },
    });
    const writes = new MemberWrites(watchers, 'bench');
    closers.push(() => writes.stop());
    const fed = new Informer({ client: host, resource: FEDERATED_DEPLOYMENTS, namespace: 'bench' });
    fed.start();
    closers.push(() => fed.stop());

    manager = new ManagerProcess(kubeconfig);
    await manager.waitFor(/controllers started/);
    await poll('namespace bench in every member', async () => {
      const found = await Promise.all(members.map((m) => m.get({ version: 'v1', resource: 'namespaces', name: 'bench' }).then(() => true, () => false)));
      return found.every(Boolean);
    }, 60_000, 250);
    await Promise.all(writes.informers.map((i) => i.waitForSync()));
    await fed.waitForSync();

    const fedStart = performance.now();
    await pool(Array.from({ length: s.federated }, (_, i) => i), 64, async (i) => {
      await host.create({ ...FEDERATED_DEPLOYMENTS, namespace: 'bench' }, {
        apiVersion: 'types.kubefed.io/v1beta1', kind: 'FederatedDeployment', metadata: { name: name(i), namespace: 'bench' },
        spec: { template: { metadata: { labels: { app: name(i) } }, spec: deploymentSpec(name(i)) }, placement: { clusters: memberNames.map((n) => ({ name: n })) } },
      });
    });
    const hostWriteSeconds = (performance.now() - fedStart) / 1000;
    await poll('Propagation=True for every FederatedDeployment', () => fed.store.list().filter(propagated).length === s.federated, 600_000, 100);
    const fedSeconds = (performance.now() - fedStart) / 1000;
    const memberObjects = writes.informers.reduce((n, i) => n + i.store.list().length, 0);

    // ---- update latency: one template change at a time, host write → all members updated ----
    const latencies: number[] = [];
    for (let u = 0; u < s.updates; u++) {
      const target = name((u * 37) % s.federated);
      const rev = `r${u}`;
      const start = performance.now();
      for (;;) {
        try {
          await host.patch({ ...FEDERATED_DEPLOYMENTS, namespace: 'bench', name: target }, 'merge', { spec: { template: { metadata: { labels: { app: target, rev } } } } });
          break;
        } catch (err) {
          if (!isConflict(err)) throw err;
        }
      }
      await poll(`update ${rev} of ${target} in every member`, () => writes.informers.every((i) => i.store.get(`bench/${target}`)?.metadata.labels?.['rev'] === rev), 60_000, 5);
      latencies.push(performance.now() - start);
    }
    latencies.sort((a, b) => a - b);

    // ---- steady state ----
    await poll('all FederatedDeployments propagated after the updates', () => fed.store.list().filter(propagated).length === s.federated, 60_000);
    await new Promise((r) => setTimeout(r, 3_000));
    const steadyBefore = writes.count;
    await new Promise((r) => setTimeout(r, s.steadySeconds * 1000));
    const steadyWrites = writes.count - steadyBefore;
    const metrics = await manager.metrics();
    const rssMb = metricValue(metrics, /^process_resident_memory_bytes (\S+)$/m) / 2 ** 20;
    const heapMb = metricValue(metrics, /^nodejs_heap_size_used_bytes (\S+)$/m) / 2 ** 20;

    // ---- restart with everything in sync ----
    await manager.stop();
    const restartBefore = writes.count;
    const restartStart = performance.now();
    manager = new ManagerProcess(kubeconfig);
    await manager.waitFor(/controllers started/);
    const startedSeconds = (performance.now() - restartStart) / 1000;
    const verified = /controller_runtime_reconcile_total\{controller="federateddeployment",result="success"\} (\S+)/m;
    const m = manager;
    await poll('every FederatedDeployment reconciled after the restart', async () => metricValue(await m.metrics(), verified) >= s.federated, 300_000, 200);
    const verifiedSeconds = (performance.now() - restartStart) / 1000;
    await new Promise((r) => setTimeout(r, 5_000));
    const restartWrites = writes.count - restartBefore;

    const settingsText = `${s.members} members, ${s.workers} sync workers, ${s.concurrency} writes/member in flight, member client ${KUBEFED_MEMBER_QPS} qps/${KUBEFED_MEMBER_BURST} burst`;
    return [
      { measure: `direct writes of ${s.federated * s.members} Deployments (baseline)`, value: directSeconds, unit: 's', note: settingsText },
      { measure: `${s.federated} FederatedDeployments → Propagation=True`, value: fedSeconds, unit: 's', note: `${(fedSeconds / directSeconds).toFixed(2)}× baseline; host writes took ${hostWriteSeconds.toFixed(1)} s; ${memberObjects} member objects` },
      { measure: 'template change → all members updated, p50', value: percentile(latencies, 50), unit: 'ms', note: `${latencies.length} sequential changes with ${s.federated} resources federated` },
      { measure: 'template change → all members updated, p99', value: percentile(latencies, 99), unit: 'ms', note: '' },
      { measure: `member writes in ${s.steadySeconds} s of steady state`, value: steadyWrites, unit: 'writes', note: 'watch events on member Deployments; must be 0' },
      { measure: 'restart: controllers started', value: startedSeconds, unit: 's', note: 'process start → "controllers started" (lease acquired, caches listed)' },
      { measure: 'restart: every resource verified', value: verifiedSeconds, unit: 's', note: `${s.federated} successful reconciles` },
      { measure: 'restart: member writes', value: restartWrites, unit: 'writes', note: 'from restart until 5 s after verification; must be 0' },
      { measure: 'controller RSS after steady state', value: rssMb, unit: 'MiB', note: `JS heap used ${heapMb.toFixed(1)} MiB` },
    ];
  } finally {
    await manager?.stop();
    for (const c of closers.reverse()) await c();
    await runNode('kubefed-local', ['down', '--dir', dir]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
