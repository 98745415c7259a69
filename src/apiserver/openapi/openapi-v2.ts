// GET /openapi/v2 in the only form kubectl accepts (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`):
// kubectl ≤ 1.27 decides whether the server validates fields (`fieldValidation`) from this document instead of
// /openapi/v3, and fails `apply`/`create -f` when it is missing. Like kubectl's QueryParamVerifier reads it, the
// document lists every resource's PATCH operation with its x-kubernetes-group-version-kind extension (YAML text) and
// the fieldValidation query parameter; definitions are left out (kubectl then falls back to its compiled-in types
// for strategic merge patch). Field numbers are wire facts from gnostic's openapiv2/OpenAPIv2.proto
// (github.com/google/gnostic, the message set k8s.io/kube-openapi serves).
import protobuf from 'protobufjs';
import type { ResourceType } from '../registry/resource-type.js';

const root = protobuf.Root.fromJSON({
  nested: {
    Document: { fields: { swagger: { id: 1, type: 'string' }, info: { id: 2, type: 'Info' }, paths: { id: 8, type: 'Paths' } } },
    Info: { fields: { title: { id: 1, type: 'string' }, version: { id: 2, type: 'string' } } },
    Paths: { fields: { path: { id: 2, type: 'NamedPathItem', rule: 'repeated' } } },
    NamedPathItem: { fields: { name: { id: 1, type: 'string' }, value: { id: 2, type: 'PathItem' } } },
    PathItem: { fields: { patch: { id: 8, type: 'Operation' } } },
    Operation: {
      fields: {
        operationId: { id: 5, type: 'string' },
        parameters: { id: 8, type: 'ParametersItem', rule: 'repeated' },
        vendorExtension: { id: 13, type: 'NamedAny', rule: 'repeated' },
      },
    },
    ParametersItem: { fields: { parameter: { id: 1, type: 'Parameter' } } },
    Parameter: { fields: { nonBodyParameter: { id: 2, type: 'NonBodyParameter' } } },
    NonBodyParameter: { fields: { queryParameterSubSchema: { id: 3, type: 'QueryParameterSubSchema' } } },
    QueryParameterSubSchema: { fields: { in: { id: 2, type: 'string' }, name: { id: 4, type: 'string' }, type: { id: 6, type: 'string' } } },
    NamedAny: { fields: { name: { id: 1, type: 'string' }, value: { id: 2, type: 'Any' } } },
    Any: { fields: { yaml: { id: 2, type: 'string' } } },
  },
});

const Document = root.lookupType('Document');

/** The response media type: kube-apiserver answers with `.v1.0` (the `@` of the Accept form is no valid MIME token). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

const queryParam = (name: string, type: string): object => ({ parameter: { nonBodyParameter: { queryParameterSubSchema: { in: 'query', name, type } } } });

/** The protobuf /openapi/v2 document for the served types. */
export function openApiV2Protobuf(types: Iterable<ResourceType>, serverVersion: string): Uint8Array {
  const path: object[] = [];
  for (const t of types) {
    if (!t.verbs.includes('patch')) continue;
    const prefix = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
    const base = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.resource}` : `${prefix}/${t.resource}`;
    path.push({
      name: `${base}/{name}`,
      value: {
        patch: {
          operationId: `patch${t.kind}`,
          parameters: ['dryRun', 'fieldManager', 'fieldValidation'].map((n) => queryParam(n, 'string')).concat(queryParam('force', 'boolean')),
          vendorExtension: [{ name: 'x-kubernetes-group-version-kind', value: { yaml: `group: "${t.group}"\nkind: ${t.kind}\nversion: ${t.version}\n` } }],
        },
      },
    });
  }
  const doc = Document.fromObject({ swagger: '2.0', info: { title: 'Kubernetes', version: serverVersion }, paths: { path } });
  return Document.encode(doc).finish();
}
