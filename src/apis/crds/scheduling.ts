// CRD of scheduling.kubefed.io/v1alpha1 ReplicaSchedulingPreference (§2.5). KubeFed's RSP had no status; ours has
// a status subresource with conditions so users can see why replicas were (not) scheduled.
import { Kinds, Plurals, SCHEDULING_GROUP, V1ALPHA1 } from '../constants.js';
import { NON_NEGATIVE_MESSAGE, RSP_MIN_MAX_MESSAGE } from '../validation.js';
import { customResourceDefinition } from './crd.js';
import type { CustomResourceDefinition } from './crd.js';
import { bool, int32, int64, mapOf, metav1ConditionsSchema, obj, rootSchema, rule, str } from './schema.js';

const nonNegative = { 'x-kubernetes-validations': [rule('self >= 0', NON_NEGATIVE_MESSAGE)] };

export function replicaSchedulingPreferenceCrd(): CustomResourceDefinition {
  const preferences = obj(
    { minReplicas: int64(nonNegative), maxReplicas: int64(nonNegative), weight: int64(nonNegative) },
    [],
    {
      'x-kubernetes-validations': [
        rule('!has(self.maxReplicas) || self.maxReplicas >= (has(self.minReplicas) ? self.minReplicas : 0)', RSP_MIN_MAX_MESSAGE),
      ],
    },
  );
  const spec = obj(
    {
      // A plain string as in KubeFed: an unsupported kind is reported in status, not refused, so KubeFed
      // manifests apply unchanged.
      targetKind: str(),
      totalReplicas: int32(nonNegative),
      rebalance: bool(),
      intersectWithClusterSelector: bool(),
      clusters: mapOf(preferences),
    },
    ['targetKind', 'totalReplicas'],
  );
  const status = obj({ observedGeneration: int64({ minimum: 0 }), conditions: metav1ConditionsSchema() });
  return customResourceDefinition({
    group: SCHEDULING_GROUP,
    version: V1ALPHA1,
    kind: Kinds.ReplicaSchedulingPreference,
    plural: Plurals.ReplicaSchedulingPreference,
    scope: 'Namespaced',
    shortNames: ['rsp'],
    schema: rootSchema({ spec, status }),
    statusSubresource: true,
  });
}
