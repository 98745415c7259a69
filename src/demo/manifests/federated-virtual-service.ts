// The walkthrough's FederatedVirtualService, in the demo's federated namespace.
import { TEST_NAMESPACE } from './federated-namespace.js';

export const FEDERATED_VIRTUAL_SERVICE = `apiVersion: types.kubefed.io/v1beta1
kind: FederatedVirtualService
metadata:
  name: service-route
  namespace: ${TEST_NAMESPACE}
spec:
  placement:
    clusters:
    - name: cluster1
    - name: cluster2
    - name: cluster3
  template:
    metadata:
      name: service-route
    spec:
      gateways:
      - service-gateway
      hosts:
      - '*'
      http:
      - match:
        - uri:
            prefix: /
        route:
        - destination:
            host: service-a-1
            port:
              number: 3000
`;
