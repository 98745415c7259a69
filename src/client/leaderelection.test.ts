import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { LeaderElector, leaderIdentity, type Lease } from './leaderelection.js';
import type { Logger } from './logger.js';
import { RestClient } from './rest.js';
import { CORE_RESOURCES, FakeKubeApi, waitFor } from './testing/fake-api.js';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const timing = { leaseDurationMs: 600, renewDeadlineMs: 400, retryPeriodMs: 50 };
const LEASES = 'coordination.k8s.io/v1/leases';

interface Candidate {
  elector: LeaderElector;
  stop: AbortController;
  done: Promise<void>;
  log: string[];
}

function candidate(client: RestClient, identity: string): Candidate {
  const log: string[] = [];
  const elector = new LeaderElector({
    client,
    namespace: 'kube-federation-system',
    name: 'kubefed-controller-manager',
    identity,
    ...timing,
    logger: quiet,
    onStartedLeading: (signal) => {
      log.push('started');
      signal.addEventListener('abort', () => log.push('leading-signal-aborted'));
    },
    onStoppedLeading: () => log.push('stopped'),
  });
  const stop = new AbortController();
  return { elector, stop, done: elector.run(stop.signal), log };
}

test('identity is <hostname>_<uuid>', () => {
  assert.match(leaderIdentity(), new RegExp(`^${os.hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_[0-9a-f-]{36}$`));
});

test('two candidates: one leads, the other takes over quickly after a graceful release', async (t) => {
  const api = await FakeKubeApi.start();
  api.addResource(...CORE_RESOURCES);
  const client = new RestClient(api.connection());
  const a = candidate(client, 'host-a_1');
  await waitFor(() => a.elector.isLeader(), 'a to lead');
  const b = candidate(client, 'host-b_2');
  t.after(async () => {
    a.stop.abort();
    b.stop.abort();
    await Promise.all([a.done, b.done]);
    client.close();
    await api.close();
  });
  // b must stay a follower well beyond the lease duration while a renews.
  await new Promise((r) => setTimeout(r, 1_000));
  assert.equal(b.elector.isLeader(), false);
  assert.equal(b.elector.getLeader(), 'host-a_1');
  const lease = api.getObject(LEASES, 'kube-federation-system', 'kubefed-controller-manager') as Lease;
  assert.equal(lease.spec?.holderIdentity, 'host-a_1');
  assert.equal(lease.spec?.leaseDurationSeconds, 1);
  assert.match(lease.spec?.renewTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

  const released = performance.now();
  a.stop.abort();
  await a.done;
  assert.deepEqual(a.log, ['started', 'leading-signal-aborted', 'stopped']);
  await waitFor(() => b.elector.isLeader(), 'b to take over');
  const takeover = performance.now() - released;
  assert.ok(takeover < timing.leaseDurationMs, `takeover after release took ${takeover.toFixed(0)} ms`);
  const after = api.getObject(LEASES, 'kube-federation-system', 'kubefed-controller-manager') as Lease;
  assert.equal(after.spec?.holderIdentity, 'host-b_2');
  assert.equal(after.spec?.leaseTransitions, 1);
  assert.deepEqual(b.log, ['started']);
});

test('a leader that cannot renew steps down; the follower waits out the lease, then leads', async (t) => {
  const api = await FakeKubeApi.start();
  api.addResource(...CORE_RESOURCES);
  const clientA = new RestClient({ ...api.connection('a'), token: 'a' });
  const clientB = new RestClient({ ...api.connection('b'), token: 'b' });
  const a = candidate(clientA, 'host-a_1');
  await waitFor(() => a.elector.isLeader(), 'a to lead');
  const b = candidate(clientB, 'host-b_2');
  t.after(async () => {
    a.stop.abort();
    b.stop.abort();
    await Promise.all([a.done, b.done]);
    clientA.close();
    clientB.close();
    await api.close();
  });
  await waitFor(() => b.elector.getLeader() === 'host-a_1', 'b to observe a');
  // a's requests now fail (a network partition between a and the API server).
  let cutAt = 0;
  api.intercept((req, res) => {
    if (req.headers.authorization === 'Bearer a') {
      if (!cutAt) cutAt = performance.now();
      res.writeHead(503);
      res.end();
      return true;
    }
    return false;
  });
  await a.done;
  assert.equal(a.elector.isLeader(), false);
  assert.deepEqual(a.log, ['started', 'leading-signal-aborted', 'stopped']);
  const steppedDown = performance.now() - cutAt;
  assert.ok(steppedDown <= timing.renewDeadlineMs + 3 * timing.retryPeriodMs, `a stepped down after ${steppedDown.toFixed(0)} ms`);
  await waitFor(() => b.elector.isLeader(), 'b to lead', 3_000);
  const lease = api.getObject(LEASES, 'kube-federation-system', 'kubefed-controller-manager') as Lease;
  assert.equal(lease.spec?.holderIdentity, 'host-b_2');
});

test('timing must leave room for renewals', () => {
  const base = { client: undefined as unknown as RestClient, namespace: 'n', name: 'l', onStartedLeading: () => undefined };
  assert.throws(() => new LeaderElector({ ...base, leaseDurationMs: 10, renewDeadlineMs: 10 }), /leaseDuration must be greater than renewDeadline/);
  assert.throws(() => new LeaderElector({ ...base, leaseDurationMs: 20, renewDeadlineMs: 10, retryPeriodMs: 10 }), /renewDeadline must be greater/);
});
