import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fnv1Hash32, planReplicas, PlannerInputError, rspResult, type PlannerClusterPreferences } from './planner.js';

type Prefs = Record<string, PlannerClusterPreferences>;
interface Vector {
  name: string;
  clusters: Prefs;
  total: number;
  names: string[];
  current?: Record<string, number>;
  capacity?: Record<string, number>;
  rebalance?: boolean;
  plan: Record<string, number>;
  overflow?: Record<string, number>;
}

const eq: Prefs = { '*': { weight: 1 } };

// Expected numbers are those of KubeFed's own planner unit tests (pkg/controller/util/planner/planner_test.go,
// key ""), so a user migrating sees the same split.
const vectors: Vector[] = [
  { name: 'equal: 50 over A,B,C (hash decides who gets the 17s)', clusters: eq, total: 50, names: ['A', 'B', 'C'], plan: { A: 16, B: 17, C: 17 } },
  { name: 'equal: 50 over A,B', clusters: eq, total: 50, names: ['A', 'B'], plan: { A: 25, B: 25 } },
  { name: 'equal: 1 over A,B goes to the lower hash', clusters: eq, total: 1, names: ['A', 'B'], plan: { A: 0, B: 1 } },
  { name: 'equal: 1 over A..D', clusters: eq, total: 1, names: ['A', 'B', 'C', 'D'], plan: { A: 0, B: 0, C: 0, D: 1 } },
  { name: 'equal: single cluster', clusters: eq, total: 1, names: ['A'], plan: { A: 1 } },
  { name: 'equal: no clusters', clusters: eq, total: 1, names: [], plan: {} },
  { name: 'existing: C runs 30', clusters: eq, total: 50, names: ['A', 'B', 'C'], current: { C: 30 }, plan: { A: 10, B: 10, C: 30 } },
  { name: 'existing: A runs 30', clusters: eq, total: 50, names: ['A', 'B'], current: { A: 30 }, plan: { A: 30, B: 20 } },
  { name: 'existing: A0 B8 of 15', clusters: eq, total: 15, names: ['A', 'B'], current: { A: 0, B: 8 }, plan: { A: 7, B: 8 } },
  { name: 'existing: A1 B8 of 15', clusters: eq, total: 15, names: ['A', 'B'], current: { A: 1, B: 8 }, plan: { A: 7, B: 8 } },
  { name: 'existing: A4 B8 of 15', clusters: eq, total: 15, names: ['A', 'B'], current: { A: 4, B: 8 }, plan: { A: 7, B: 8 } },
  { name: 'existing: A5 B8 of 15', clusters: eq, total: 15, names: ['A', 'B'], current: { A: 5, B: 8 }, plan: { A: 7, B: 8 } },
  { name: 'existing: A6 B8 of 15', clusters: eq, total: 15, names: ['A', 'B'], current: { A: 6, B: 8 }, plan: { A: 7, B: 8 } },
  { name: 'existing: A7 B8 of 15', clusters: eq, total: 15, names: ['A', 'B'], current: { A: 7, B: 8 }, plan: { A: 7, B: 8 } },
  { name: 'existing: 500000 replicas', clusters: eq, total: 500000, names: ['A', 'B'], current: { A: 300000 }, plan: { A: 300000, B: 200000 } },
  { name: 'existing: A runs 10 below its share', clusters: eq, total: 50, names: ['A', 'B'], current: { A: 10 }, plan: { A: 25, B: 25 } },
  { name: 'existing: B runs 70 keeps all 50 without rebalance', clusters: eq, total: 50, names: ['A', 'B'], current: { A: 10, B: 70 }, plan: { A: 0, B: 50 } },
  { name: 'existing: 1 replica stays where it runs', clusters: eq, total: 1, names: ['A', 'B'], current: { A: 30 }, plan: { A: 1, B: 0 } },
  { name: 'existing: both below share', clusters: eq, total: 50, names: ['A', 'B'], current: { A: 10, B: 20 }, plan: { A: 25, B: 25 } },
  {
    name: 'capacity+rebalance: C capped at 10 overflows 7', rebalance: true, clusters: eq, total: 50, names: ['A', 'B', 'C'],
    current: {}, capacity: { C: 10 }, plan: { A: 20, B: 20, C: 10 }, overflow: { C: 7 },
  },
  {
    name: 'capacity+rebalance: preferred B capped', rebalance: true, clusters: { A: { weight: 10000 }, B: { weight: 1 } }, total: 50,
    names: ['B', 'C'], current: {}, capacity: { B: 10 }, plan: { B: 10, C: 0 }, overflow: { B: 40 },
  },
  {
    name: 'capacity+rebalance: weights 1:2, B capped', rebalance: true, clusters: { A: { weight: 1 }, B: { weight: 2 } }, total: 60,
    names: ['A', 'B', 'C'], current: {}, capacity: { B: 10 }, plan: { A: 50, B: 10, C: 0 }, overflow: { B: 30 },
  },
  {
    name: 'capacity+rebalance: max and capacity together', rebalance: true,
    clusters: { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1, maxReplicas: 21 }, D: { weight: 1, maxReplicas: 10 } },
    total: 71, names: ['A', 'B', 'C', 'D'], current: {}, capacity: { C: 10 }, plan: { A: 10, B: 41, C: 10, D: 10 }, overflow: { C: 11 },
  },
  {
    name: 'capacity without rebalance: unplaced replicas become overflow', clusters: { A: { weight: 1 }, B: { weight: 1 } }, total: 60,
    names: ['A', 'B', 'C'], current: {}, capacity: { A: 10, B: 10 }, plan: { A: 10, B: 10, C: 0 }, overflow: { A: 20, B: 20 },
  },
  {
    name: 'capacity without rebalance: everything placed, no overflow', clusters: { A: { weight: 1 }, B: { weight: 5 } }, total: 60,
    names: ['A', 'B', 'C'], current: {}, capacity: { B: 10 }, plan: { A: 50, B: 10, C: 0 }, overflow: {},
  },
  {
    name: 'capacity without rebalance: minimums only', clusters: { '*': { minReplicas: 20, weight: 0 } }, total: 50,
    names: ['A', 'B', 'C'], current: {}, capacity: { B: 10 }, plan: { A: 20, B: 10, C: 20 }, overflow: {},
  },
  {
    name: 'capacity+rebalance: minimums above capacity', rebalance: true, clusters: { '*': { minReplicas: 20, weight: 1 } }, total: 60,
    names: ['A', 'B'], current: {}, capacity: { B: 10 }, plan: { A: 50, B: 10 }, overflow: { B: 15 },
  },
  { name: 'min: 2 each, weight 0', clusters: { '*': { minReplicas: 2, weight: 0 } }, total: 50, names: ['A', 'B', 'C'], plan: { A: 2, B: 2, C: 2 } },
  { name: 'min: 20 each exceeds total (hash decides)', clusters: { '*': { minReplicas: 20, weight: 0 } }, total: 50, names: ['A', 'B', 'C'], plan: { A: 10, B: 20, C: 20 } },
  {
    name: 'min: heavier cluster served first', clusters: { '*': { minReplicas: 20, weight: 0 }, A: { minReplicas: 100, weight: 1 } }, total: 50,
    names: ['A', 'B', 'C'], plan: { A: 50, B: 0, C: 0 },
  },
  { name: 'min: with max', clusters: { '*': { minReplicas: 10, weight: 1, maxReplicas: 12 } }, total: 50, names: ['A', 'B', 'C'], plan: { A: 12, B: 12, C: 12 } },
  { name: 'max: 2 each', clusters: { '*': { weight: 1, maxReplicas: 2 } }, total: 50, names: ['A', 'B', 'C'], plan: { A: 2, B: 2, C: 2 } },
  { name: 'max: weight 0 gets nothing', clusters: { '*': { weight: 0, maxReplicas: 2 } }, total: 50, names: ['A', 'B', 'C'], plan: { A: 0, B: 0, C: 0 } },
  { name: 'weight: 1:2 and C without preference', clusters: { A: { weight: 1 }, B: { weight: 2 } }, total: 60, names: ['A', 'B', 'C'], plan: { A: 20, B: 40, C: 0 } },
  { name: 'weight: 10000:1 rounds to all', clusters: { A: { weight: 10000 }, B: { weight: 1 } }, total: 50, names: ['A', 'B', 'C'], plan: { A: 50, B: 0, C: 0 } },
  { name: 'weight: heavy cluster not a candidate', clusters: { A: { weight: 10000 }, B: { weight: 1 } }, total: 50, names: ['B', 'C'], plan: { B: 50, C: 0 } },
  {
    name: 'weight: heavy cluster capped by max', clusters: { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1 } }, total: 50,
    names: ['A', 'B', 'C'], plan: { A: 10, B: 20, C: 20 },
  },
  {
    name: 'weight: two capped', clusters: { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1, maxReplicas: 10 } }, total: 50,
    names: ['A', 'B', 'C'], plan: { A: 10, B: 30, C: 10 },
  },
  {
    name: 'weight: three capped',
    clusters: { A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1, maxReplicas: 21 }, D: { weight: 1, maxReplicas: 10 } },
    total: 71, names: ['A', 'B', 'C', 'D'], plan: { A: 10, B: 30, C: 21, D: 10 },
  },
  {
    name: 'weight: five clusters',
    clusters: {
      A: { weight: 10000, maxReplicas: 10 }, B: { weight: 1 }, C: { weight: 1, maxReplicas: 21 }, D: { weight: 1, maxReplicas: 10 }, E: { weight: 1 },
    },
    total: 91, names: ['A', 'B', 'C', 'D', 'E'], plan: { A: 10, B: 25, C: 21, D: 10, E: 25 },
  },
  // The seed walkthrough's example (issue 8): 9 replicas, cluster1 min 4 max 6 weight 1, cluster2 min 4 max 8 weight 2.
  {
    name: 'seed example: 9 over two clusters with minimums', clusters: { cluster1: { minReplicas: 4, maxReplicas: 6, weight: 1 }, cluster2: { minReplicas: 4, maxReplicas: 8, weight: 2 } },
    total: 9, names: ['cluster1', 'cluster2'], plan: { cluster1: 4, cluster2: 5 },
  },
  { name: 'empty clusters map means equal weights', clusters: {}, total: 6, names: ['x', 'y'], plan: { x: 3, y: 3 } },
  { name: 'all weights zero places only minimums', clusters: { '*': { weight: 0, minReplicas: 1 } }, total: 10, names: ['a', 'b'], plan: { a: 1, b: 1 } },
];

describe('planReplicas', () => {
  for (const v of vectors) {
    it(v.name, () => {
      const got = planReplicas({ totalReplicas: v.total, clusters: v.clusters, rebalance: v.rebalance ?? false }, v.names, v.current ?? {}, v.capacity ?? {}, '');
      assert.deepEqual(got.plan, v.plan);
      assert.deepEqual(got.overflow, v.overflow ?? {});
    });
  }

  it('the key changes the tie-break between equal weights', () => {
    const prefs = { totalReplicas: 1, clusters: eq };
    const winners = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const key = `ns/rsp-${i}`;
      const { plan } = planReplicas(prefs, ['A', 'B'], {}, {}, key);
      const winner = Object.entries(plan).find(([, n]) => n === 1)?.[0];
      assert.ok(winner !== undefined);
      assert.equal(fnv1Hash32(winner, key) < fnv1Hash32(winner === 'A' ? 'B' : 'A', key), true);
      winners.add(winner);
    }
    assert.equal(winners.size, 2);
  });

  it('a cluster named like an Object.prototype member gets no inherited preference', () => {
    const { plan } = planReplicas({ totalReplicas: 4, clusters: { a: { weight: 1 } } }, ['a', 'constructor', '__proto__'], {}, {}, '');
    assert.deepEqual(plan, Object.fromEntries([['__proto__', 0], ['a', 4], ['constructor', 0]]));
  });

  it('weights beyond 2^53 stay exact', () => {
    const big = 2 ** 60;
    const { plan } = planReplicas({ totalReplicas: 3, clusters: { a: { weight: big }, b: { weight: big } } }, ['a', 'b'], {}, {}, '');
    assert.equal(plan.a + plan.b, 3);
  });

  it('rejects a non-integer with the field named', () => {
    assert.throws(() => planReplicas({ totalReplicas: 1.5 }, ['a'], {}, {}, ''), new PlannerInputError('totalReplicas must be an integer, got 1.5'));
    assert.throws(
      () => planReplicas({ totalReplicas: 1, clusters: { '*': { weight: Number.NaN } } }, ['a'], {}, {}, ''),
      new PlannerInputError('clusters["*"].weight must be an integer, got null'),
    );
    assert.throws(() => planReplicas({ totalReplicas: 1 }, ['a'], { a: 0.5 }, {}, ''), new PlannerInputError('currentReplicas["a"] must be an integer, got 0.5'));
  });
});

describe('fnv1Hash32', () => {
  // Published FNV-1 32-bit test vectors (Landon Curt Noll's fnv test suite).
  const cases: [string, number][] = [['', 0x811c9dc5], ['a', 0x050c5d7e], ['foobar', 0x31f0b262]];
  for (const [input, want] of cases) {
    it(`hashes "${input}"`, () => assert.equal(fnv1Hash32(input), want));
  }
  it('hashes the concatenation of its parts', () => assert.equal(fnv1Hash32('foo', 'bar'), fnv1Hash32('foobar')));
});

// A small deterministic PRNG (mulberry32) so a failing property case can be reproduced from its seed.
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('planReplicas properties', () => {
  it('respects total, min, max and capacity; is deterministic and independent of cluster order', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const rnd = prng(seed);
      const int = (n: number): number => Math.floor(rnd() * n);
      const names = Array.from({ length: 1 + int(8) }, (_, i) => `c${i}`);
      const clusters: Prefs = {};
      for (const n of [...names, '*']) {
        if (rnd() < 0.3) continue;
        clusters[n] = { weight: int(5), minReplicas: int(4), ...(rnd() < 0.4 ? { maxReplicas: 4 + int(20) } : {}) };
      }
      const current: Record<string, number> = {};
      const capacity: Record<string, number> = {};
      for (const n of names) {
        if (rnd() < 0.5) current[n] = int(30);
        if (rnd() < 0.3) capacity[n] = int(15);
      }
      const prefs = { totalReplicas: int(60), clusters, rebalance: rnd() < 0.5 };
      // The planner's documented default for an empty map.
      const effective: Prefs = Object.keys(clusters).length > 0 ? clusters : { '*': { weight: 1 } };
      const prefOf = (n: string): PlannerClusterPreferences | undefined => (Object.hasOwn(effective, n) ? effective[n] : effective['*']);
      const key = `ns/rsp-${seed}`;
      const a = planReplicas(prefs, names, current, capacity, key);
      const ctx = `seed ${seed}: ${JSON.stringify({ prefs, names, current, capacity, a })}`;

      const sum = Object.values(a.plan).reduce((x, y) => x + y, 0);
      assert.ok(sum <= prefs.totalReplicas, ctx);
      assert.deepEqual(Object.keys(a.plan).sort(), [...names].sort(), ctx);
      for (const n of names) {
        const p = prefOf(n);
        const v = a.plan[n];
        assert.ok(v !== undefined && v >= 0, ctx);
        if (p === undefined) assert.equal(v, 0, ctx);
        if (p?.maxReplicas != null) assert.ok(v <= Math.max(p.maxReplicas, p.minReplicas ?? 0), ctx);
        if (capacity[n] !== undefined) assert.ok(v <= capacity[n], ctx);
      }
      // Minimums are served before anything else, heaviest first; they only go short when replicas run out.
      const mins = names.reduce((s, n) => {
        const p = prefOf(n);
        return s + Math.min(p?.minReplicas ?? 0, capacity[n] ?? Infinity);
      }, 0);
      if (mins <= prefs.totalReplicas) {
        for (const n of names) {
          const p = prefOf(n);
          assert.ok((a.plan[n] ?? 0) >= Math.min(p?.minReplicas ?? 0, capacity[n] ?? Infinity), ctx);
        }
      }
      assert.deepEqual(planReplicas(prefs, names, current, capacity, key), a, ctx);
      assert.deepEqual(planReplicas(prefs, [...names].reverse(), current, capacity, key), a, ctx);
    }
  });
});

describe('rspResult', () => {
  const cases: { name: string; current: Record<string, number>; plan: Record<string, number>; overflow: Record<string, number>; want: Record<string, number> }[] = [
    { name: 'plan only', current: {}, plan: { a: 2, b: 1 }, overflow: {}, want: { a: 2, b: 1 } },
    { name: 'running clusters outside the plan drop to 0', current: { gone: 3 }, plan: { a: 2 }, overflow: {}, want: { a: 2, gone: 0 } },
    { name: 'overflow is added', current: { a: 1 }, plan: { a: 2, b: 1 }, overflow: { b: 4 }, want: { a: 2, b: 5 } },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(rspResult(c.current, c.plan, c.overflow), c.want));
});
