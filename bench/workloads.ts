// Workload simulation benchmark (issue 3): how long a 100-replica Deployment takes to become Available on one local
// API server (in-process, plain HTTP), from the create request to the Available=True condition with 100 available
// replicas, plus a rolling image update of it. "kubelet 0 ms" rows start pods at once and so show the
// controllers' own cost; the default rows include the simulated kubelets' start delay (podStartMs 200 ± 50 %).
// Writes per case count every stored change (pods, ReplicaSets, events ...), the unit of API server work.
import { startApiServer, type RunningApiServer } from '../src/apiserver/server.js';
import type { KubeObject } from '../src/common/object.js';
import type { BenchRow } from './table.js';

const REPLICAS = 100;

function deployment(name: string, image: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: {
      replicas: REPLICAS, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

async function send(server: RunningApiServer, method: string, path: string, body: unknown, contentType = 'application/json'): Promise<void> {
  const r = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': contentType }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
}

/** Resolves when the Deployment has observed its generation and all replicas are updated and available. */
function whenRolledOut(server: RunningApiServer, name: string, generation: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (d: KubeObject | undefined): boolean => {
      const st = (d?.status ?? {}) as Record<string, unknown>;
      const conds = Array.isArray(st.conditions) ? (st.conditions as Record<string, unknown>[]) : [];
      return st.observedGeneration === generation && st.availableReplicas === REPLICAS && st.updatedReplicas === REPLICAS &&
        st.replicas === REPLICAS && conds.some((c) => c.type === 'Available' && c.status === 'True');
    };
    const unsub = server.store.subscribe('apps/deployments', (ev) => {
      if (ev.object.metadata.name === name && check(ev.object)) {
        unsub();
        resolve();
      }
    });
  });
}

async function measure(server: RunningApiServer, action: () => Promise<void>, name: string, generation: number): Promise<{ ms: number; writes: number }> {
  const rv0 = server.store.resourceVersion;
  const done = whenRolledOut(server, name, generation);
  const start = performance.now();
  await action();
  await done;
  return { ms: performance.now() - start, writes: server.store.resourceVersion - rv0 };
}

async function runCase(label: string, podStartMs: number): Promise<BenchRow[]> {
  const server = await startApiServer({ name: 'bench', simulation: { podStartMs, podsPerNode: 110 } });
  try {
    const base = '/apis/apps/v1/namespaces/default/deployments';
    const cold = await measure(server, () => send(server, 'POST', base, deployment('cold', 'app:1')), 'cold', 1);
    const warm = await measure(server, () => send(server, 'POST', base, deployment('warm', 'app:1')), 'warm', 1);
    const rolled = await measure(server, () => send(server, 'PATCH', `${base}/warm`,
      { spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }] } } } }, 'application/merge-patch+json'), 'warm', 2);
    const row = (what: string, r: { ms: number; writes: number }): BenchRow =>
      ({ case: `${what}, ${label}`, 'ms': Math.round(r.ms), writes: r.writes, 'ms per write': Number((r.ms / r.writes).toFixed(2)) });
    return [row('100 replicas Available (first Deployment)', cold), row('100 replicas Available (second Deployment)', warm),
      row('rolling image update of 100 replicas', rolled)];
  } finally {
    await server.close();
  }
}

export async function benchWorkloads(): Promise<BenchRow[]> {
  return [...await runCase('kubelet 0 ms', 0), ...await runCase('kubelet 200 ms (default)', 200)];
}
