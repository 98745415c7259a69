// Protobuf message subsets of the Kubernetes kinds kubectl ≥ 1.32 sends as protobuf from its typed commands
// (kubectl-wire.md §9). Field numbers are wire facts, taken from Kubernetes' published definitions:
//   runtime:  k8s.io/apimachinery/pkg/runtime/generated.proto              (Unknown, TypeMeta)
//   meta/v1:  k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto         (ObjectMeta, Time, LabelSelector, OwnerReference)
//   intstr:   k8s.io/apimachinery/pkg/util/intstr/generated.proto          (IntOrString)
//   resource: k8s.io/apimachinery/pkg/api/resource/generated.proto        (Quantity)
//   core/v1:  k8s.io/api/core/v1/generated.proto
//   apps/v1:  k8s.io/api/apps/v1/generated.proto
//   batch/v1: k8s.io/api/batch/v1/generated.proto
//   rbac/v1:  k8s.io/api/rbac/v1/generated.proto
//   authorization/v1: k8s.io/api/authorization/v1/generated.proto
//   authentication/v1: k8s.io/api/authentication/v1/generated.proto
// All of them are proto2. Fields kubectl never sets from its typed commands (volumes, probes, security contexts, …)
// are left out on purpose; decode.ts rejects bodies that carry fields this subset does not know, rather than
// silently dropping them.
//
// Flags beyond the wire type record Go JSON behaviour the wire cannot express: `keep` marks fields whose Go type is a
// pointer (*int32, *bool, *string, pointer structs) or whose JSON tag has no omitempty, so a zero value that is
// present on the wire must still appear in the JSON object (e.g. `replicas: 0`, `allowed: false`). Every other zero
// scalar is omitted, as Go's omitempty would.

export type FieldFlag = 'repeated' | 'map' | 'keep';

/** [field number, protobuf type or message name, flags]. Maps always have string keys in the Kubernetes API. */
export type FieldSpec = readonly [number, string, ...FieldFlag[]];

export type MessageSpec = Readonly<Record<string, FieldSpec>>;

/** Messages whose JSON form is not an object: decode.ts converts them specially. */
export const specialMessages = {
  Time: { seconds: [1, 'int64'], nanos: [2, 'int32'] },
  IntOrString: { type: [1, 'int64'], intVal: [2, 'int32'], strVal: [3, 'string'] },
  Quantity: { string: [1, 'string'] },
} as const satisfies Record<string, MessageSpec>;

export const messages: Record<string, MessageSpec> = {
  // runtime
  Unknown: { typeMeta: [1, 'TypeMeta'], raw: [2, 'bytes'], contentEncoding: [3, 'string'], contentType: [4, 'string'] },
  TypeMeta: { apiVersion: [1, 'string'], kind: [2, 'string'] },

  // meta/v1
  ObjectMeta: {
    name: [1, 'string'], generateName: [2, 'string'], namespace: [3, 'string'], selfLink: [4, 'string'], uid: [5, 'string'],
    resourceVersion: [6, 'string'], generation: [7, 'int64'], creationTimestamp: [8, 'Time'], deletionTimestamp: [9, 'Time'],
    deletionGracePeriodSeconds: [10, 'int64', 'keep'], labels: [11, 'string', 'map'], annotations: [12, 'string', 'map'],
    ownerReferences: [13, 'OwnerReference', 'repeated'], finalizers: [14, 'string', 'repeated'],
  },
  OwnerReference: {
    kind: [1, 'string', 'keep'], name: [3, 'string', 'keep'], uid: [4, 'string', 'keep'], apiVersion: [5, 'string', 'keep'],
    controller: [6, 'bool', 'keep'], blockOwnerDeletion: [7, 'bool', 'keep'],
  },
  LabelSelector: { matchLabels: [1, 'string', 'map'], matchExpressions: [2, 'LabelSelectorRequirement', 'repeated'] },
  LabelSelectorRequirement: { key: [1, 'string', 'keep'], operator: [2, 'string', 'keep'], values: [3, 'string', 'repeated'] },
  Condition: {
    type: [1, 'string', 'keep'], status: [2, 'string', 'keep'], observedGeneration: [3, 'int64'], lastTransitionTime: [4, 'Time', 'keep'],
    reason: [5, 'string', 'keep'], message: [6, 'string', 'keep'],
  },

  DeleteOptions: {
    gracePeriodSeconds: [1, 'int64', 'keep'], preconditions: [2, 'Preconditions'], orphanDependents: [3, 'bool', 'keep'],
    propagationPolicy: [4, 'string'], dryRun: [5, 'string', 'repeated'], ignoreStoreReadErrorWithClusterBreakingPotential: [6, 'bool'],
  },
  Preconditions: { uid: [1, 'string'], resourceVersion: [2, 'string'] },

  // core/v1
  Namespace: { metadata: [1, 'ObjectMeta'], spec: [2, 'NamespaceSpec'], status: [3, 'NamespaceStatus'] },
  NamespaceSpec: { finalizers: [1, 'string', 'repeated'] },
  NamespaceStatus: { phase: [1, 'string'] },
  ConfigMap: { metadata: [1, 'ObjectMeta'], data: [2, 'string', 'map'], binaryData: [3, 'bytes', 'map'], immutable: [4, 'bool', 'keep'] },
  Secret: {
    metadata: [1, 'ObjectMeta'], data: [2, 'bytes', 'map'], type: [3, 'string'], stringData: [4, 'string', 'map'], immutable: [5, 'bool', 'keep'],
  },
  ServiceAccount: {
    metadata: [1, 'ObjectMeta'], secrets: [2, 'ObjectReference', 'repeated'], imagePullSecrets: [3, 'LocalObjectReference', 'repeated'],
    automountServiceAccountToken: [4, 'bool', 'keep'],
  },
  ObjectReference: {
    kind: [1, 'string'], namespace: [2, 'string'], name: [3, 'string'], uid: [4, 'string'], apiVersion: [5, 'string'],
    resourceVersion: [6, 'string'], fieldPath: [7, 'string'],
  },
  LocalObjectReference: { name: [1, 'string'] },
  PodTemplateSpec: { metadata: [1, 'ObjectMeta'], spec: [2, 'PodSpec'] },
  PodSpec: {
    containers: [2, 'Container', 'repeated'], restartPolicy: [3, 'string'], terminationGracePeriodSeconds: [4, 'int64', 'keep'],
    activeDeadlineSeconds: [5, 'int64', 'keep'], dnsPolicy: [6, 'string'], nodeSelector: [7, 'string', 'map'],
    serviceAccountName: [8, 'string'], serviceAccount: [9, 'string'], nodeName: [10, 'string'], hostNetwork: [11, 'bool'],
    hostPID: [12, 'bool'], hostIPC: [13, 'bool'], imagePullSecrets: [15, 'LocalObjectReference', 'repeated'], hostname: [16, 'string'],
    subdomain: [17, 'string'], schedulerName: [19, 'string'], initContainers: [20, 'Container', 'repeated'],
    automountServiceAccountToken: [21, 'bool', 'keep'], tolerations: [22, 'Toleration', 'repeated'], priorityClassName: [24, 'string'],
    priority: [25, 'int32', 'keep'], enableServiceLinks: [30, 'bool', 'keep'],
  },
  Toleration: {
    key: [1, 'string'], operator: [2, 'string'], value: [3, 'string'], effect: [4, 'string'], tolerationSeconds: [5, 'int64', 'keep'],
  },
  Container: {
    name: [1, 'string', 'keep'], image: [2, 'string'], command: [3, 'string', 'repeated'], args: [4, 'string', 'repeated'],
    workingDir: [5, 'string'], ports: [6, 'ContainerPort', 'repeated'], env: [7, 'EnvVar', 'repeated'],
    resources: [8, 'ResourceRequirements'], volumeMounts: [9, 'VolumeMount', 'repeated'], terminationMessagePath: [13, 'string'],
    imagePullPolicy: [14, 'string'], stdin: [16, 'bool'], stdinOnce: [17, 'bool'], tty: [18, 'bool'],
    envFrom: [19, 'EnvFromSource', 'repeated'], terminationMessagePolicy: [20, 'string'],
  },
  ContainerPort: {
    name: [1, 'string'], hostPort: [2, 'int32'], containerPort: [3, 'int32', 'keep'], protocol: [4, 'string'], hostIP: [5, 'string'],
  },
  EnvVar: { name: [1, 'string', 'keep'], value: [2, 'string'], valueFrom: [3, 'EnvVarSource'] },
  EnvVarSource: {
    fieldRef: [1, 'ObjectFieldSelector'], resourceFieldRef: [2, 'ResourceFieldSelector'], configMapKeyRef: [3, 'ConfigMapKeySelector'],
    secretKeyRef: [4, 'SecretKeySelector'],
  },
  ObjectFieldSelector: { apiVersion: [1, 'string'], fieldPath: [2, 'string', 'keep'] },
  ResourceFieldSelector: { containerName: [1, 'string'], resource: [2, 'string', 'keep'], divisor: [3, 'Quantity'] },
  // ConfigMapKeySelector/SecretKeySelector embed LocalObjectReference (field 1) inline in JSON.
  ConfigMapKeySelector: { localObjectReference: [1, 'LocalObjectReference'], key: [2, 'string', 'keep'], optional: [3, 'bool', 'keep'] },
  SecretKeySelector: { localObjectReference: [1, 'LocalObjectReference'], key: [2, 'string', 'keep'], optional: [3, 'bool', 'keep'] },
  EnvFromSource: { prefix: [1, 'string'], configMapRef: [2, 'ConfigMapEnvSource'], secretRef: [3, 'SecretEnvSource'] },
  ConfigMapEnvSource: { localObjectReference: [1, 'LocalObjectReference'], optional: [2, 'bool', 'keep'] },
  SecretEnvSource: { localObjectReference: [1, 'LocalObjectReference'], optional: [2, 'bool', 'keep'] },
  ResourceRequirements: { limits: [1, 'Quantity', 'map'], requests: [2, 'Quantity', 'map'] },
  VolumeMount: {
    name: [1, 'string', 'keep'], readOnly: [2, 'bool'], mountPath: [3, 'string', 'keep'], subPath: [4, 'string'],
    mountPropagation: [5, 'string', 'keep'], subPathExpr: [6, 'string'],
  },
  Service: { metadata: [1, 'ObjectMeta'], spec: [2, 'ServiceSpec'], status: [3, 'ServiceStatus'] },
  ServiceSpec: {
    ports: [1, 'ServicePort', 'repeated'], selector: [2, 'string', 'map'], clusterIP: [3, 'string'], type: [4, 'string'],
    externalIPs: [5, 'string', 'repeated'], sessionAffinity: [7, 'string'], loadBalancerIP: [8, 'string'],
    loadBalancerSourceRanges: [9, 'string', 'repeated'], externalName: [10, 'string'], externalTrafficPolicy: [11, 'string'],
    healthCheckNodePort: [12, 'int32'], publishNotReadyAddresses: [13, 'bool'], ipFamilyPolicy: [17, 'string', 'keep'],
    clusterIPs: [18, 'string', 'repeated'], ipFamilies: [19, 'string', 'repeated'], allocateLoadBalancerNodePorts: [20, 'bool', 'keep'],
    loadBalancerClass: [21, 'string', 'keep'], internalTrafficPolicy: [22, 'string', 'keep'],
  },
  ServicePort: {
    name: [1, 'string'], protocol: [2, 'string'], port: [3, 'int32', 'keep'], targetPort: [4, 'IntOrString'], nodePort: [5, 'int32'],
    appProtocol: [6, 'string', 'keep'],
  },
  ServiceStatus: { loadBalancer: [1, 'LoadBalancerStatus'], conditions: [2, 'Condition', 'repeated'] },
  LoadBalancerStatus: { ingress: [1, 'LoadBalancerIngress', 'repeated'] },
  LoadBalancerIngress: { ip: [1, 'string'], hostname: [2, 'string'] },

  // apps/v1
  Deployment: { metadata: [1, 'ObjectMeta'], spec: [2, 'DeploymentSpec'], status: [3, 'DeploymentStatus'] },
  DeploymentSpec: {
    replicas: [1, 'int32', 'keep'], selector: [2, 'LabelSelector'], template: [3, 'PodTemplateSpec'], strategy: [4, 'DeploymentStrategy'],
    minReadySeconds: [5, 'int32'], revisionHistoryLimit: [6, 'int32', 'keep'], paused: [7, 'bool'],
    progressDeadlineSeconds: [9, 'int32', 'keep'],
  },
  DeploymentStrategy: { type: [1, 'string'], rollingUpdate: [2, 'RollingUpdateDeployment'] },
  RollingUpdateDeployment: { maxUnavailable: [1, 'IntOrString'], maxSurge: [2, 'IntOrString'] },
  DeploymentStatus: {
    observedGeneration: [1, 'int64'], replicas: [2, 'int32'], updatedReplicas: [3, 'int32'], availableReplicas: [4, 'int32'],
    unavailableReplicas: [5, 'int32'], readyReplicas: [7, 'int32'],
  },

  // batch/v1
  Job: { metadata: [1, 'ObjectMeta'], spec: [2, 'JobSpec'], status: [3, 'JobStatus'] },
  JobSpec: {
    parallelism: [1, 'int32', 'keep'], completions: [2, 'int32', 'keep'], activeDeadlineSeconds: [3, 'int64', 'keep'],
    selector: [4, 'LabelSelector'], manualSelector: [5, 'bool', 'keep'], template: [6, 'PodTemplateSpec'],
    backoffLimit: [7, 'int32', 'keep'], ttlSecondsAfterFinished: [8, 'int32', 'keep'], completionMode: [9, 'string', 'keep'],
    suspend: [10, 'bool', 'keep'],
  },
  JobStatus: { active: [4, 'int32'], succeeded: [5, 'int32'], failed: [6, 'int32'], completedIndexes: [7, 'string'] },
  JobTemplateSpec: { metadata: [1, 'ObjectMeta'], spec: [2, 'JobSpec'] },
  CronJob: { metadata: [1, 'ObjectMeta'], spec: [2, 'CronJobSpec'], status: [3, 'CronJobStatus'] },
  CronJobSpec: {
    schedule: [1, 'string', 'keep'], startingDeadlineSeconds: [2, 'int64', 'keep'], concurrencyPolicy: [3, 'string'],
    suspend: [4, 'bool', 'keep'], jobTemplate: [5, 'JobTemplateSpec'], successfulJobsHistoryLimit: [6, 'int32', 'keep'],
    failedJobsHistoryLimit: [7, 'int32', 'keep'], timeZone: [8, 'string', 'keep'],
  },
  CronJobStatus: { active: [1, 'ObjectReference', 'repeated'] },

  // rbac/v1
  PolicyRule: {
    verbs: [1, 'string', 'repeated'], apiGroups: [2, 'string', 'repeated'], resources: [3, 'string', 'repeated'],
    resourceNames: [4, 'string', 'repeated'], nonResourceURLs: [5, 'string', 'repeated'],
  },
  Role: { metadata: [1, 'ObjectMeta'], rules: [2, 'PolicyRule', 'repeated'] },
  ClusterRole: { metadata: [1, 'ObjectMeta'], rules: [2, 'PolicyRule', 'repeated'], aggregationRule: [3, 'AggregationRule'] },
  AggregationRule: { clusterRoleSelectors: [1, 'LabelSelector', 'repeated'] },
  Subject: { kind: [1, 'string', 'keep'], apiGroup: [2, 'string'], name: [3, 'string', 'keep'], namespace: [4, 'string'] },
  RoleRef: { apiGroup: [1, 'string', 'keep'], kind: [2, 'string', 'keep'], name: [3, 'string', 'keep'] },
  RoleBinding: { metadata: [1, 'ObjectMeta'], subjects: [2, 'Subject', 'repeated'], roleRef: [3, 'RoleRef'] },
  ClusterRoleBinding: { metadata: [1, 'ObjectMeta'], subjects: [2, 'Subject', 'repeated'], roleRef: [3, 'RoleRef'] },

  // authorization/v1
  SelfSubjectAccessReview: {
    metadata: [1, 'ObjectMeta'], spec: [2, 'SelfSubjectAccessReviewSpec'], status: [3, 'SubjectAccessReviewStatus'],
  },
  SelfSubjectAccessReviewSpec: { resourceAttributes: [1, 'ResourceAttributes'], nonResourceAttributes: [2, 'NonResourceAttributes'] },
  ResourceAttributes: {
    namespace: [1, 'string'], verb: [2, 'string'], group: [3, 'string'], version: [4, 'string'], resource: [5, 'string'],
    subresource: [6, 'string'], name: [7, 'string'],
  },
  NonResourceAttributes: { path: [1, 'string'], verb: [2, 'string'] },
  SubjectAccessReviewStatus: { allowed: [1, 'bool', 'keep'], denied: [4, 'bool'], reason: [2, 'string'], evaluationError: [3, 'string'] },
  // Go marshals non-pointer struct fields even when empty, so kubectl's requests carry an empty status.
  SelfSubjectRulesReview: { metadata: [1, 'ObjectMeta'], spec: [2, 'SelfSubjectRulesReviewSpec'], status: [3, 'SubjectRulesReviewStatus'] },
  SelfSubjectRulesReviewSpec: { namespace: [1, 'string'] },
  SubjectRulesReviewStatus: {
    resourceRules: [1, 'ResourceRule', 'repeated'], nonResourceRules: [2, 'NonResourceRule', 'repeated'], incomplete: [3, 'bool', 'keep'],
    evaluationError: [4, 'string'],
  },
  ResourceRule: {
    verbs: [1, 'string', 'repeated'], apiGroups: [2, 'string', 'repeated'], resources: [3, 'string', 'repeated'], resourceNames: [4, 'string', 'repeated'],
  },
  NonResourceRule: { verbs: [1, 'string', 'repeated'], nonResourceURLs: [2, 'string', 'repeated'] },

  // authentication/v1
  TokenRequest: { metadata: [1, 'ObjectMeta'], spec: [2, 'TokenRequestSpec'], status: [3, 'TokenRequestStatus'] },
  TokenRequestSpec: { audiences: [1, 'string', 'repeated'], boundObjectRef: [3, 'BoundObjectReference'], expirationSeconds: [4, 'int64', 'keep'] },
  TokenRequestStatus: { token: [1, 'string', 'keep'], expirationTimestamp: [2, 'Time', 'keep'] },
  BoundObjectReference: { kind: [1, 'string'], apiVersion: [2, 'string'], name: [3, 'string'], uid: [4, 'string'] },
  SelfSubjectReview: { metadata: [1, 'ObjectMeta'], status: [2, 'SelfSubjectReviewStatus'] },
  SelfSubjectReviewStatus: { userInfo: [1, 'UserInfo'] },
  UserInfo: { username: [1, 'string'], uid: [2, 'string'], groups: [3, 'string', 'repeated'] },
};

/** Fields whose Go struct is embedded: their JSON members are inlined into the parent object. */
export const inlinedFields: ReadonlySet<string> = new Set(['localObjectReference']);

/** apiVersion + kind → the top-level message decode.ts reads the `raw` bytes as. */
export const topLevelKinds: Readonly<Record<string, string>> = {
  'v1/Namespace': 'Namespace',
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/ServiceAccount': 'ServiceAccount',
  'v1/Service': 'Service',
  'apps/v1/Deployment': 'Deployment',
  'batch/v1/Job': 'Job',
  'batch/v1/CronJob': 'CronJob',
  'rbac.authorization.k8s.io/v1/Role': 'Role',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'ClusterRoleBinding',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'SelfSubjectAccessReview',
  'authorization.k8s.io/v1/SelfSubjectRulesReview': 'SelfSubjectRulesReview',
  'authentication.k8s.io/v1/TokenRequest': 'TokenRequest',
  'authentication.k8s.io/v1/SelfSubjectReview': 'SelfSubjectReview',
};
