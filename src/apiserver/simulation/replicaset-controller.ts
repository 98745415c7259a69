// The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps spec.replicas active Pods, created
// from the template with a controller ownerReference, deleting surplus ones in kube's preference order, and
// reports replicas/fullyLabeledReplicas/readyReplicas/availableReplicas/observedGeneration. Pod changes requeue
// their controlling ReplicaSet.
import type { KubeObject } from '../../common/object.js';
import { deepEqual } from '../objects/deep-equal.js';
import {
  allKeys, CONTROLLER_MANAGER, ownedBy, ownerKeys, selfKey, startController, type ClusterContext,
} from './cluster-context.js';
import { isPodActive, isPodAvailable, isPodReady, num, podPhase, rec, splitKey, strMap, type Json } from './object-fields.js';
import { createPodFromTemplate } from './pod-factory.js';

const SOURCE = { component: 'replicaset-controller' };

/** controller.ActivePods ordering: the pods to delete first sort first. */
export function deletionOrder(a: KubeObject, b: KubeObject): number {
  const assigned = (p: KubeObject): number => (rec(p.spec).nodeName ? 1 : 0);
  const phaseRank = (p: KubeObject): number => ({ Pending: 0, Unknown: 1, Running: 2 } as Record<string, number>)[podPhase(p)] ?? 0;
  const ready = (p: KubeObject): number => (isPodReady(p) ? 1 : 0);
  return assigned(a) - assigned(b) || phaseRank(a) - phaseRank(b) || ready(a) - ready(b) ||
    // Newer pods go first.
    (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
    (b.metadata.name ?? '').localeCompare(a.metadata.name ?? '');
}

export function replicaSetStatus(rs: KubeObject, pods: KubeObject[], now = Date.now()): Json {
  const spec = rec(rs.spec);
  const minReady = num(spec.minReadySeconds, 0);
  const templateLabels = strMap(rec(rec(spec.template).metadata).labels);
  const fullyLabeled = pods.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v));
  return {
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled.length,
    readyReplicas: pods.filter(isPodReady).length,
    availableReplicas: pods.filter((p) => isPodAvailable(p, minReady, now)).length,
    observedGeneration: rs.metadata.generation ?? 1,
  };
}

export function startReplicaSetController(ctx: ClusterContext): () => void {
  const { types, svc, recorder } = ctx;

  const reconcile = (key: string): number | undefined => {
    const { namespace, name } = splitKey(key);
    const rs = svc.find(types.replicasets, namespace, name);
    if (!rs || rs.metadata.deletionTimestamp) return undefined;
    const spec = rec(rs.spec);
    const desired = num(spec.replicas, 1);
    let pods = ownedBy(ctx, types.pods, rs).filter(isPodActive);
    if (pods.length < desired) {
      for (let i = pods.length; i < desired; i++) {
        const pod = createPodFromTemplate(ctx, rs, spec.template, `${name}-`);
        recorder.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name ?? ''}`, SOURCE);
      }
    } else if (pods.length > desired) {
      for (const pod of [...pods].sort(deletionOrder).slice(0, pods.length - desired)) {
        svc.delete(types.pods, namespace, pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid } });
        recorder.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name ?? ''}`, SOURCE);
      }
    }
    pods = ownedBy(ctx, types.pods, rs).filter(isPodActive);
    const status = replicaSetStatus(rs, pods);
    const current = svc.find(types.replicasets, namespace, name);
    if (current && !deepEqual(rec(current.status), { ...rec(current.status), ...status })) {
      svc.mutate(types.replicasets, namespace, name, 'status', { fieldManager: CONTROLLER_MANAGER }, (cur) => {
        cur.status = { ...rec(cur.status), ...status };
        return cur;
      });
    }
    const minReady = num(spec.minReadySeconds, 0);
    // A ready pod becomes available minReadySeconds later without any event to wake us.
    if (minReady > 0 && status.readyReplicas !== status.availableReplicas) return minReady * 1000;
    return undefined;
  };

  const c = startController(ctx, 'replicaset-controller', [
    { type: types.replicasets, keys: selfKey },
    { type: types.pods, keys: (ev) => ownerKeys(ev, 'ReplicaSet') },
  ], reconcile, allKeys(ctx, types.replicasets));
  return c.stop;
}
