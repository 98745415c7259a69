// CRD lifecycle, as kube-apiserver's apiextensions controllers: a CRD's status (acceptedNames, NamesAccepted and
// Established conditions, storedVersions) is set when it is written, its versions are served the moment it is
// stored (discovery and OpenAPI included), and deleting it removes its custom resources before the CRD goes
// (finalizer customresourcecleanup.apiextensions.k8s.io).
import type { KubeObject, StatusCause } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import type { AdmissionPlugin } from '../admission/admission.js';
import { validateCelRules, type CelSchema } from '../cel/index.js';
import { coalescedPass } from '../cluster-controllers/coalesced-pass.js';
import { invalid } from '../http/api-error.js';
import { cloneJson, deepEqual } from '../objects/deep-equal.js';
import { nowTimestamp } from '../objects/names.js';
import type { ObjectService } from '../objects/object-service.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';
import { validateCustomResourceDefinition } from '../schema/index.js';
import { crdServedTypes } from './crd-serving.js';

export const CRD_STORAGE_KEY = 'apiextensions.k8s.io/customresourcedefinitions';
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

function withConditions(old: KubeObject | undefined, conditions: Condition[]): Condition[] {
  const prev = isObject(old?.status) && Array.isArray(old.status.conditions) ? old.status.conditions.filter(isObject) : [];
  const now = nowTimestamp();
  return conditions.map((c) => {
    const p = prev.find((x) => x.type === c.type);
    const same = p && p.status === c.status;
    return { ...c, lastTransitionTime: same && typeof p.lastTransitionTime === 'string' ? p.lastTransitionTime : now };
  });
}

/** A CRD whose `x-kubernetes-validations` do not compile is rejected when written, as kube-apiserver does. */
function celRuleCauses(crd: KubeObject): StatusCause[] {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  const out: StatusCause[] = [];
  versions.forEach((v, i) => {
    if (!isObject(v) || !isObject(v.schema) || !isObject(v.schema.openAPIV3Schema)) return;
    out.push(...validateCelRules(v.schema.openAPIV3Schema as CelSchema, `spec.versions[${i}].schema.openAPIV3Schema`));
  });
  return out;
}

export function crdAdmission(_svc: ObjectService): AdmissionPlugin {
  return {
    name: 'CustomResourceDefinitions',
    mutate(req) {
      if (req.type.storageKey !== CRD_STORAGE_KEY || req.subresource !== '') return;
      const crd = req.object;
      const spec = isObject(crd.spec) ? crd.spec : (crd.spec = {});
      const names = isObject(spec.names) ? spec.names : (spec.names = {});
      if (typeof names.kind === 'string') {
        if (names.singular === undefined) names.singular = names.kind.toLowerCase();
        if (names.listKind === undefined) names.listKind = `${names.kind}List`;
      }
      if (spec.conversion === undefined) spec.conversion = { strategy: 'None' };
      if (req.operation === 'CREATE') {
        const f = (crd.metadata.finalizers ??= []);
        if (!f.includes(CRD_CLEANUP_FINALIZER)) f.push(CRD_CLEANUP_FINALIZER);
      }
      const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
      const storage = versions.find((v) => v.storage === true);
      const oldStatus = isObject(req.old?.status) ? req.old.status : {};
      const stored = Array.isArray(oldStatus.storedVersions) ? oldStatus.storedVersions.filter((v): v is string => typeof v === 'string') : [];
      if (storage && typeof storage.name === 'string' && !stored.includes(storage.name)) stored.push(storage.name);
      const acceptedNames = cloneJson(names);
      const conditions: Condition[] = [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ];
      if (crd.metadata.deletionTimestamp) {
        conditions.push({ type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' });
      }
      crd.status = { conditions: withConditions(req.old, conditions), acceptedNames, storedVersions: stored };
    },
    validate(req) {
      if (req.type.storageKey !== CRD_STORAGE_KEY || req.subresource !== '') return;
      const causes: StatusCause[] = validateCustomResourceDefinition(req.object);
      causes.push(...celRuleCauses(req.object));
      if (req.old && isObject(req.old.spec) && isObject(req.object.spec)) {
        if (req.old.spec.group !== req.object.spec.group) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(req.object.spec.group)}: field is immutable`, field: 'spec.group' });
        const on = isObject(req.old.spec.names) ? req.old.spec.names : {};
        const nn = isObject(req.object.spec.names) ? req.object.spec.names : {};
        if (on.plural !== nn.plural) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(nn.plural)}: field is immutable`, field: 'spec.names.plural' });
      }
      if (causes.length) throw invalid(req.type.kind, req.type.group, req.object.metadata.name ?? '', causes);
    },
  };
}

/** Keeps the registry in step with stored CRDs and runs CRD deletion. Returns a stop function. */
export function startCrdController(registry: Registry, svc: ObjectService): () => void {
  const served = new Map<string, ResourceType[]>();
  const serve = (crd: KubeObject | undefined, name: string): void => {
    for (const t of served.get(name) ?? []) registry.remove(t.group, t.version, t.resource);
    served.delete(name);
    if (!crd) return;
    const types = crdServedTypes(crd);
    for (const t of types) registry.add(t);
    served.set(name, types);
  };
  const crdType = (): ResourceType => registry.get('apiextensions.k8s.io', 'v1', 'customresourcedefinitions') as ResourceType;
  for (const crd of svc.store.list(CRD_STORAGE_KEY)) serve(crd, crd.metadata.name ?? '');

  const terminating = new Set<string>();
  const cleanup = (): void => {
    for (const name of [...terminating]) {
      const crd = svc.store.get(CRD_STORAGE_KEY, '', name);
      if (!crd || !crd.metadata.deletionTimestamp) {
        terminating.delete(name);
        continue;
      }
      const types = served.get(name) ?? [];
      const t = types[0];
      let remaining = 0;
      if (t) {
        for (const o of [...svc.store.list(t.storageKey)]) {
          remaining++;
          if (!o.metadata.deletionTimestamp) svc.delete(t, o.metadata.namespace ?? '', o.metadata.name ?? '', { propagationPolicy: 'Background' });
        }
        remaining = svc.store.count(t.storageKey);
      }
      if (remaining === 0) {
        terminating.delete(name);
        svc.mutate(crdType(), '', name, '', {}, (cur) => {
          cur.metadata.finalizers = (cur.metadata.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
          return cur;
        });
      }
    }
  };
  const pass = coalescedPass('crd-controller', cleanup);
  const schedule = (): void => {
    if (terminating.size > 0) pass.schedule();
  };
  const stopCrd = svc.store.subscribe(CRD_STORAGE_KEY, (ev) => {
    const name = ev.object.metadata.name ?? '';
    if (ev.type === 'DELETED') {
      serve(undefined, name);
      return;
    }
    const prevSpec = ev.prev?.spec;
    if (!ev.prev || !deepEqual(prevSpec, ev.object.spec) || !served.has(name)) serve(ev.object, name);
    if (ev.object.metadata.deletionTimestamp && (ev.object.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) {
      terminating.add(name);
      schedule();
    }
  });
  const stopAll = svc.store.subscribeAll((ev) => {
    if (ev.type === 'DELETED' && terminating.size > 0 && ev.storageKey !== CRD_STORAGE_KEY) schedule();
  });
  for (const crd of svc.store.list(CRD_STORAGE_KEY)) {
    if (crd.metadata.deletionTimestamp) terminating.add(crd.metadata.name ?? '');
  }
  schedule();
  return () => {
    pass.stop();
    stopCrd();
    stopAll();
  };
}
