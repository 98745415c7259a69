import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clusterNotReadyEvent, DispatchErrors, dispatchEvent, dispatchFailedEvent, waitForRemovalEvent, type DispatchOperation } from './events.js';

describe('dispatch events', () => {
  const cases: [DispatchOperation, string, string][] = [
    ['create', 'CreateInCluster', 'Creating'],
    ['update', 'UpdateInCluster', 'Updating'],
    ['delete', 'DeleteInCluster', 'Deleting'],
    ['remove managed label from', 'RemoveManagedLabelFromInCluster', 'Removing managed label from'],
  ];
  for (const [op, reason, verb] of cases) {
    it(`${op}: ${reason}`, () => {
      assert.deepEqual(dispatchEvent(op, 'Deployment', 'default', 'test-deployment', 'cluster2'), {
        type: 'Normal', reason, message: `${verb} Deployment "default/test-deployment" in cluster "cluster2"`,
      });
      assert.deepEqual(dispatchFailedEvent(op, 'Deployment', 'default', 'test-deployment', 'cluster2', 'boom'), {
        type: 'Warning', reason: `${reason}Failed`, message: `Failed to ${op} Deployment "default/test-deployment" in cluster "cluster2": boom`,
      });
    });
  }
  it('cluster-scoped objects are named without a namespace', () => {
    assert.equal(dispatchEvent('create', 'ClusterRole', undefined, 'reader', 'c1').message, 'Creating ClusterRole "reader" in cluster "c1"');
  });
  it('adoption texts', () => {
    assert.equal(dispatchFailedEvent('create', 'ConfigMap', 'ns', 'cm', 'c1', DispatchErrors.ResourcePreExists).message, 'Failed to create ConfigMap "ns/cm" in cluster "c1": Resource pre-exist in cluster');
    assert.equal(DispatchErrors.UpdateInsteadOfCreate, 'An update will be attempted instead of a creation due to an existing resource');
    assert.equal(DispatchErrors.ManagedLabelFalse, 'Unable to manage the object which has label kubefed.io/managed: false');
  });
});

describe('other sync events', () => {
  it('ClusterNotReady', () => assert.deepEqual(clusterNotReadyEvent(), { type: 'Warning', reason: 'ClusterNotReady', message: 'Cluster not ready' }));
  it('WaitForRemovalInCluster', () => assert.deepEqual(waitForRemovalEvent(['b', 'a']), {
    type: 'Normal', reason: 'WaitForRemovalInCluster', message: 'Waiting for managed resources to be removed from the following clusters: a, b',
  }));
});
