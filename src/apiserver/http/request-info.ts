// Splits a resource URL into its parts the way kube-apiserver's RequestInfoFactory does
// (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go), including the namespaces/{name}/{status,finalize} case.
export interface ResourceRequest {
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** undefined when the path is not under /api/v1 or /apis/{g}/{v} with at least a resource. */
export function parseResourcePath(segments: string[]): ResourceRequest | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    version = segments[1] as string;
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1] as string;
    version = segments[2] as string;
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1] as string;
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2] as string)) rest = rest.slice(2);
  }
  const [resource = '', name = '', subresource = '', ...extra] = rest;
  if (extra.length > 0) return undefined;
  if (resource === 'namespaces' && namespace && rest[0] === 'namespaces') {
    return { group, version, namespace: '', resource, name: namespace, subresource: rest[2] ?? '' };
  }
  return { group, version, namespace, resource, name, subresource };
}
