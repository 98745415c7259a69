import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analysePods, podsMatching, type PodView } from './rsp-pod-analysis.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const ago = (s: number): string => new Date(NOW - s * 1000).toISOString();

const running = (ready: string): PodView => ({ metadata: { labels: { app: 'a' } }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready }] } });
const unschedulable = (secondsAgo: number, reason = 'Unschedulable'): PodView => ({
  metadata: { labels: { app: 'a' } },
  status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason, lastTransitionTime: ago(secondsAgo) }] },
});

const cases: { name: string; pods: PodView[]; want: { running: number; unschedulable: number; recheckAfterMs?: number } }[] = [
  { name: 'running pods count only when Ready is True (quirk 8 fixed)', pods: [running('True'), running('False'), running('Unknown')], want: { running: 1, unschedulable: 0 } },
  { name: 'pods unschedulable longer than the threshold lower capacity', pods: [unschedulable(61), unschedulable(120), running('True')], want: { running: 1, unschedulable: 2 } },
  { name: 'a young unschedulable pod asks for a recheck when it crosses the threshold', pods: [unschedulable(50), unschedulable(10)], want: { running: 0, unschedulable: 0, recheckAfterMs: 10_001 } },
  { name: 'PodScheduled False for another reason is ignored', pods: [unschedulable(300, 'SchedulerError')], want: { running: 0, unschedulable: 0 } },
  { name: 'no pods', pods: [], want: { running: 0, unschedulable: 0 } },
];

for (const c of cases) {
  test(`analysePods: ${c.name}`, () => {
    assert.deepEqual(analysePods(c.pods, NOW, 60_000), c.want);
  });
}

test('podsMatching keeps pods carrying every matchLabels pair', () => {
  const pods: PodView[] = [
    { metadata: { name: 'x', labels: { app: 'a', tier: 'web' } } },
    { metadata: { name: 'y', labels: { app: 'a' } } },
    { metadata: { name: 'z' } },
  ];
  assert.deepEqual(podsMatching(pods, { app: 'a', tier: 'web' }).map((p) => p.metadata.name), ['x']);
  assert.deepEqual(podsMatching(pods, { app: 'a' }).map((p) => p.metadata.name), ['x', 'y']);
});
