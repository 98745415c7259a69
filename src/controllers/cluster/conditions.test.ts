import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterCondition } from '../../apis/types.js';
import { clusterStatusNeedsWrite, isClusterReady, probeConditions, thresholdAdjustedConditions, topologyFromNodes, type ProbeResult } from './conditions.js';

const T0 = '2024-01-01T00:00:00Z';
const thresholds = { successThreshold: 1, failureThreshold: 3 };

test('each probe result yields KubeFed\'s conditions, reasons and messages', () => {
  const table: { probe: ProbeResult; want: Partial<ClusterCondition>[] }[] = [
    { probe: { kind: 'ok' }, want: [{ type: 'Ready', status: 'True', reason: 'ClusterReady', message: '/healthz responded with ok' }] },
    {
      probe: { kind: 'notOk' },
      want: [
        { type: 'Ready', status: 'False', reason: 'ClusterNotReady', message: '/healthz responded without ok' },
        { type: 'Offline', status: 'False', reason: 'ClusterReachable', message: 'cluster is reachable' },
      ],
    },
    { probe: { kind: 'unreachable', error: 'connect ECONNREFUSED' }, want: [{ type: 'Offline', status: 'True', reason: 'ClusterNotReachable', message: 'cluster is not reachable: connect ECONNREFUSED' }] },
    { probe: { kind: 'malformed' }, want: [{ type: 'ConfigMalformed', status: 'True', reason: 'ClusterConfigMalformed', message: "cluster's configuration may be malformed" }] },
  ];
  for (const { probe, want } of table) {
    const got = probeConditions(probe, T0);
    assert.deepEqual(got.map(({ type, status, reason, message }) => ({ type, status, reason, message })), want, probe.kind);
    for (const c of got) assert.equal(c.lastProbeTime, T0);
  }
});

function run(probes: ProbeResult[]): { ready: boolean[]; pending: number } {
  let conditions: ClusterCondition[] | undefined;
  let pending = 0;
  const ready: boolean[] = [];
  probes.forEach((p, i) => {
    const now = `2024-01-01T00:00:0${i}Z`;
    const r = thresholdAdjustedConditions(conditions, probeConditions(p, now), pending, thresholds, now);
    conditions = r.conditions;
    pending = r.pending;
    ready.push(isClusterReady({ conditions }));
  });
  return { ready, pending };
}

const ok: ProbeResult = { kind: 'ok' };
const down: ProbeResult = { kind: 'unreachable', error: 'x' };

test('a Ready cluster turns not ready only after failureThreshold failed probes in a row', () => {
  assert.deepEqual(run([ok, ok, ok, ok, down, down, down]).ready, [true, true, true, true, true, true, false]);
});

test('a success between failures restarts the failure count', () => {
  assert.deepEqual(run([ok, down, down, ok, down, down, down]).ready, [true, true, true, true, true, true, false]);
});

test('recovery is immediate with successThreshold 1, and the first probe is taken as is', () => {
  assert.deepEqual(run([down, ok]).ready, [false, true]);
});

test('held conditions keep their content but carry the new probe time', () => {
  const first = thresholdAdjustedConditions(undefined, probeConditions(ok, T0), 0, thresholds, T0);
  const later = '2024-01-01T00:00:09Z';
  const held = thresholdAdjustedConditions(first.conditions, probeConditions(down, later), first.pending, thresholds, later);
  assert.equal(held.pending, 1);
  assert.equal(held.conditions[0]?.type, 'Ready');
  assert.equal(held.conditions[0]?.lastProbeTime, later);
  assert.equal(held.conditions[0]?.lastTransitionTime, T0);
});

test('an unchanged readiness keeps lastTransitionTime', () => {
  const first = thresholdAdjustedConditions(undefined, probeConditions(ok, T0), 0, thresholds, T0);
  const later = '2024-01-01T00:01:00Z';
  const next = thresholdAdjustedConditions(first.conditions, probeConditions(ok, later), first.pending, thresholds, later);
  assert.equal(next.conditions[0]?.lastTransitionTime, T0);
  assert.equal(next.conditions[0]?.lastProbeTime, later);
});

test('status is rewritten on a real change or after the heartbeat, not for a new probe time alone', () => {
  const a = { conditions: probeConditions(ok, T0), kubernetesVersion: 'v1.32.0' };
  const b = { conditions: probeConditions(ok, '2024-01-01T00:00:05Z').map((c) => ({ ...c, lastTransitionTime: T0 })), kubernetesVersion: 'v1.32.0' };
  const t0 = Date.parse(T0);
  assert.equal(clusterStatusNeedsWrite(a, b, t0 + 5_000, 60_000), false);
  assert.equal(clusterStatusNeedsWrite(a, b, t0 + 60_000, 60_000), true);
  assert.equal(clusterStatusNeedsWrite(a, { ...b, kubernetesVersion: 'v1.33.0' }, t0 + 5_000, 60_000), true);
  assert.equal(clusterStatusNeedsWrite(a, { ...b, zones: ['z1'] }, t0 + 5_000, 60_000), true);
  assert.equal(clusterStatusNeedsWrite(undefined, b, t0, 60_000), true);
});

test('zones and region come from topology labels, preferring the GA keys over the legacy ones', () => {
  const node = (labels: Record<string, string>): { metadata: { labels: Record<string, string> } } => ({ metadata: { labels } });
  assert.deepEqual(
    topologyFromNodes([
      node({ 'topology.kubernetes.io/zone': 'b', 'failure-domain.beta.kubernetes.io/zone': 'old', 'topology.kubernetes.io/region': 'r1' }),
      node({ 'failure-domain.beta.kubernetes.io/zone': 'a', 'failure-domain.beta.kubernetes.io/region': 'r0' }),
      node({ 'topology.kubernetes.io/zone': 'b' }),
    ]),
    { zones: ['a', 'b'], region: 'r1' },
  );
  assert.deepEqual(topologyFromNodes([]), { zones: [], region: '' });
});
