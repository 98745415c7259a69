// The compact form of the built-in kinds' OpenAPI definitions that generate-definitions.ts writes and
// builtin-schemas.ts expands. A property type is one of:
//   'string' | 'boolean' | 'integer' | 'number' | 'object'   a JSON type ('object': free-form, e.g. RawExtension)
//   'integer:int32', 'string:date-time', ...                  a JSON type with an OpenAPI format
//   'IntOrString'                                           intstr.IntOrString
//   '#Name'                                                  a reference to another definition
//   '[]T'                                                    an array of T
//   '{}T'                                                    a map from string to T
export interface Definition {
  /** The Go package the type belongs to, as in kube-apiserver's schema names (io.k8s.api.apps.v1). */
  readonly pkg: string;
  readonly required?: readonly string[];
  readonly properties: Readonly<Record<string, string>>;
}

/** A built-in kind and the definition that describes it. */
export interface RootKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly definition: string;
}
