// The attributes an authorizer decides on, derived from a request the way kube-apiserver's RequestInfoFactory does
// (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go): verb from the HTTP method (list/watch/deletecollection
// for collections), group, resource, subresource, namespace and name for /api and /apis resource paths, and the
// raw path for everything else (discovery, /version, /healthz, /openapi/...).
import { parseResourcePath } from '../http/request-info.js';

export interface ResourceAttributes {
  kind: 'resource';
  verb: string;
  group: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

export interface NonResourceAttributes {
  kind: 'nonResource';
  verb: string;
  path: string;
}

export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

/** `path` without a trailing slash; `query` the request's search parameters. */
export function requestAttributes(method: string, path: string, query: URLSearchParams): RequestAttributes {
  const segments = path.split('/').filter((s) => s !== '').map(decodeURIComponent);
  const rr = parseResourcePath(segments);
  if (!rr) return { kind: 'nonResource', verb: method.toLowerCase(), path };
  let name = rr.name;
  // GET /api/v1/namespaces/x is in namespace x (requestinfo.go reads the namespace before the resource).
  const namespace = rr.resource === 'namespaces' && rr.name ? rr.name : rr.namespace;
  let verb: string;
  switch (method) {
    case 'GET':
    case 'HEAD': {
      if (name) {
        verb = 'get';
        break;
      }
      const watch = query.get('watch');
      verb = watch === 'true' || watch === '1' ? 'watch' : 'list';
      // A list or watch of one object by field selector counts as a request for that name, so resourceNames rules
      // can grant `kubectl get x -w` (requestinfo.go, "if there's no name on the request and we thought it was a list").
      const byName = /(?:^|,)metadata\.name==?([^,]+)(?:,|$)/.exec(query.get('fieldSelector') ?? '');
      if (byName) name = byName[1] as string;
      break;
    }
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
    default:
      verb = method.toLowerCase();
  }
  return { kind: 'resource', verb, group: rr.group, resource: rr.resource, subresource: rr.subresource, namespace, name };
}
