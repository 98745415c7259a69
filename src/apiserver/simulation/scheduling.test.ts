import assert from 'node:assert/strict';
import { test } from 'node:test';
import { schedule, type NodeView } from './scheduling.js';

function node(name: string, podCount: number, extra: Partial<NodeView> = {}): NodeView {
  return { name, labels: { 'kubernetes.io/hostname': name }, ready: true, unschedulable: false, allocatablePods: 2, podCount, ...extra };
}

test('the least loaded fitting node wins, ties by name', () => {
  const cases: [NodeView[], Record<string, string>, string][] = [
    [[node('n1', 1), node('n2', 0), node('n3', 0)], {}, 'n2'],
    [[node('n1', 0), node('n2', 0)], {}, 'n1'],
    [[node('n1', 0), node('n2', 1, { labels: { zone: 'b' } })], { zone: 'b' }, 'n2'],
    [[node('n1', 2), node('n2', 1)], {}, 'n2'],
  ];
  for (const [nodes, selector, want] of cases) assert.deepEqual(schedule(nodes, selector), { node: want });
});

test('pods beyond capacity get the Too many pods message', () => {
  assert.deepEqual(schedule([node('n1', 2), node('n2', 2), node('n3', 2)], {}), {
    message: '0/3 nodes are available: 3 Too many pods. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
  });
});

test('mixed reasons are counted and sorted', () => {
  const r = schedule([node('n1', 2), node('n2', 0), node('n3', 0, { unschedulable: true })], { zone: 'x' });
  assert.deepEqual(r, {
    message: "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. " +
      'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
  });
});

test('no nodes at all', () => {
  assert.deepEqual(schedule([], {}), { message: 'no nodes available to schedule pods' });
});
