import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Metrics } from './metrics.js';

const scrape = (m: Metrics): Promise<string> => m.registry.metrics();

test('kubefedcluster_total marks the current state 1 and the others 0; joined_cluster_total counts clusters', async () => {
  const m = new Metrics({ defaultMetrics: false });
  m.clusterState('a', 'ready');
  m.clusterState('b', 'offline');
  m.clusterState('b', 'notready');
  let text = await scrape(m);
  assert.match(text, /kubefedcluster_total\{state="ready",cluster="a"\} 1/);
  assert.match(text, /kubefedcluster_total\{state="offline",cluster="b"\} 0/);
  assert.match(text, /kubefedcluster_total\{state="notready",cluster="b"\} 1/);
  assert.match(text, /joined_cluster_total 2/);
  m.clusterRemoved('b');
  text = await scrape(m);
  assert.doesNotMatch(text, /cluster="b"/);
  assert.match(text, /joined_cluster_total 1/);
});

test('reconcile results use KubeFed\'s label values', async () => {
  const m = new Metrics({ defaultMetrics: false });
  for (const [result, label] of [['success', 'success'], ['error', 'error'], ['requeue_after', 'needs_recheck'], ['not_synced', 'not_synced']] as const) {
    m.reconciled('federateddeployment', result, 0.01);
    assert.match(await scrape(m), new RegExp(`controller_runtime_reconcile_total\\{controller="federateddeployment",result="${label}"\\} 1`));
  }
  assert.match(await scrape(m), /controller_runtime_reconcile_errors_total\{controller="federateddeployment"\} 1/);
});

test('a started controller exports its queue depth even before any key waited', async () => {
  const m = new Metrics({ defaultMetrics: false });
  assert.doesNotMatch(await scrape(m), /workqueue_depth\{/);
  m.workers('federatedconfigmap', 4, 0);
  const text = await scrape(m);
  assert.match(text, /workqueue_depth\{name="federatedconfigmap"\} 0/);
  assert.match(text, /controller_runtime_max_concurrent_reconciles\{controller="federatedconfigmap"\} 4/);
});

test('the leader gauge follows leadership', async () => {
  const m = new Metrics({ defaultMetrics: false });
  m.leader('kubefed-controller-manager', false);
  assert.match(await scrape(m), /leader_election_master_status\{name="kubefed-controller-manager"\} 0/);
  m.leader('kubefed-controller-manager', true);
  assert.match(await scrape(m), /leader_election_master_status\{name="kubefed-controller-manager"\} 1/);
});
