// Admission for built-in kinds: unknown top-level and metadata fields (strict decoding of the Go types), the
// defaults clients see on every built-in object (pkg/apis/<group>/v1/defaults.go, pod specs in pod-defaults.ts),
// and namespace initial state.
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import { NAMESPACE_STORAGE_KEY, type ObjectService } from '../objects/object-service.js';
import type { AdmissionPlugin } from './admission.js';
import { defaultPodSpec, templatePodSpec } from './pod-defaults.js';

// metav1.ObjectMeta JSON field names (k8s.io/apimachinery/pkg/apis/meta/v1/types.go).
const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers',
  'managedFields',
]);
const ENVELOPE = new Set(['apiVersion', 'kind', 'metadata']);

export function unknownMetadataFields(o: KubeObject): string[] {
  const out: string[] = [];
  if (isObject(o.metadata)) for (const k of Object.keys(o.metadata)) if (!OBJECT_META_FIELDS.has(k)) out.push(`metadata.${k}`);
  return out;
}

function obj(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = parent[key];
  if (isObject(v)) return v;
  const fresh: Record<string, unknown> = {};
  parent[key] = fresh;
  return fresh;
}

function setDefault(o: Record<string, unknown>, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

const WORKLOADS = new Set(['apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets', 'batch/jobs']);

function applyDefaults(storageKey: string, o: KubeObject): void {
  if (WORKLOADS.has(storageKey)) {
    const podSpec = templatePodSpec(o);
    if (podSpec) defaultPodSpec(podSpec, { restartPolicy: storageKey !== 'batch/jobs' });
  }
  switch (storageKey) {
    case 'apps/deployments': {
      const spec = obj(o, 'spec');
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      const strategy = obj(spec, 'strategy');
      setDefault(strategy, 'type', 'RollingUpdate');
      if (strategy.type === 'RollingUpdate') {
        const ru = obj(strategy, 'rollingUpdate');
        setDefault(ru, 'maxUnavailable', '25%');
        setDefault(ru, 'maxSurge', '25%');
      }
      break;
    }
    case 'apps/replicasets':
    case 'apps/statefulsets':
      setDefault(obj(o, 'spec'), 'replicas', 1);
      break;
    case '/secrets':
      setDefault(o, 'type', 'Opaque');
      break;
    case '/services': {
      const spec = obj(o, 'spec');
      setDefault(spec, 'type', 'ClusterIP');
      setDefault(spec, 'sessionAffinity', 'None');
      // ServiceStatus.loadBalancer is a struct, so Go always serialises it, empty or not.
      setDefault(obj(o, 'status'), 'loadBalancer', {});
      break;
    }
    case NAMESPACE_STORAGE_KEY: {
      const spec = obj(o, 'spec');
      setDefault(spec, 'finalizers', ['kubernetes']);
      const status = obj(o, 'status');
      setDefault(status, 'phase', 'Active');
      const labels = (o.metadata.labels ??= {});
      // The NamespaceDefaultLabelName admission plugin sets this immutable label.
      labels['kubernetes.io/metadata.name'] = o.metadata.name ?? '';
      break;
    }
    case '/pods':
      setDefault(obj(o, 'status'), 'phase', 'Pending');
      if (isObject(o.spec)) defaultPodSpec(o.spec);
      break;
    default:
      break;
  }
}

export function builtinAdmission(_svc: ObjectService): AdmissionPlugin {
  return {
    name: 'BuiltinKinds',
    mutate(req) {
      const t = req.type;
      if (t.custom) return;
      if (req.subresource === '') {
        if (t.topLevelFields) {
          for (const k of Object.keys(req.object)) {
            if (!ENVELOPE.has(k) && !t.topLevelFields.includes(k)) {
              req.unknownFields.push(k);
              delete req.object[k];
            }
          }
        }
        for (const f of unknownMetadataFields(req.object)) {
          req.unknownFields.push(f);
          delete (req.object.metadata as Record<string, unknown>)[f.slice('metadata.'.length)];
        }
      }
      if (req.operation === 'CREATE' || req.subresource === '') applyDefaults(t.storageKey, req.object);
    },
  };
}
