import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../common/object.js';
import { completionDueAt, deletionDueAt, jittered, podNeeds, type PodNeed } from './pod-plan.js';

const ours = new Set(['c1-node-1', 'c1-node-2']);

function pod(o: { node?: string; phase?: string; restartPolicy?: string; deleting?: number; deletionTimestamp?: string; startTime?: string }): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: 'p', namespace: 'ns', uid: 'u1',
      ...(o.deleting !== undefined ? { deletionTimestamp: o.deletionTimestamp ?? '2030-01-01T00:00:30Z', deletionGracePeriodSeconds: o.deleting } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...(o.node ? { nodeName: o.node } : {}), ...(o.restartPolicy ? { restartPolicy: o.restartPolicy } : {}) },
    status: { ...(o.phase ? { phase: o.phase } : {}), ...(o.startTime ? { startTime: o.startTime } : {}) },
  };
}

describe('podNeeds', () => {
  const cases: [string, Parameters<typeof pod>[0], PodNeed][] = [
    ['an unbound pod', { phase: 'Pending' }, 'ignore'],
    ['a pod on another node', { node: 'other', phase: 'Pending' }, 'ignore'],
    ['a pending pod on our node', { node: 'c1-node-1', phase: 'Pending' }, 'start'],
    ['a pod without a phase yet', { node: 'c1-node-2' }, 'start'],
    ['a running Deployment pod', { node: 'c1-node-1', phase: 'Running' }, 'nothing'],
    ['a running Job pod (Never)', { node: 'c1-node-1', phase: 'Running', restartPolicy: 'Never' }, 'complete'],
    ['a running Job pod (OnFailure)', { node: 'c1-node-1', phase: 'Running', restartPolicy: 'OnFailure' }, 'complete'],
    ['a succeeded pod', { node: 'c1-node-1', phase: 'Succeeded', restartPolicy: 'Never' }, 'nothing'],
    ['a running pod being deleted gracefully', { node: 'c1-node-1', phase: 'Running', deleting: 30 }, 'finish-deletion'],
    ['a pending pod being deleted gracefully', { node: 'c1-node-1', phase: 'Pending', deleting: 30 }, 'finish-deletion'],
    ['a succeeded pod being deleted gracefully', { node: 'c1-node-1', phase: 'Succeeded', deleting: 30 }, 'finish-deletion'],
    ['a deleted pod held by finalizers (grace 0)', { node: 'c1-node-1', phase: 'Running', deleting: 0 }, 'nothing'],
    ['a deleted pod on another node', { node: 'other', phase: 'Running', deleting: 30 }, 'ignore'],
  ];
  for (const [name, o, want] of cases) {
    it(`${name} → ${want}`, () => assert.equal(podNeeds(pod(o), ours), want));
  }
});

describe('pod timing', () => {
  it('jitters a delay between 50 % and 150 % of the mean', () => {
    assert.equal(jittered(200, () => 0), 100);
    assert.equal(jittered(200, () => 0.999999), 300);
    assert.equal(jittered(0, () => 0.7), 0);
  });

  it('finishes a deletion at the first-seen due time, never after deletionTimestamp', () => {
    const deadline = Date.parse('2030-01-01T00:00:30Z');
    const running = pod({ node: 'c1-node-1', phase: 'Running', deleting: 30 });
    assert.equal(deletionDueAt(running, deadline - 5000, deadline - 10_000), deadline - 5000);
    assert.equal(deletionDueAt(running, deadline + 5000, deadline - 10_000), deadline);
  });

  it('finishes the deletion of a terminal pod at once', () => {
    const done = pod({ node: 'c1-node-1', phase: 'Succeeded', deleting: 30 });
    assert.equal(deletionDueAt(done, 9e15, 1000), 1000);
  });

  it('times a completion from our own start, else from status.startTime', () => {
    const p = pod({ node: 'c1-node-1', phase: 'Running', restartPolicy: 'Never', startTime: '2030-01-01T00:00:00Z' });
    assert.equal(completionDueAt(p, 5000, 500, 0), 5500);
    assert.equal(completionDueAt(p, undefined, 500, 0), Date.parse('2030-01-01T00:00:00Z') + 500);
    assert.equal(completionDueAt(pod({ node: 'c1-node-1', phase: 'Running' }), undefined, 500, 42), 42);
  });
});
