// Status writes through the /status subresource with optimistic concurrency, as every controller and the kubelet
// make them: PUT the object as last read (its resourceVersion included); on 409 Conflict read it again and recompute,
// since the status we meant to write may no longer apply (another writer, or our own earlier write, got there first).
import type { KubeObject } from '../../../common/object.js';
import { deepEqual } from '../../../apiserver/objects/deep-equal.js';
import type { Json } from '../../../apiserver/simulation/object-fields.js';
import { isApiError, type RestClient } from './rest-client.js';
import { objectPath, type Resource } from './resources.js';

/** Conflicts in a row before giving up (the work queue retries later with backoff). */
const MAX_CONFLICTS = 5;

/**
 * Writes `statusFor(current)` as the status of `current`, re-reading on conflict. `statusFor` returns undefined when
 * nothing needs writing any more; an object re-created under the same name is left alone. Returns the written object, or undefined when nothing was written or the object
 * is gone.
 */
export async function writeStatus(client: RestClient, r: Resource, current: KubeObject,
  statusFor: (o: KubeObject) => Json | undefined): Promise<KubeObject | undefined> {
  const path = objectPath(r, current.metadata.namespace ?? '', current.metadata.name ?? '');
  let cur = current;
  for (let attempt = 1; ; attempt++) {
    const status = statusFor(cur);
    if (status === undefined || deepEqual(status, cur.status)) return undefined;
    try {
      return (await client.json('PUT', `${path}/status`, { body: { ...cur, status } })) as KubeObject;
    } catch (e) {
      if (isApiError(e, 404)) return undefined;
      if (!isApiError(e, 409) || attempt >= MAX_CONFLICTS) throw e;
    }
    try {
      cur = (await client.json('GET', path)) as KubeObject;
      // Same name, new object (a StatefulSet's replacement pod): not the one this status was for.
      if (cur.metadata.uid !== current.metadata.uid) return undefined;
    } catch (e) {
      if (isApiError(e, 404)) return undefined;
      throw e;
    }
  }
}
