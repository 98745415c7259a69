// Opaque list continuation tokens (base64 JSON, as kube-apiserver's storage continue keys): the list's
// resourceVersion and the last key returned.
import { badRequest } from '../http/api-error.js';

export interface ContinuePoint {
  rv: number;
  namespace: string;
  name: string;
}

export function encodeContinue(p: ContinuePoint): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: p.rv, ns: p.namespace, start: p.name })).toString('base64url');
}

export function decodeContinue(token: string): ContinuePoint {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: unknown; rv?: unknown; ns?: unknown; start?: unknown };
    if (v.v === 'meta.k8s.io/v1' && typeof v.rv === 'number' && typeof v.ns === 'string' && typeof v.start === 'string') {
      return { rv: v.rv, namespace: v.ns, name: v.start };
    }
  } catch {
    // falls through to the error below
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}
