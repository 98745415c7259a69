import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../common/object.js';
import { retainClusterFields, type RetainOptions } from './retain.js';

interface Case {
  name: string;
  options: RetainOptions;
  desired: JsonObject;
  member: JsonObject;
  want?: JsonObject;
  error?: string;
}

const cases: Case[] = [
  {
    name: 'metadata owned by the member: resourceVersion, finalizers, annotations',
    options: { targetKind: 'ConfigMap' },
    desired: { metadata: { name: 'a', labels: { x: 'y' } }, data: { k: 'v' } },
    member: { metadata: { name: 'a', resourceVersion: '42', finalizers: ['f'], annotations: { rev: '3' } }, data: { k: 'old' } },
    want: { metadata: { name: 'a', labels: { x: 'y' }, resourceVersion: '42', finalizers: ['f'], annotations: { rev: '3' } }, data: { k: 'v' } },
  },
  {
    name: 'desired annotations give way to the member having none',
    options: { targetKind: 'ConfigMap' },
    desired: { metadata: { name: 'a', annotations: { mine: '1' } } },
    member: { metadata: { name: 'a', resourceVersion: '1' } },
    want: { metadata: { name: 'a', resourceVersion: '1' } },
  },
  {
    name: 'service: cluster IPs, health check port and node ports by name+protocol+port',
    options: { targetKind: 'Service' },
    desired: { metadata: {}, spec: { type: 'LoadBalancer', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }] } },
    member: {
      metadata: { resourceVersion: '7' },
      spec: {
        clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5'], healthCheckNodePort: 31000,
        ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }, { name: 'https', port: 8443, protocol: 'TCP', nodePort: 30443 }, { name: 'dns', port: 53, protocol: 'TCP', nodePort: 30053 }],
      },
    },
    want: {
      metadata: { resourceVersion: '7' },
      spec: {
        type: 'LoadBalancer', clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5'], healthCheckNodePort: 31000,
        ports: [{ name: 'http', port: 80, nodePort: 30080 }, { name: 'https', port: 443, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }],
      },
    },
  },
  {
    name: 'service: empty clusterIP and zero health check port are not retained',
    options: { targetKind: 'Service' },
    desired: { metadata: {}, spec: { ports: [] } },
    member: { metadata: {}, spec: { clusterIP: '', clusterIPs: [], healthCheckNodePort: 0 } },
    want: { metadata: {}, spec: { ports: [] } },
  },
  { name: 'service: bad healthCheckNodePort type', options: { targetKind: 'Service' }, desired: { metadata: {} }, member: { spec: { healthCheckNodePort: '1' } }, error: 'cannot retain spec.healthCheckNodePort of the member object: it is of type string, expected integer' },
  { name: 'service: bad clusterIPs type', options: { targetKind: 'Service' }, desired: { metadata: {} }, member: { spec: { clusterIPs: [1] } }, error: 'cannot retain spec.clusterIPs of the member object: it is of type array, expected list of strings' },
  { name: 'service: bad clusterIP type', options: { targetKind: 'Service' }, desired: { metadata: {} }, member: { spec: { clusterIP: 5 } }, error: 'cannot retain spec.clusterIP of the member object: it is of type number, expected string' },
  {
    name: 'service account: member secrets kept when the template has none',
    options: { targetKind: 'ServiceAccount' }, desired: { metadata: {} }, member: { metadata: {}, secrets: [{ name: 'tok' }] },
    want: { metadata: {}, secrets: [{ name: 'tok' }] },
  },
  {
    name: 'service account: template secrets win',
    options: { targetKind: 'ServiceAccount' }, desired: { metadata: {}, secrets: [{ name: 'mine' }] }, member: { metadata: {}, secrets: [{ name: 'tok' }] },
    want: { metadata: {}, secrets: [{ name: 'mine' }] },
  },
  {
    name: 'retainReplicas keeps the member replicas',
    options: { targetKind: 'Deployment', retainReplicas: true }, desired: { metadata: {}, spec: { replicas: 3 } }, member: { metadata: {}, spec: { replicas: 7 } },
    want: { metadata: {}, spec: { replicas: 7 } },
  },
  {
    name: 'without retainReplicas the template replicas win',
    options: { targetKind: 'Deployment' }, desired: { metadata: {}, spec: { replicas: 3 } }, member: { metadata: {}, spec: { replicas: 7 } },
    want: { metadata: {}, spec: { replicas: 3 } },
  },
  {
    name: 'retainReplicas with a member lacking replicas changes nothing',
    options: { targetKind: 'Deployment', retainReplicas: true }, desired: { metadata: {}, spec: { replicas: 3 } }, member: { metadata: {}, spec: {} },
    want: { metadata: {}, spec: { replicas: 3 } },
  },
  {
    name: 'Job: the member\'s generated selector and template labels are kept, the template\'s own labels win',
    options: { targetKind: 'Job' },
    desired: { metadata: {}, spec: { template: { metadata: { labels: { app: 'x', 'job-name': 'mine' } }, spec: { restartPolicy: 'Never' } } } },
    member: {
      metadata: {},
      spec: {
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } },
        template: { metadata: { labels: { app: 'old', 'batch.kubernetes.io/controller-uid': 'u1', 'batch.kubernetes.io/job-name': 'j', 'controller-uid': 'u1', 'job-name': 'j' } } },
      },
    },
    want: {
      metadata: {},
      spec: {
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } },
        template: {
          metadata: { labels: { app: 'x', 'job-name': 'mine', 'batch.kubernetes.io/controller-uid': 'u1', 'batch.kubernetes.io/job-name': 'j', 'controller-uid': 'u1' } },
          spec: { restartPolicy: 'Never' },
        },
      },
    },
  },
  {
    name: 'Job with manualSelector keeps exactly the template',
    options: { targetKind: 'Job' },
    desired: { metadata: {}, spec: { manualSelector: true, selector: { matchLabels: { a: 'b' } } } },
    member: { metadata: {}, spec: { selector: { matchLabels: { 'controller-uid': 'u1' } }, template: { metadata: { labels: { 'controller-uid': 'u1' } } } } },
    want: { metadata: {}, spec: { manualSelector: true, selector: { matchLabels: { a: 'b' } } } },
  },
  { name: 'Job with a bad member selector', options: { targetKind: 'Job' }, desired: { metadata: {}, spec: {} }, member: { spec: { selector: 'all' } }, error: 'cannot retain spec.selector of the member object: it is of type string, expected object' },
  { name: 'retainReplicas with a bad member value', options: { targetKind: 'ReplicaSet', retainReplicas: true }, desired: { metadata: {} }, member: { spec: { replicas: 'many' } }, error: 'cannot retain spec.replicas of the member object: it is of type string, expected integer' },
];

describe('retainClusterFields', () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = structuredClone(c.desired);
      const r = retainClusterFields(c.desired, c.member, c.options);
      if (c.error !== undefined) assert.deepEqual(r, { ok: false, error: { reason: 'FieldRetentionFailed', message: c.error } });
      else assert.deepEqual(r, { ok: true, value: c.want });
      assert.deepEqual(c.desired, before, 'input must not be mutated');
    });
  }
});
