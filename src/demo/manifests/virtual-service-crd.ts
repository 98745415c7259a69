// A VirtualService-like CRD standing in for Istio's, present in every cluster so `kubefedctl enable VirtualService`
// has a CRD type to federate, as in the walkthrough. Group, names, version and the Gateways/Hosts/Age printer
// columns (JSONPaths .spec.gateways, .spec.hosts) are those of Istio's virtualservices.networking.istio.io
// (manifests/charts/base/crds/crd-all.gen.yaml); the schema keeps spec open, as Istio's v1alpha3 CRD did.
export const VIRTUAL_SERVICE_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: virtualservices.networking.istio.io
spec:
  group: networking.istio.io
  names:
    kind: VirtualService
    listKind: VirtualServiceList
    plural: virtualservices
    singular: virtualservice
    shortNames:
    - vs
    categories:
    - istio-io
    - networking-istio-io
  scope: Namespaced
  versions:
  - name: v1alpha3
    served: true
    storage: true
    additionalPrinterColumns:
    - name: Gateways
      type: string
      description: The names of gateways and sidecars that should apply these routes
      jsonPath: .spec.gateways
    - name: Hosts
      type: string
      description: The destination hosts to which traffic is being sent
      jsonPath: .spec.hosts
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-preserve-unknown-fields: true
          status:
            type: object
            x-kubernetes-preserve-unknown-fields: true
`;
