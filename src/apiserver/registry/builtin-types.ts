// The built-in kinds this server serves. Resource names, kinds, short names, categories, scopes, verbs and
// subresources are wire facts taken from Kubernetes v1.32 discovery (`kubectl api-resources -o wide` and the
// ShortNames()/Categories() methods in k8s.io/kubernetes pkg/registry/<group>/<resource>/storage/storage.go).
// Selectable fields come from each kind's GetAttrs/SelectableFields (pkg/registry/.../strategy.go); top-level
// fields from the Go types in k8s.io/api/<group>/<version>/types.go.
import type { KubeObject } from '../../common/object.js';
import { fieldValue } from '../../common/fields.js';
import type { ExtraSubresource, GenerationRule, ResourceType, ScaleSubresource } from './resource-type.js';

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const NO_COLLECTION_DELETE = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const REPLICAS_SCALE: ScaleSubresource = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.status.selector',
};

function fields(paths: string[], defaults: Record<string, string> = {}): Record<string, (o: KubeObject) => string | undefined> {
  const out: Record<string, (o: KubeObject) => string | undefined> = {};
  for (const p of paths) out[p] = (o) => fieldValue(o, p) ?? defaults[p] ?? '';
  return out;
}

interface Spec {
  group: string;
  version: string;
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  status?: boolean;
  scale?: ScaleSubresource;
  generation?: GenerationRule;
  resetStatusOnCreate?: boolean;
  selectableFields?: Record<string, (obj: KubeObject) => string | undefined>;
  topLevelFields?: string[];
  nameRule?: ResourceType['nameRule'];
  extraSubresources?: ExtraSubresource[];
}

const SPEC_STATUS = ['spec', 'status'];

const EVENT_FIELDS = fields([
  'involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid',
  'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath',
  'reason', 'reportingComponent', 'source', 'type',
]);

const SPECS: Spec[] = [
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', singular: 'namespace', namespaced: false,
    verbs: NO_COLLECTION_DELETE, shortNames: ['ns'], status: true, nameRule: 'label',
    selectableFields: fields(['status.phase']), topLevelFields: SPEC_STATUS },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', singular: 'configmap', namespaced: true,
    shortNames: ['cm'], topLevelFields: ['data', 'binaryData', 'immutable'] },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', singular: 'secret', namespaced: true,
    selectableFields: fields(['type']), topLevelFields: ['data', 'stringData', 'type', 'immutable'] },
  { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', singular: 'serviceaccount',
    namespaced: true, shortNames: ['sa'], topLevelFields: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
    extraSubresources: [{ name: 'token', kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] }] },
  { group: '', version: 'v1', resource: 'services', kind: 'Service', singular: 'service', namespaced: true,
    shortNames: ['svc'], categories: ['all'], status: true, resetStatusOnCreate: true, nameRule: 'label',
    selectableFields: fields(['spec.clusterIP', 'spec.type']), topLevelFields: SPEC_STATUS },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', singular: 'pod', namespaced: true, shortNames: ['po'],
    categories: ['all'], status: true,
    selectableFields: fields(['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName',
      'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'], { 'spec.hostNetwork': 'false' }),
    topLevelFields: SPEC_STATUS },
  { group: '', version: 'v1', resource: 'nodes', kind: 'Node', singular: 'node', namespaced: false, shortNames: ['no'],
    status: true, selectableFields: fields(['spec.unschedulable'], { 'spec.unschedulable': 'false' }),
    topLevelFields: SPEC_STATUS },
  { group: '', version: 'v1', resource: 'events', kind: 'Event', singular: 'event', namespaced: true, shortNames: ['ev'],
    selectableFields: EVENT_FIELDS,
    topLevelFields: ['involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count', 'type',
      'eventTime', 'series', 'action', 'related', 'reportingComponent', 'reportingInstance'] },
  { group: '', version: 'v1', resource: 'endpoints', kind: 'Endpoints', singular: 'endpoints', namespaced: true,
    shortNames: ['ep'], topLevelFields: ['subsets'] },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', singular: 'deployment', namespaced: true,
    shortNames: ['deploy'], categories: ['all'], status: true, scale: REPLICAS_SCALE, generation: 'spec',
    resetStatusOnCreate: true, topLevelFields: SPEC_STATUS },
  { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', singular: 'replicaset', namespaced: true,
    shortNames: ['rs'], categories: ['all'], status: true, scale: REPLICAS_SCALE, generation: 'spec',
    resetStatusOnCreate: true, selectableFields: fields(['status.replicas']), topLevelFields: SPEC_STATUS },
  { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', singular: 'statefulset',
    namespaced: true, shortNames: ['sts'], categories: ['all'], status: true, scale: REPLICAS_SCALE,
    generation: 'spec', resetStatusOnCreate: true, topLevelFields: SPEC_STATUS },
  { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', singular: 'daemonset', namespaced: true,
    shortNames: ['ds'], categories: ['all'], status: true, generation: 'spec', resetStatusOnCreate: true,
    topLevelFields: SPEC_STATUS },
  { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', singular: 'job', namespaced: true,
    categories: ['all'], status: true, generation: 'spec', resetStatusOnCreate: true,
    selectableFields: fields(['status.successful']), topLevelFields: SPEC_STATUS },
  { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', kind: 'Ingress', singular: 'ingress',
    namespaced: true, shortNames: ['ing'], status: true, generation: 'spec', resetStatusOnCreate: true,
    topLevelFields: SPEC_STATUS },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', kind: 'Role', singular: 'role',
    namespaced: true, nameRule: 'path', topLevelFields: ['rules'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', kind: 'ClusterRole',
    singular: 'clusterrole', namespaced: false, nameRule: 'path', topLevelFields: ['rules', 'aggregationRule'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', kind: 'RoleBinding',
    singular: 'rolebinding', namespaced: true, nameRule: 'path', topLevelFields: ['subjects', 'roleRef'] },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings', kind: 'ClusterRoleBinding',
    singular: 'clusterrolebinding', namespaced: false, nameRule: 'path', topLevelFields: ['subjects', 'roleRef'] },
  { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', singular: 'lease',
    namespaced: true, topLevelFields: ['spec'] },
  { group: 'events.k8s.io', version: 'v1', resource: 'events', kind: 'Event', singular: 'event', namespaced: true,
    shortNames: ['ev'],
    selectableFields: fields(['regarding.kind', 'regarding.namespace', 'regarding.name', 'regarding.uid', 'reason',
      'reportingController', 'type']),
    topLevelFields: ['eventTime', 'series', 'reportingController', 'reportingInstance', 'action', 'reason', 'regarding',
      'related', 'note', 'type', 'deprecatedSource', 'deprecatedFirstTimestamp', 'deprecatedLastTimestamp',
      'deprecatedCount'] },
  { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition', singular: 'customresourcedefinition', namespaced: false,
    shortNames: ['crd', 'crds'], categories: ['api-extensions'], status: true, generation: 'nonMetadataStatus',
    topLevelFields: SPEC_STATUS },
  ...review('authorization.k8s.io', 'localsubjectaccessreviews', 'LocalSubjectAccessReview', true),
  ...review('authorization.k8s.io', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview'),
  ...review('authorization.k8s.io', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview'),
  ...review('authorization.k8s.io', 'subjectaccessreviews', 'SubjectAccessReview'),
  ...review('authentication.k8s.io', 'selfsubjectreviews', 'SelfSubjectReview'),
  ...review('authentication.k8s.io', 'tokenreviews', 'TokenReview'),
];

/** A kind that answers a create and stores nothing (handlers/reviews.ts). */
function review(group: string, resource: string, kind: string, namespaced = false): Spec[] {
  return [{ group, version: 'v1', resource, kind, singular: kind.toLowerCase(), namespaced, verbs: ['create'], topLevelFields: SPEC_STATUS }];
}

export function builtinResourceTypes(): ResourceType[] {
  return SPECS.map((s) => ({
    group: s.group,
    version: s.version,
    resource: s.resource,
    kind: s.kind,
    listKind: `${s.kind}List`,
    singular: s.singular,
    namespaced: s.namespaced,
    verbs: s.verbs ?? ALL_VERBS,
    shortNames: s.shortNames ?? [],
    categories: s.categories ?? [],
    status: s.status ?? false,
    scale: s.scale,
    generation: s.generation ?? 'none',
    resetStatusOnCreate: s.resetStatusOnCreate ?? false,
    storageKey: `${s.group}/${s.resource}`,
    selectableFields: s.selectableFields,
    topLevelFields: s.topLevelFields,
    nameRule: s.nameRule ?? 'subdomain',
    ...(s.extraSubresources ? { extraSubresources: s.extraSubresources } : {}),
  }));
}
