// The generic registry (Kubernetes' apiserver/pkg/registry/generic/registry.Store): create, update, patch and
// delete with Kubernetes' object semantics on top of the Store. HTTP handlers and the built-in controllers (garbage
// collector, namespace lifecycle, CRD cleanup) all write through here, so every write gets the same rules.
import { randomUUID } from 'node:crypto';
import type { KubeObject, ObjectMeta } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import type { AdmissionChain, FieldValidation } from '../admission/admission.js';
import {
  alreadyExists, badRequest, conflict, forbidden, internalError, invalid, notFound, OBJECT_MODIFIED,
} from '../http/api-error.js';
import type { ResourceType } from '../registry/resource-type.js';
import { gvString } from '../registry/resource-type.js';
import type { Store } from '../storage/store.js';
import { cloneJson, deepEqual, equalExcept } from './deep-equal.js';
import { recordUpdate } from './field-managers.js';
import { generateName, nowTimestamp, validateName } from './names.js';

export interface WriteOptions {
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
  fieldManager?: string;
  /** Unknown fields the decoder found (Strict/Warn/Ignore applies to them). */
  unknownFields?: string[];
  /** Keys the body held twice (paths); Strict refuses them, Warn warns. */
  duplicateFields?: string[];
  /** The object comes from server-side apply, which has already set its managedFields. */
  applied?: boolean;
}

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
  /** False for a no-op update: nothing was stored and the object kept its resourceVersion. */
  changed: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
  /** Seconds a Pod gets to terminate; undefined = the pod's spec.terminationGracePeriodSeconds; 0 = at once. */
  gracePeriodSeconds?: number;
}

export interface DeleteResult {
  object: KubeObject;
  /** True when the object is gone; false when finalizers keep it (deletionTimestamp set). */
  deleted: boolean;
}

export const NAMESPACE_STORAGE_KEY = '/namespaces';
export const POD_STORAGE_KEY = '/pods';
/** core/v1 PodSpec.terminationGracePeriodSeconds' default. */
const DEFAULT_POD_GRACE_SECONDS = 30;
export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

function errTarget(t: ResourceType, name?: string): { group: string; resource: string; name?: string } {
  return { group: t.group, resource: t.resource, name };
}

export class ObjectService {
  readonly store: Store;
  readonly admission: AdmissionChain;
  /**
   * Set while simulated kubelets run: only then does anything finish a Pod's graceful deletion (the kubelet's
   * final grace-0 delete), so without them Pods keep being deleted at once rather than staying Terminating.
   */
  gracefulPodDeletion = false;

  constructor(store: Store, admission: AdmissionChain) {
    this.store = store;
    this.admission = admission;
  }

  get(t: ResourceType, namespace: string, name: string): KubeObject {
    const o = this.store.get(t.storageKey, t.namespaced ? namespace : '', name);
    if (!o) throw notFound(errTarget(t, name));
    return o;
  }

  find(t: ResourceType, namespace: string, name: string): KubeObject | undefined {
    return this.store.get(t.storageKey, t.namespaced ? namespace : '', name);
  }

  /** Sets apiVersion/kind of the served version (custom resources share storage across versions). */
  view(t: ResourceType, o: KubeObject): KubeObject {
    const apiVersion = gvString(t);
    if (o.apiVersion === apiVersion && o.kind === t.kind) return o;
    return { ...o, apiVersion, kind: t.kind };
  }

  create(t: ResourceType, namespace: string, body: unknown, opts: WriteOptions = {}): WriteResult {
    const obj = this.#decode(t, body, namespace);
    const meta = obj.metadata;
    if (!meta.name) {
      if (meta.generateName) meta.name = generateName(meta.generateName);
      else throw invalid(t.kind, t.group, '', [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
    }
    const name = meta.name;
    const nameCauses = validateName(name, t.nameRule);
    if (nameCauses.length) throw invalid(t.kind, t.group, name, nameCauses);
    if (t.namespaced) this.#checkNamespaceOpen(t, namespace, name);
    if (meta.resourceVersion) throw internalError('resourceVersion should not be set on objects to be created');
    if (this.store.get(t.storageKey, meta.namespace ?? '', name)) throw alreadyExists(errTarget(t), name);

    meta.uid = randomUUID();
    meta.creationTimestamp = nowTimestamp();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (t.generation !== 'none') meta.generation = 1;
    else delete meta.generation;
    if (t.resetStatusOnCreate || (t.custom && t.status)) {
      if (t.custom) delete obj.status;
      else obj.status = {};
    }
    const warnings = this.#admit(t, 'CREATE', '', obj, undefined, opts);
    if (!opts.applied) recordUpdate(t, undefined, obj, opts.fieldManager ?? 'unknown', '');
    if (this.store.get(t.storageKey, meta.namespace ?? '', meta.name)) throw alreadyExists(errTarget(t), meta.name);
    if (opts.dryRun) return { object: obj, warnings, changed: true };
    return { object: this.store.create(t.storageKey, obj), warnings, changed: true };
  }

  /**
   * PUT semantics for the main resource or its status subresource. `body` is the full desired object (for a
   * patch, the patched object).
   */
  update(t: ResourceType, namespace: string, name: string, body: unknown, subresource: '' | 'status', opts: WriteOptions = {}): WriteResult {
    const old = this.get(t, namespace, name);
    const obj = this.#decode(t, body, namespace);
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    const rv = obj.metadata.resourceVersion;
    if (rv) {
      if (rv !== old.metadata.resourceVersion) throw conflict(errTarget(t), name, OBJECT_MODIFIED);
    } else if (t.custom) {
      // Custom resources do not allow unconditional updates (customResourceStrategy.AllowUnconditionalUpdate).
      throw invalid(t.kind, t.group, name, [{ reason: 'FieldValueInvalid', message: 'Invalid value: 0x0: must be specified for an update', field: 'metadata.resourceVersion' }]);
    }
    return this.#commitUpdate(t, old, obj, subresource, opts);
  }

  /** Applies a mutation to the current object (patch, scale) and commits it with update semantics. */
  mutate(t: ResourceType, namespace: string, name: string, subresource: '' | 'status' | 'scale', opts: WriteOptions,
    change: (current: KubeObject) => unknown): WriteResult {
    const old = this.get(t, namespace, name);
    const next = change(cloneJson(old));
    const obj = this.#decode(t, next, namespace);
    if (obj.metadata.name !== name) throw badRequest(`metadata.name: Invalid value: "${obj.metadata.name ?? ''}": field is immutable`);
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw conflict(errTarget(t), name, OBJECT_MODIFIED);
    return this.#commitUpdate(t, old, obj, subresource, opts);
  }

  /** `scale` writes the main resource's replicas; it differs from '' only in the subresource its managedFields name. */
  #commitUpdate(t: ResourceType, old: KubeObject, obj: KubeObject, subresource: '' | 'status' | 'scale', opts: WriteOptions): WriteResult {
    let next = obj;
    if (subresource === 'status') {
      // Status updates change only .status (the status strategies' PrepareForUpdate).
      next = cloneJson(old);
      if (obj.status === undefined) delete next.status;
      else next.status = obj.status;
    } else if (t.status) {
      if (old.status === undefined) delete next.status;
      else next.status = cloneJson(old.status);
    }
    const meta = next.metadata;
    const om = old.metadata;
    meta.name = om.name;
    meta.uid = om.uid;
    meta.creationTimestamp = om.creationTimestamp;
    if (t.namespaced) meta.namespace = om.namespace;
    else delete meta.namespace;
    if (om.deletionTimestamp) {
      meta.deletionTimestamp = om.deletionTimestamp;
      if (om.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds;
      const added = (meta.finalizers ?? []).filter((f) => !(om.finalizers ?? []).includes(f));
      if (added.length) {
        const found = `[]string{${added.map((f) => JSON.stringify(f)).join(', ')}}`;
        throw invalid(t.kind, t.group, om.name ?? '', [{ reason: 'FieldValueForbidden', message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${found}`, field: 'metadata.finalizers' }]);
      }
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    if (meta.managedFields === undefined && om.managedFields !== undefined) meta.managedFields = om.managedFields;
    meta.generation = om.generation;
    if (meta.generation === undefined) delete meta.generation;
    const warnings = this.#admit(t, 'UPDATE', subresource === 'scale' ? '' : subresource, next, old, opts);
    if (t.generation !== 'none' && om.generation !== undefined && specChanged(t, old, next)) {
      meta.generation = om.generation + 1;
    }
    meta.resourceVersion = om.resourceVersion;
    if (!opts.applied) recordUpdate(t, old, next, opts.fieldManager ?? 'unknown', subresource);
    if (equalExcept(next, old, ['metadata']) && metaEqual(meta, om)) {
      return { object: old, warnings, changed: false };
    }
    if (opts.dryRun) return { object: next, warnings, changed: true };
    if (meta.deletionTimestamp && (meta.finalizers ?? []).length === 0 && (om.deletionGracePeriodSeconds ?? 0) === 0) {
      // The last finalizer is gone: the object goes away (registry.Store's ShouldDeleteDuringUpdate). A Pod in its
      // grace period is left for the kubelet's final delete.
      this.store.update(t.storageKey, next, old);
      return { object: this.store.delete(t.storageKey, next), warnings, changed: true };
    }
    return { object: this.store.update(t.storageKey, next, old), warnings, changed: true };
  }

  delete(t: ResourceType, namespace: string, name: string, opts: DeleteOptions = {}): DeleteResult {
    const old = this.get(t, namespace, name);
    const pre = opts.preconditions;
    // Storage checks preconditions (storage.Preconditions.Check) and names the object by its kind.
    const byKind = { group: t.group, resource: t.kind };
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw conflict(byKind, name, `the UID in the precondition (${pre.uid}) does not match the UID in record (${old.metadata.uid ?? ''}). The object might have been deleted and then recreated`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(byKind, name, `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${old.metadata.resourceVersion ?? ''}). The object might have been modified`);
    }
    if (old.metadata.deletionTimestamp && (old.metadata.deletionGracePeriodSeconds ?? 0) > 0) {
      return this.#shortenGracePeriod(t, old, opts);
    }
    const finalizers = [...(old.metadata.finalizers ?? [])];
    const policy = opts.propagationPolicy;
    const hasDependents = old.metadata.uid ? this.store.dependentsOf(old.metadata.uid).length > 0 : false;
    if (policy === 'Orphan' && hasDependents && !finalizers.includes(ORPHAN_FINALIZER)) finalizers.push(ORPHAN_FINALIZER);
    if (policy === 'Foreground' && hasDependents && !finalizers.includes(FOREGROUND_FINALIZER)) finalizers.push(FOREGROUND_FINALIZER);
    const isNamespace = t.storageKey === NAMESPACE_STORAGE_KEY;
    const nsFinalizers = isNamespace ? namespaceSpecFinalizers(old) : [];
    const grace = old.metadata.deletionTimestamp ? 0 : this.#podGracePeriod(t, old, opts.gracePeriodSeconds);
    if (finalizers.length === 0 && nsFinalizers.length === 0 && grace === 0) {
      if (opts.dryRun) return { object: old, deleted: true };
      return { object: this.store.delete(t.storageKey, old), deleted: true };
    }
    if (old.metadata.deletionTimestamp && deepEqual(finalizers, old.metadata.finalizers ?? [])) {
      return { object: old, deleted: false };
    }
    const next = cloneJson(old);
    if (finalizers.length > 0 || old.metadata.finalizers) next.metadata.finalizers = finalizers;
    if (!next.metadata.deletionTimestamp) {
      next.metadata.deletionTimestamp = nowTimestamp(new Date(Date.now() + grace * 1000));
      next.metadata.deletionGracePeriodSeconds = grace;
      // BeforeDelete bumps generation when it starts a graceful deletion.
      if (next.metadata.generation !== undefined) next.metadata.generation++;
    }
    if (isNamespace) next.status = { ...(isObject(next.status) ? next.status : {}), phase: 'Terminating' };
    if (t.storageKey === CRD_STORAGE_KEY) markCrdTerminating(next);
    if (opts.dryRun) return { object: next, deleted: false };
    return { object: this.store.update(t.storageKey, next, old), deleted: false };
  }

  /**
   * The pod strategy's CheckGracefulDelete (pkg/registry/core/pod/strategy.go): the requested period, else the
   * pod's terminationGracePeriodSeconds; 0 for a pod no kubelet runs (unbound, or already Succeeded/Failed). Every
   * other kind has no graceful deletion.
   */
  #podGracePeriod(t: ResourceType, pod: KubeObject, requested: number | undefined): number {
    if (t.storageKey !== POD_STORAGE_KEY || !this.gracefulPodDeletion) return 0;
    const spec = isObject(pod.spec) ? pod.spec : {};
    const phase = isObject(pod.status) ? pod.status.phase : undefined;
    if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    if (requested !== undefined) return requested;
    const own = spec.terminationGracePeriodSeconds;
    return typeof own === 'number' && Number.isInteger(own) && own >= 0 ? own : DEFAULT_POD_GRACE_SECONDS;
  }

  /**
   * A DELETE of an object whose graceful deletion is pending (rest.BeforeDelete): only a shorter period changes
   * it, moving deletionTimestamp to the first request's time plus the new period; period 0 removes the object now
   * (the kubelet's final delete) unless finalizers hold it. Finalizers are not changed by a pending deletion.
   */
  #shortenGracePeriod(t: ResourceType, old: KubeObject, opts: DeleteOptions): DeleteResult {
    const current = old.metadata.deletionGracePeriodSeconds ?? 0;
    const period = opts.gracePeriodSeconds;
    if (period === undefined || period >= current) return { object: old, deleted: false };
    const next = cloneJson(old);
    const requestedAt = Date.parse(old.metadata.deletionTimestamp ?? '') - current * 1000;
    next.metadata.deletionTimestamp = nowTimestamp(new Date((Number.isFinite(requestedAt) ? requestedAt : Date.now()) + period * 1000));
    next.metadata.deletionGracePeriodSeconds = period;
    const gone = period === 0 && (old.metadata.finalizers ?? []).length === 0;
    if (opts.dryRun) return { object: gone ? old : next, deleted: gone };
    if (gone) return { object: this.store.delete(t.storageKey, old), deleted: true };
    return { object: this.store.update(t.storageKey, next, old), deleted: false };
  }

  #checkNamespaceOpen(t: ResourceType, namespace: string, name: string): void {
    const ns = this.store.get(NAMESPACE_STORAGE_KEY, '', namespace);
    if (!ns) throw notFound({ group: '', resource: 'namespaces' }, namespace);
    if (ns.metadata.deletionTimestamp) {
      throw forbidden(errTarget(t), name, `unable to create new content in namespace ${namespace} because it is being terminated`,
        [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }]);
    }
  }

  /** Body → a fresh object we own, with apiVersion/kind/namespace checked and filled. */
  #decode(t: ResourceType, body: unknown, namespace: string): KubeObject {
    if (!isObject(body)) throw badRequest('the body of the request must be a JSON object');
    const obj = cloneJson(body) as KubeObject;
    const apiVersion = gvString(t);
    if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersion) {
      throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersion})`);
    }
    if (obj.kind !== undefined && obj.kind !== t.kind) {
      throw badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${t.kind})`);
    }
    obj.apiVersion = apiVersion;
    obj.kind = t.kind;
    if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
    if (!isObject(obj.metadata)) throw badRequest('metadata must be an object');
    const meta = obj.metadata as ObjectMeta;
    if (t.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = namespace;
    } else {
      delete meta.namespace;
    }
    delete meta.selfLink;
    omitEmpty(meta as Record<string, unknown>, OMIT_EMPTY_METADATA);
    if (!t.custom) omitEmpty(obj, OMIT_EMPTY_FIELDS[t.storageKey] ?? []);
    return obj;
  }

  #admit(t: ResourceType, operation: 'CREATE' | 'UPDATE', subresource: string, obj: KubeObject, old: KubeObject | undefined, opts: WriteOptions): string[] {
    const req = {
      type: t, operation, subresource, object: obj, old,
      fieldValidation: opts.fieldValidation ?? 'Ignore', unknownFields: [...(opts.unknownFields ?? [])],
      duplicateFields: [...(opts.duplicateFields ?? [])], warnings: [] as string[],
    };
    this.admission.run(req);
    return req.warnings;
  }
}

/**
 * Maps and lists Go serialises with `omitempty`: an empty one is stored as absent, so it reads back absent. Custom
 * resources keep their own fields as sent (they are unstructured); their metadata is ObjectMeta like any other.
 */
const OMIT_EMPTY_METADATA = ['labels', 'annotations', 'finalizers', 'ownerReferences'];
const OMIT_EMPTY_FIELDS: Record<string, string[]> = {
  '/configmaps': ['data', 'binaryData'],
  '/secrets': ['data', 'stringData'],
};

function omitEmpty(o: Record<string, unknown>, keys: string[]): void {
  for (const k of keys) {
    const v = o[k];
    if ((Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0)) delete o[k];
  }
}

const CRD_STORAGE_KEY = 'apiextensions.k8s.io/customresourcedefinitions';

/** The CRD registry's delete strategy: a CRD whose instances are still being removed is Terminating. */
function markCrdTerminating(crd: KubeObject): void {
  const status = isObject(crd.status) ? { ...crd.status } : {};
  const conditions = (Array.isArray(status.conditions) ? status.conditions : []).filter((c) => !(isObject(c) && c.type === 'Terminating'));
  conditions.push({
    type: 'Terminating', status: 'True', lastTransitionTime: nowTimestamp(), reason: 'InstanceDeletionPending',
    message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
  });
  crd.status = { ...status, conditions };
}

function namespaceSpecFinalizers(ns: KubeObject): string[] {
  const spec = ns.spec;
  if (!isObject(spec) || !Array.isArray(spec.finalizers)) return [];
  return spec.finalizers.filter((f): f is string => typeof f === 'string');
}

function specChanged(t: ResourceType, old: KubeObject, next: KubeObject): boolean {
  switch (t.generation) {
    case 'spec':
      return !deepEqual(old.spec, next.spec);
    case 'nonMetadata':
      return !equalExcept(old, next, ['metadata', 'apiVersion', 'kind']);
    case 'nonMetadataStatus':
      return !equalExcept(old, next, ['metadata', 'status', 'apiVersion', 'kind']);
    default:
      return false;
  }
}

/** Metadata equality for no-op detection: managedFields timestamps do not count (kubectl-wire §10.1). */
function metaEqual(a: ObjectMeta, b: ObjectMeta): boolean {
  return equalExcept(a as Record<string, unknown>, b as Record<string, unknown>, ['managedFields']) &&
    deepEqual(stripTimes(a.managedFields), stripTimes(b.managedFields));
}

function stripTimes(m: ObjectMeta['managedFields']): unknown {
  return m?.map((e) => ({ ...e, time: undefined }));
}

