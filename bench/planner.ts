// Planner benchmark (issue 8): one plan over 100 clusters, and 1,000 RSP-sized plans (5 clusters each), timed with
// the high-resolution clock over repeated runs. Pure CPU: no cluster is involved.
import { planReplicas, type PlannerPreferences } from '../src/federation/planner.js';
import type { BenchRow } from './table.js';

function timeIt(runs: number, fn: () => void): { perRunMs: number; totalMs: number } {
  fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn();
  const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
  return { perRunMs: totalMs / runs, totalMs };
}

export async function benchPlanner(): Promise<BenchRow[]> {
  const clusters100 = Array.from({ length: 100 }, (_, i) => `cluster${i + 1}`);
  const prefs100: PlannerPreferences = {
    totalReplicas: 10_000,
    rebalance: true,
    clusters: Object.fromEntries(clusters100.map((c, i) => [c, { minReplicas: i % 3, maxReplicas: 200 + i, weight: 1 + (i % 7) }])),
  };
  const capacity = Object.fromEntries(clusters100.filter((_, i) => i % 10 === 0).map((c) => [c, 50]));
  const one = timeIt(200, () => planReplicas(prefs100, clusters100, {}, capacity, 'bench/rsp'));

  const clusters5 = ['cluster1', 'cluster2', 'cluster3', 'cluster4', 'cluster5'];
  const prefs5: PlannerPreferences = { totalReplicas: 9, clusters: { cluster1: { minReplicas: 4, maxReplicas: 6, weight: 1 }, '*': { weight: 2 } } };
  const current = { cluster1: 3, cluster2: 2 };
  const thousand = timeIt(20, () => {
    for (let i = 0; i < 1000; i++) planReplicas(prefs5, clusters5, current, {}, `ns/rsp-${i}`);
  });
  return [
    { case: '1 plan, 100 clusters, 10,000 replicas', 'ms per plan': one.perRunMs },
    { case: '1,000 RSPs, 5 clusters each', 'ms per 1,000 plans': thousand.perRunMs },
  ];
}
