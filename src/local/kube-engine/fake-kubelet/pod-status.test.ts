import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../../common/object.js';
import { arr, conditionOf, rec } from '../../../apiserver/simulation/object-fields.js';
import { containerId, imageId, runningStatus, succeededStatus } from './pod-status.js';

const NOW = '2030-01-01T00:00:00Z';
const LATER = '2030-01-01T00:00:05Z';

function pendingPod(extra: Record<string, unknown> = {}, status: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web', namespace: 'ns', uid: '1234-abcd' },
    spec: { nodeName: 'c1-node-1', containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'log', image: 'busybox' }], ...extra },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2029-12-31T23:59:59Z' }], ...status },
  };
}

describe('runningStatus', () => {
  const s = runningStatus(pendingPod(), { hostIp: '127.18.1.2', podIp: '127.129.0.2', now: NOW });

  it('is Running with the node and pod addresses and the start time', () => {
    assert.equal(s.phase, 'Running');
    assert.equal(s.hostIP, '127.18.1.2');
    assert.deepEqual(s.hostIPs, [{ ip: '127.18.1.2' }]);
    assert.equal(s.podIP, '127.129.0.2');
    assert.deepEqual(s.podIPs, [{ ip: '127.129.0.2' }]);
    assert.equal(s.startTime, NOW);
    assert.equal(s.qosClass, 'BestEffort');
  });

  it('has the kubelet’s five conditions True and keeps the scheduler’s PodScheduled', () => {
    const types = arr(s.conditions).map((c) => `${String(c.type)}=${String(c.status)}`);
    assert.deepEqual(types, ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    assert.equal(conditionOf(s, 'PodScheduled')?.lastTransitionTime, '2029-12-31T23:59:59Z');
  });

  it('reports every container running, ready and started, with image and container ids', () => {
    const cs = arr(s.containerStatuses);
    assert.equal(cs.length, 2);
    assert.deepEqual(cs[0], {
      name: 'app', image: 'nginx:1.27', imageID: imageId('nginx:1.27'), containerID: containerId('1234-abcd', 0),
      restartCount: 0, lastState: {}, ready: true, started: true, state: { running: { startedAt: NOW } },
    });
    assert.match(String(cs[1]?.containerID), /^containerd:\/\/[0-9a-f]{64}$/);
    assert.notEqual(cs[0]?.containerID, cs[1]?.containerID);
  });

  it('reports init containers Completed and sidecars running', () => {
    const p = pendingPod({ initContainers: [{ name: 'migrate', image: 'tool' }, { name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] });
    const inits = arr(runningStatus(p, { hostIp: 'h', podIp: 'p', now: NOW }).initContainerStatuses);
    assert.deepEqual(rec(inits[0]?.state).terminated, { exitCode: 0, reason: 'Completed', startedAt: NOW, finishedAt: NOW, containerID: inits[0]?.containerID });
    assert.equal(inits[0]?.started, false);
    assert.deepEqual(rec(inits[1]?.state).running, { startedAt: NOW });
    assert.equal(inits[1]?.ready, true);
  });

  it('leaves initContainerStatuses out for a pod without init containers', () => {
    assert.equal('initContainerStatuses' in s, false);
  });

  it('keeps the qosClass kube-apiserver set, and computes one only when absent', () => {
    const guaranteed = pendingPod({ containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }] });
    assert.equal(runningStatus(guaranteed, { hostIp: 'h', podIp: 'p', now: NOW }).qosClass, 'Guaranteed');
    const preset = pendingPod({}, { qosClass: 'Burstable' });
    assert.equal(runningStatus(preset, { hostIp: 'h', podIp: 'p', now: NOW }).qosClass, 'Burstable');
  });
});

describe('succeededStatus', () => {
  const running: KubeObject = { ...pendingPod({ restartPolicy: 'Never' }) };
  running.status = runningStatus(running, { hostIp: '127.18.1.2', podIp: '127.129.0.2', now: NOW });
  const s = succeededStatus(running, LATER);

  it('is Succeeded and no longer Ready, for reason PodCompleted', () => {
    assert.equal(s.phase, 'Succeeded');
    for (const type of ['Ready', 'ContainersReady']) {
      assert.equal(conditionOf(s, type)?.status, 'False');
      assert.equal(conditionOf(s, type)?.reason, 'PodCompleted');
    }
    assert.equal(conditionOf(s, 'PodScheduled')?.status, 'True');
  });

  it('terminates every container with exit code 0 from its running start', () => {
    for (const c of arr(s.containerStatuses)) {
      assert.equal(c.ready, false);
      assert.deepEqual(rec(c.state).terminated, { exitCode: 0, reason: 'Completed', startedAt: NOW, finishedAt: LATER, containerID: c.containerID });
    }
  });

  it('keeps the addresses and start time of the run', () => {
    assert.equal(s.podIP, '127.129.0.2');
    assert.equal(s.startTime, NOW);
  });
});
