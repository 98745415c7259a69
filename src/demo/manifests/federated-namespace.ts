// The namespace the walkthrough's resources live in. KubeFed propagates namespaced resources only into namespaces
// that are federated, so the namespace and its FederatedNamespace (same name, inside it) come first.
export const TEST_NAMESPACE = 'test-namespace';

export const FEDERATED_NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: ${TEST_NAMESPACE}
---
apiVersion: types.kubefed.io/v1beta1
kind: FederatedNamespace
metadata:
  name: ${TEST_NAMESPACE}
  namespace: ${TEST_NAMESPACE}
spec:
  placement:
    clusters:
    - name: cluster1
    - name: cluster2
    - name: cluster3
`;
