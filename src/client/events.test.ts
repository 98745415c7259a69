import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../common/object.js';
import { EventRecorder } from './events.js';
import type { Logger } from './logger.js';
import { RestClient } from './rest.js';
import { CORE_RESOURCES, FakeKubeApi } from './testing/fake-api.js';

const target: KubeObject = {
  apiVersion: 'types.kubefed.io/v1beta1',
  kind: 'FederatedDeployment',
  metadata: { name: 'web', namespace: 'team-a', uid: 'u-1', resourceVersion: '42' },
};

async function setup(t: { after: (fn: () => Promise<void> | void) => void }, extra: { burst?: number } = {}) {
  const api = await FakeKubeApi.start();
  api.addResource(...CORE_RESOURCES);
  const client = new RestClient(api.connection());
  const warnings: string[] = [];
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };
  let clock = Date.parse('2025-01-02T03:04:05.678Z');
  const recorder = new EventRecorder({ client, component: 'kubefed-controller-manager', host: 'node-1', logger, now: () => new Date(clock), ...extra });
  t.after(async () => {
    client.close();
    await api.close();
  });
  return { api, recorder, warnings, tick: (ms: number) => (clock += ms) };
}

test('the first occurrence creates a core/v1 Event with the object reference and source', async (t) => {
  const { api, recorder } = await setup(t);
  recorder.event(target, 'Warning', 'CreationFailed', 'Failed to create in cluster "c2"');
  await recorder.flush();
  const [ev] = api.listObjects('/v1/events');
  assert.ok(ev);
  assert.match(ev.metadata.name ?? '', /^web\.[0-9a-f]+$/);
  assert.equal(ev.metadata.namespace, 'team-a');
  assert.deepEqual(
    { io: ev['involvedObject'], reason: ev['reason'], message: ev['message'], type: ev['type'], source: ev['source'], count: ev['count'], first: ev['firstTimestamp'], last: ev['lastTimestamp'] },
    {
      io: { kind: 'FederatedDeployment', name: 'web', namespace: 'team-a', uid: 'u-1', apiVersion: 'types.kubefed.io/v1beta1', resourceVersion: '42' },
      reason: 'CreationFailed',
      message: 'Failed to create in cluster "c2"',
      type: 'Warning',
      source: { component: 'kubefed-controller-manager', host: 'node-1' },
      count: 1,
      first: '2025-01-02T03:04:05Z',
      last: '2025-01-02T03:04:05Z',
    },
  );
});

test('repeats of the same event patch count and lastTimestamp; a different message is a new Event', async (t) => {
  const { api, recorder, tick } = await setup(t);
  recorder.event(target, 'Normal', 'UpdateInCluster', 'Updating in c1');
  await recorder.flush();
  tick(10_000);
  recorder.event(target, 'Normal', 'UpdateInCluster', 'Updating in c1');
  recorder.event(target, 'Normal', 'UpdateInCluster', 'Updating in c1');
  await recorder.flush();
  recorder.event(target, 'Normal', 'UpdateInCluster', 'Updating in c2');
  await recorder.flush();
  const events = api.listObjects('/v1/events');
  assert.equal(events.length, 2);
  const c1 = events.find((e) => e['message'] === 'Updating in c1');
  assert.deepEqual([c1?.['count'], c1?.['firstTimestamp'], c1?.['lastTimestamp']], [3, '2025-01-02T03:04:05Z', '2025-01-02T03:04:15Z']);
  assert.equal(api.requestsTo((r) => r.method === 'PATCH').length, 2);
  assert.equal(api.requestsTo((r) => r.method === 'POST').length, 2);
});

test('an expired aggregated Event is created again', async (t) => {
  const { api, recorder } = await setup(t);
  recorder.event(target, 'Normal', 'R', 'm');
  await recorder.flush();
  const [first] = api.listObjects('/v1/events');
  api.remove('/v1/events', 'team-a', first?.metadata.name ?? '');
  recorder.event(target, 'Normal', 'R', 'm');
  await recorder.flush();
  const events = api.listObjects('/v1/events');
  assert.equal(events.length, 1);
  assert.equal(events[0]?.['count'], 1);
});

test('events beyond the per-object burst are dropped', async (t) => {
  const { api, recorder } = await setup(t, { burst: 2 });
  for (let i = 0; i < 5; i++) recorder.event(target, 'Normal', 'R', `m${i}`);
  recorder.event({ ...target, metadata: { ...target.metadata, name: 'other', uid: 'u-2' } }, 'Normal', 'R', 'm');
  await recorder.flush();
  assert.deepEqual(api.listObjects('/v1/events').map((e) => e['message']).sort(), ['m', 'm0', 'm1']);
});

test('failures are logged, never thrown', async (t) => {
  const { api, recorder, warnings } = await setup(t);
  api.intercept((_req, res) => {
    res.writeHead(500);
    res.end('storage down');
    return true;
  });
  assert.doesNotThrow(() => recorder.event(target, 'Warning', 'R', 'm'));
  await recorder.flush();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', /could not record event R on FederatedDeployment team-a\/web: .*500 InternalError/);
});
