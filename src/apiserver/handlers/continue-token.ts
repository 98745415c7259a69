// Opaque list continuation tokens (base64 JSON, as kube-apiserver's storage continue keys): the list's
// resourceVersion and the last key returned. A token the server cannot use is a 400 with storage's reasons
// (k8s.io/apiserver/pkg/storage/continue.go), wrapped as the store wraps them ("invalid continue token: ...").
import { badRequest } from '../http/api-error.js';

export interface ContinuePoint {
  rv: number;
  namespace: string;
  name: string;
}

const VERSION = 'meta.k8s.io/v1';

export function encodeContinue(p: ContinuePoint): string {
  return Buffer.from(JSON.stringify({ v: VERSION, rv: p.rv, ns: p.namespace, start: p.name })).toString('base64url');
}

function invalidToken(why: string): Error {
  return badRequest(`invalid continue token: continue key is not valid${why ? `: ${why}` : ''}`);
}

export function decodeContinue(token: string): ContinuePoint {
  let v: { v?: unknown; rv?: unknown; ns?: unknown; start?: unknown };
  try {
    v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof v;
  } catch (e) {
    throw invalidToken(e instanceof Error ? e.message : String(e));
  }
  if (v === null || typeof v !== 'object') throw invalidToken('not an object');
  if (v.v !== VERSION) throw invalidToken(`server does not recognize this encoded version ${String(v.v ?? '')}`);
  if (typeof v.rv !== 'number' || v.rv === 0) throw invalidToken(`incorrect encoded start resourceVersion (version ${VERSION})`);
  if (typeof v.start !== 'string' || v.start === '') throw invalidToken(`encoded start key empty (version ${VERSION})`);
  return { rv: v.rv, namespace: typeof v.ns === 'string' ? v.ns : '', name: v.start };
}
