import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPodSpec } from './pod-defaults.js';

test('a pod spec gets SetDefaults_PodSpec and SetDefaults_Container, and keeps what it sets', () => {
  const spec: Record<string, unknown> = {
    containers: [
      { name: 'a', image: 'nginx' },
      { name: 'b', image: 'nginx:1.25', ports: [{ containerPort: 80 }] },
      { name: 'c', image: 'registry:5000/team/app:latest', imagePullPolicy: 'Never' },
      { name: 'd', image: 'busybox@sha256:0123' },
    ],
    dnsPolicy: 'Default',
  };
  defaultPodSpec(spec);
  assert.deepEqual(spec, {
    containers: [
      { name: 'a', image: 'nginx', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'Always', resources: {} },
      { name: 'b', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }], terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent', resources: {} },
      { name: 'c', image: 'registry:5000/team/app:latest', imagePullPolicy: 'Never', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} },
      { name: 'd', image: 'busybox@sha256:0123', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent', resources: {} },
    ],
    dnsPolicy: 'Default',
    restartPolicy: 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
  });
});

test('a Job template names its own restart policy', () => {
  const spec: Record<string, unknown> = { containers: [] };
  defaultPodSpec(spec, { restartPolicy: false });
  assert.equal(spec.restartPolicy, undefined);
});
