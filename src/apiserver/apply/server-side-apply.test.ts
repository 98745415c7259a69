import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../common/object.js';
import type { ListTypeResolver } from './list-type.js';
import { updateManagedFields } from './managed-fields.js';
import { formatApplyConflicts, serverSideApply, type ServerSideApplyOptions } from './server-side-apply.js';

const listType: ListTypeResolver = (path) => {
  const p = path.join('.');
  if (p === 'spec.template.spec.containers') return { type: 'map', keys: ['name'] };
  if (p === 'spec.template.spec.containers.ports') return { type: 'map', keys: ['containerPort', 'protocol'] };
  if (p === 'metadata.finalizers') return { type: 'set' };
  return undefined;
};

function deployment(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', ...metadata }, spec };
}

function containers(...list: Record<string, unknown>[]): Record<string, unknown> {
  return { template: { spec: { containers: list } } };
}

const now = '2025-01-01T00:00:00Z';

function apply(live: KubeObject | undefined, applied: KubeObject, manager = 'kubectl', force = false): ReturnType<typeof serverSideApply> {
  const options: ServerSideApplyOptions = { live, applied, manager, force, apiVersion: 'apps/v1', listType, now };
  return serverSideApply(options);
}

function ok(result: ReturnType<typeof serverSideApply>): KubeObject {
  assert.equal(result.conflicts, undefined, JSON.stringify(result.conflicts));
  assert.ok(result.object);
  return result.object;
}

describe('serverSideApply', () => {
  it('creates the object and records exactly the applied fields', () => {
    const created = ok(apply(undefined, deployment({ replicas: 2, ...containers({ name: 'nginx', image: 'nginx:1' }) }, { labels: { app: 'web' } })));
    assert.equal(created.spec && (created.spec as { replicas: number }).replicas, 2);
    assert.deepEqual(created.metadata.managedFields, [{
      manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: now, fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
        },
      },
    }]);
  });

  it('updates its own fields without conflict and keeps fields it does not mention', () => {
    const live = ok(apply(undefined, deployment({ replicas: 2, paused: false })));
    const liveWithOther = { ...live, spec: { ...(live.spec as object), minReadySeconds: 5 } };
    const updated = ok(apply(liveWithOther, deployment({ replicas: 3, paused: false })));
    assert.deepEqual(updated.spec, { replicas: 3, paused: false, minReadySeconds: 5 });
  });

  it('conflicts when another manager owns a field whose value changes', () => {
    const created = deployment({ replicas: 1 });
    created.metadata.managedFields = updateManagedFields({ old: undefined, updated: created, manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', listType, now });
    const result = apply(created, deployment({ replicas: 5 }));
    assert.deepEqual(result.conflicts, [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', field: '.spec.replicas' }]);
    assert.deepEqual(formatApplyConflicts(result.conflicts ?? []), {
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }],
    });
  });

  it('does not conflict when the value stays the same, and then both managers own it', () => {
    const created = deployment({ replicas: 1 });
    created.metadata.managedFields = updateManagedFields({ old: undefined, updated: created, manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', listType, now });
    const applied = ok(apply(created, deployment({ replicas: 1 })));
    // Stored order: Apply entries before Update entries (fieldmanager's sortEncodedManagedFields).
    assert.deepEqual(applied.metadata.managedFields?.map((m) => [m.manager, m.fieldsV1]), [
      ['kubectl', { 'f:spec': { 'f:replicas': {} } }],
      ['kubectl-create', { 'f:spec': { 'f:replicas': {} } }],
    ]);
  });

  it('force takes ownership away from the other manager', () => {
    const created = deployment({ replicas: 1, paused: true });
    created.metadata.managedFields = updateManagedFields({ old: undefined, updated: created, manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', listType, now });
    const forced = ok(apply(created, deployment({ replicas: 5 }), 'kubectl', true));
    assert.equal((forced.spec as { replicas: number }).replicas, 5);
    assert.deepEqual(forced.metadata.managedFields?.map((m) => [m.manager, m.fieldsV1]), [
      ['kubectl', { 'f:spec': { 'f:replicas': {} } }],
      ['kubectl-client-side-apply', { 'f:spec': { 'f:paused': {} } }],
    ]);
  });

  it('removes fields it applied before and no longer sends', () => {
    const first = ok(apply(undefined, deployment({ replicas: 2, paused: true }, { labels: { a: '1', b: '2' } })));
    const second = ok(apply(first, deployment({ replicas: 2 }, { labels: { a: '1' } })));
    assert.deepEqual(second.spec, { replicas: 2 });
    assert.deepEqual(second.metadata.labels, { a: '1' });
  });

  it('keeps a dropped field that another manager also owns', () => {
    const first = ok(apply(undefined, deployment({ replicas: 2, paused: true })));
    const shared = ok(apply(first, deployment({ paused: true }), 'other-applier'));
    const second = ok(apply(shared, deployment({ replicas: 2 })));
    assert.equal((second.spec as { paused?: boolean }).paused, true);
  });

  it('merges containers by name and removes a container it no longer applies', () => {
    const first = ok(apply(undefined, deployment(containers({ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }))));
    const second = ok(apply(first, deployment(containers({ name: 'a', image: 'a:2' }))));
    assert.deepEqual(second.spec, containers({ name: 'a', image: 'a:2' }));
  });

  it('reports a keyed-list conflict with the item path', () => {
    const created = deployment(containers({ name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80, protocol: 'TCP' }] }));
    created.metadata.managedFields = updateManagedFields({ old: undefined, updated: created, manager: 'kubectl-edit', operation: 'Update', apiVersion: 'apps/v1', listType, now });
    const result = apply(created, deployment(containers({ name: 'nginx', image: 'nginx:2' })));
    assert.deepEqual(result.conflicts?.map((c) => c.field), ['.spec.template.spec.containers[name="nginx"].image']);
  });

  it('lets a second applier add a container beside the first applier’s', () => {
    const first = ok(apply(undefined, deployment(containers({ name: 'a', image: 'a:1' }))));
    const second = ok(apply(first, deployment(containers({ name: 'sidecar', image: 's:1' })), 'injector'));
    assert.deepEqual(second.spec, containers({ name: 'a', image: 'a:1' }, { name: 'sidecar', image: 's:1' }));
    const third = ok(apply(second, deployment(containers({ name: 'a', image: 'a:2' }))));
    assert.deepEqual(third.spec, containers({ name: 'a', image: 'a:2' }, { name: 'sidecar', image: 's:1' }));
  });

  it('treats an untracked live object as owned by before-first-apply', () => {
    const result = apply(deployment({ replicas: 1 }), deployment({ replicas: 4 }));
    assert.deepEqual(result.conflicts?.map((c) => [c.manager, c.field]), [['before-first-apply', '.spec.replicas']]);
  });

  it('words several conflicts grouped by manager', () => {
    const message = formatApplyConflicts([
      { manager: 'b', operation: 'Update', apiVersion: 'apps/v1', field: '.spec.replicas' },
      { manager: 'a', operation: 'Apply', apiVersion: 'apps/v1', field: '.spec.paused' },
    ]).message;
    assert.equal(message, 'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.paused\nconflicts with "b" using apps/v1:\n- .spec.replicas');
  });
});

describe('updateManagedFields', () => {
  it('gives an update the fields it changed and takes them from the applier', () => {
    const applied = ok(apply(undefined, deployment({ replicas: 2, paused: true })));
    const edited = { ...applied, spec: { replicas: 7, paused: true } };
    const managedFields = updateManagedFields({ old: applied, updated: edited, manager: 'kubectl-edit', operation: 'Update', apiVersion: 'apps/v1', listType, now });
    assert.deepEqual(managedFields.map((m) => [m.manager, m.operation, m.fieldsV1]), [
      ['kubectl', 'Apply', { 'f:spec': { 'f:paused': {} } }],
      ['kubectl-edit', 'Update', { 'f:spec': { 'f:replicas': {} } }],
    ]);
    // The next apply of the old value now conflicts with the editor.
    const conflict = apply({ ...edited, metadata: { ...edited.metadata, managedFields } }, deployment({ replicas: 2, paused: true }));
    assert.deepEqual(conflict.conflicts?.map((c) => [c.manager, c.field]), [['kubectl-edit', '.spec.replicas']]);
  });

  it('drops ownership of removed fields and records set items', () => {
    const old = deployment({ replicas: 1 }, { finalizers: ['x'] });
    old.metadata.managedFields = updateManagedFields({ old: undefined, updated: old, manager: 'creator', operation: 'Update', apiVersion: 'apps/v1', listType, now });
    assert.deepEqual(old.metadata.managedFields[0].fieldsV1, { 'f:metadata': { 'f:finalizers': { 'v:"x"': {} } }, 'f:spec': { 'f:replicas': {} } });
    const updated = deployment({ replicas: 1 }, { managedFields: old.metadata.managedFields });
    const managedFields = updateManagedFields({ old, updated, manager: 'gc', operation: 'Update', apiVersion: 'apps/v1', listType, now });
    assert.deepEqual(managedFields.map((m) => [m.manager, m.fieldsV1]), [['creator', { 'f:spec': { 'f:replicas': {} } }]]);
  });

  it('resets managedFields when the client sends [{}]', () => {
    const old = deployment({ replicas: 1 });
    old.metadata.managedFields = updateManagedFields({ old: undefined, updated: old, manager: 'creator', operation: 'Update', apiVersion: 'apps/v1', listType, now });
    const updated = deployment({ replicas: 1 }, { managedFields: [{}] });
    assert.deepEqual(updateManagedFields({ old, updated, manager: 'x', operation: 'Update', apiVersion: 'apps/v1', listType, now }), []);
  });
});
