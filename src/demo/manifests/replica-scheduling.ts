// The walkthrough's ReplicaSchedulingPreference (clusters A and B there, cluster1 and cluster2 here) on its own
// FederatedDeployment, so test-deployment keeps its 3/3 and 5/5. The federated object has no placement: the RSP
// controller writes placement and per-cluster replica overrides into it.
import { TEST_NAMESPACE } from './federated-namespace.js';

export const RSP_DEPLOYMENT = 'rsp-deployment';

/**
 * The split KubeFed's planner gives (kubefed-behaviour.md §5): minimums first, cluster2 (weight 2) before cluster1,
 * 4 each; the one replica left goes to cluster2 by weight (ceil(1·2/3) = 1); nothing is left for cluster1.
 */
export const RSP_EXPECTED: Readonly<Record<string, number>> = { cluster1: 4, cluster2: 5 };

export const REPLICA_SCHEDULING = `apiVersion: types.kubefed.io/v1beta1
kind: FederatedDeployment
metadata:
  name: ${RSP_DEPLOYMENT}
  namespace: ${TEST_NAMESPACE}
spec:
  template:
    metadata:
      labels:
        app: rsp-nginx
    spec:
      replicas: 9
      selector:
        matchLabels:
          app: rsp-nginx
      template:
        metadata:
          labels:
            app: rsp-nginx
        spec:
          containers:
          - image: nginx
            name: nginx
---
apiVersion: scheduling.kubefed.io/v1alpha1
kind: ReplicaSchedulingPreference
metadata:
  name: ${RSP_DEPLOYMENT}
  namespace: ${TEST_NAMESPACE}
spec:
  targetKind: FederatedDeployment
  totalReplicas: 9
  clusters:
    cluster1:
      minReplicas: 4
      maxReplicas: 6
      weight: 1
    cluster2:
      minReplicas: 4
      maxReplicas: 8
      weight: 2
`;
