import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../common/object.js';
import { AdmissionChain } from '../admission/admission.js';
import { builtinAdmission } from '../admission/builtin-admission.js';
import { fieldValidationPlugin } from '../admission/field-validation.js';
import { ApiError } from '../http/api-error.js';
import { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';
import { Store } from '../storage/store.js';
import { ObjectService } from './object-service.js';

function setup(): { svc: ObjectService; type: (g: string, r: string) => ResourceType; events: string[] } {
  const registry = new Registry();
  const store = new Store();
  const admission = new AdmissionChain();
  const svc = new ObjectService(store, admission);
  admission.use(fieldValidationPlugin());
  admission.use(builtinAdmission(svc));
  const type = (g: string, r: string): ResourceType => registry.get(g, 'v1', r) as ResourceType;
  svc.create(type('', 'namespaces'), '', { metadata: { name: 'default' } });
  const events: string[] = [];
  store.subscribeAll((ev) => events.push(`${ev.type} ${ev.object.metadata.name ?? ''}`));
  return { svc, type, events };
}

function deployment(name: string, replicas = 1): unknown {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
  };
}

function code(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e.code;
    throw e;
  }
  return 0;
}

test('create fills uid, creationTimestamp, generation 1 and resets controller-owned status', () => {
  const { svc, type } = setup();
  const d = { ...(deployment('web') as Record<string, unknown>), status: { replicas: 9 } };
  const o = svc.create(type('apps', 'deployments'), 'default', d).object;
  assert.match(o.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
  assert.match(o.metadata.creationTimestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(o.metadata.generation, 1);
  assert.deepEqual(o.status, {});
  assert.equal(typeof o.metadata.resourceVersion, 'string');
});

test('generation moves on spec changes only', () => {
  const { svc, type } = setup();
  const t = type('apps', 'deployments');
  svc.create(t, 'default', deployment('web'));
  const labelled = svc.mutate(t, 'default', 'web', '', {}, (c) => ({ ...c, metadata: { ...c.metadata, labels: { a: 'b' } } })).object;
  assert.equal(labelled.metadata.generation, 1);
  const scaled = svc.mutate(t, 'default', 'web', '', {}, (c) => ({ ...c, spec: { ...(c.spec as object), replicas: 3 } })).object;
  assert.equal(scaled.metadata.generation, 2);
});

test('a no-op update keeps the resourceVersion and emits no event', () => {
  const { svc, type, events } = setup();
  const t = type('apps', 'deployments');
  const created = svc.create(t, 'default', deployment('web')).object;
  const before = events.length;
  const r = svc.mutate(t, 'default', 'web', '', {}, (c) => c);
  assert.equal(r.changed, false);
  assert.equal(r.object.metadata.resourceVersion, created.metadata.resourceVersion);
  assert.equal(events.length, before);
});

test('an update with a stale resourceVersion is a 409 Conflict', () => {
  const { svc, type } = setup();
  const t = type('', 'configmaps');
  const v1 = svc.create(t, 'default', { metadata: { name: 'c' }, data: { a: '1' } }).object;
  svc.update(t, 'default', 'c', { ...v1, data: { a: '2' } }, '');
  assert.equal(code(() => svc.update(t, 'default', 'c', { ...v1, data: { a: '3' } }, '')), 409);
});

test('status changes through the main resource are ignored when a status subresource exists', () => {
  const { svc, type } = setup();
  const t = type('apps', 'deployments');
  svc.create(t, 'default', deployment('web'));
  svc.mutate(t, 'default', 'web', 'status', {}, (c) => ({ ...c, status: { replicas: 2 } }));
  const r = svc.mutate(t, 'default', 'web', '', {}, (c) => ({ ...c, status: { replicas: 7 } }));
  assert.equal(r.changed, false);
  assert.deepEqual(r.object.status, { replicas: 2 });
});

test('finalizers keep a deleted object with a deletionTimestamp until the last one is removed', () => {
  const { svc, type, events } = setup();
  const t = type('', 'configmaps');
  svc.create(t, 'default', { metadata: { name: 'c', finalizers: ['example.com/hold'] } });
  const r = svc.delete(t, 'default', 'c');
  assert.equal(r.deleted, false);
  assert.ok(r.object.metadata.deletionTimestamp);
  assert.equal(events.at(-1), 'MODIFIED c');
  svc.mutate(t, 'default', 'c', '', {}, (c) => ({ ...c, metadata: { ...c.metadata, finalizers: [] } }));
  assert.equal(events.at(-1), 'DELETED c');
  assert.equal(svc.find(t, 'default', 'c'), undefined);
});

test('dryRun stores nothing and emits nothing', () => {
  const { svc, type, events } = setup();
  const t = type('', 'configmaps');
  const before = events.length;
  const r = svc.create(t, 'default', { metadata: { name: 'c' } }, { dryRun: true });
  assert.equal(r.object.metadata.name, 'c');
  assert.equal(svc.find(t, 'default', 'c'), undefined);
  assert.equal(events.length, before);
});

test('create errors: missing namespace 404, duplicate 409, bad name 422, strict unknown field 400', () => {
  const { svc, type } = setup();
  const t = type('', 'configmaps');
  assert.equal(code(() => svc.create(t, 'nope', { metadata: { name: 'c' } })), 404);
  svc.create(t, 'default', { metadata: { name: 'c' } });
  assert.equal(code(() => svc.create(t, 'default', { metadata: { name: 'c' } })), 409);
  assert.equal(code(() => svc.create(t, 'default', { metadata: { name: 'Bad_Name' } })), 422);
  assert.equal(code(() => svc.create(t, 'default', { metadata: { name: 'd' }, bogus: 1 }, { fieldValidation: 'Strict' })), 400);
  const warned = svc.create(t, 'default', { metadata: { name: 'e' }, bogus: 1 }, { fieldValidation: 'Warn' });
  assert.deepEqual(warned.warnings, ['unknown field "bogus"']);
  assert.equal((warned.object as KubeObject).bogus, undefined);
});

test('generateName appends five characters from the Kubernetes alphabet', () => {
  const { svc, type } = setup();
  const o = svc.create(type('', 'configmaps'), 'default', { metadata: { generateName: 'job-' } }).object;
  assert.match(o.metadata.name ?? '', /^job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

function pod(name: string, nodeName?: string, terminationGracePeriodSeconds?: number): unknown {
  return {
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'i' }], ...(nodeName ? { nodeName } : {}), ...(terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds } : {}) },
  };
}

test('a bound pod is deleted gracefully: deletionTimestamp now+grace, kept until a grace-0 delete', () => {
  const { svc, type, events } = setup();
  const t = type('', 'pods');
  svc.gracefulPodDeletion = true;
  svc.create(t, 'default', pod('p', 'node-1', 20));
  svc.mutate(t, 'default', 'p', 'status', {}, (c) => ({ ...c, status: { phase: 'Running' } }));
  const started = Date.now();
  const r = svc.delete(t, 'default', 'p');
  assert.equal(r.deleted, false);
  assert.equal(events.at(-1), 'MODIFIED p');
  const m = svc.get(t, 'default', 'p').metadata;
  assert.equal(m.deletionGracePeriodSeconds, 20);
  const due = Date.parse(m.deletionTimestamp ?? '');
  assert.ok(due >= started + 19_000 && due <= started + 21_000, `deletionTimestamp ${m.deletionTimestamp ?? ''} is not about now+20s`);
  assert.equal((svc.get(t, 'default', 'p').status as { phase?: string }).phase, 'Running');

  // Updates during the grace period keep the pod; a repeated DELETE with no or a longer period changes nothing.
  svc.mutate(t, 'default', 'p', '', {}, (c) => ({ ...c, metadata: { ...c.metadata, labels: { a: 'b' } } }));
  assert.equal(svc.delete(t, 'default', 'p', { gracePeriodSeconds: 60 }).deleted, false);
  assert.equal(svc.get(t, 'default', 'p').metadata.deletionGracePeriodSeconds, 20);

  const shorter = svc.delete(t, 'default', 'p', { gracePeriodSeconds: 5 }).object.metadata;
  assert.equal(shorter.deletionGracePeriodSeconds, 5);
  assert.equal(Date.parse(shorter.deletionTimestamp ?? '') - due, -15_000);

  assert.equal(svc.delete(t, 'default', 'p', { gracePeriodSeconds: 0, dryRun: true }).deleted, true);
  assert.ok(svc.find(t, 'default', 'p'));
  assert.equal(svc.delete(t, 'default', 'p', { gracePeriodSeconds: 0 }).deleted, true);
  assert.equal(svc.find(t, 'default', 'p'), undefined);
  assert.equal(events.at(-1), 'DELETED p');
});

test('pods delete at once when unbound, asked for grace 0, finished, or no kubelet runs; other kinds ignore grace', () => {
  const { svc, type } = setup();
  const t = type('', 'pods');
  const cases: { name: string; body: unknown; grace?: number; phase?: string; kubelets?: boolean; type?: ResourceType }[] = [
    { name: 'unbound', body: pod('unbound') },
    { name: 'forced', body: pod('forced', 'node-1'), grace: 0 },
    { name: 'done', body: pod('done', 'node-1'), phase: 'Succeeded' },
    { name: 'nokubelet', body: pod('nokubelet', 'node-1'), kubelets: false },
    { name: 'cm', body: { metadata: { name: 'cm' } }, grace: 30, type: type('', 'configmaps') },
  ];
  for (const c of cases) {
    const ct = c.type ?? t;
    svc.gracefulPodDeletion = c.kubelets ?? true;
    svc.create(ct, 'default', c.body);
    if (c.phase) svc.mutate(ct, 'default', c.name, 'status', {}, (o) => ({ ...o, status: { phase: c.phase } }));
    const r = svc.delete(ct, 'default', c.name, c.grace === undefined ? {} : { gracePeriodSeconds: c.grace });
    assert.equal(r.deleted, true, c.name);
    assert.equal(svc.find(ct, 'default', c.name), undefined, c.name);
  }
});

test('a dry-run graceful pod delete shows the deletionTimestamp but stores nothing', () => {
  const { svc, type, events } = setup();
  const t = type('', 'pods');
  svc.gracefulPodDeletion = true;
  svc.create(t, 'default', pod('p', 'node-1'));
  const before = events.length;
  const r = svc.delete(t, 'default', 'p', { dryRun: true });
  assert.equal(r.deleted, false);
  assert.equal(r.object.metadata.deletionGracePeriodSeconds, 30);
  assert.equal(events.length, before);
  assert.equal(svc.get(t, 'default', 'p').metadata.deletionTimestamp, undefined);
});
