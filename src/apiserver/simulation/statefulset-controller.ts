// The StatefulSet controller (pkg/controller/statefulset): pods "<name>-<ordinal>" with stable hostnames, created in
// ordinal order, each only once its predecessors are Running and Ready (OrderedReady; Parallel creates them all),
// removed from the highest ordinal down, and rolled (RollingUpdate, honouring partition) highest ordinal first.
// Revisions are "<name>-<template hash>" in the controller-revision-hash label, as kube's ControllerRevisions name them.
import type { KubeObject } from '../../common/object.js';
import { deepEqual } from '../objects/deep-equal.js';
import { allKeys, CONTROLLER_MANAGER, ownedBy, ownerKeys, selfKey, startController, type ClusterContext } from './cluster-context.js';
import { isPodActive, isPodReady, num, rec, splitKey, str, type Json } from './object-fields.js';
import { createPodFromTemplate } from './pod-factory.js';
import { podTemplateHash } from './pod-template-hash.js';

const SOURCE = { component: 'statefulset-controller' };
export const REVISION_LABEL = 'controller-revision-hash';

function ordinalOf(setName: string, pod: KubeObject): number {
  const name = pod.metadata.name ?? '';
  const m = /^(\d+)$/.exec(name.slice(setName.length + 1));
  return name.startsWith(`${setName}-`) && m ? Number(m[1]) : -1;
}

export function startStatefulSetController(ctx: ClusterContext): () => void {
  const { types, svc, recorder } = ctx;

  const reconcile = (key: string): undefined => {
    const { namespace, name } = splitKey(key);
    const set = svc.find(types.statefulsets, namespace, name);
    if (!set || set.metadata.deletionTimestamp) return undefined;
    const spec = rec(set.spec);
    const replicas = num(spec.replicas, 1);
    const parallel = spec.podManagementPolicy === 'Parallel';
    const updateRevision = `${name}-${podTemplateHash(spec.template)}`;
    const byOrdinal = new Map<number, KubeObject>();
    for (const p of ownedBy(ctx, types.pods, set)) {
      const i = ordinalOf(name, p);
      if (i >= 0) byOrdinal.set(i, p);
    }
    const healthy = (p: KubeObject | undefined): boolean => !!p && isPodActive(p) && isPodReady(p);
    const deletePod = (p: KubeObject): void => {
      svc.delete(types.pods, namespace, p.metadata.name ?? '', { preconditions: { uid: p.metadata.uid } });
      recorder.record(set, 'Normal', 'SuccessfulDelete', `delete Pod ${p.metadata.name ?? ''} in StatefulSet ${name} successful`, SOURCE);
    };
    let blocked = false;
    for (let i = 0; i < replicas && !blocked; i++) {
      const pod = byOrdinal.get(i);
      if (pod && !isPodActive(pod) && !pod.metadata.deletionTimestamp) {
        // A terminal pod is replaced (the controller deletes and recreates failed/succeeded members).
        deletePod(pod);
        byOrdinal.delete(i);
        blocked = !parallel;
        continue;
      }
      if (!pod) {
        const podName = `${name}-${i}`;
        const created = createPodFromTemplate(ctx, set, spec.template, '', {
          name: podName,
          labels: { [REVISION_LABEL]: updateRevision, 'statefulset.kubernetes.io/pod-name': podName, 'apps.kubernetes.io/pod-index': String(i) },
          hostname: podName,
          subdomain: str(spec.serviceName) || undefined,
        });
        byOrdinal.set(i, created);
        recorder.record(set, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${name} successful`, SOURCE);
        if (!parallel) blocked = true;
        continue;
      }
      if (!parallel && !healthy(pod)) blocked = true;
    }
    const condemned = [...byOrdinal.entries()].filter(([i]) => i >= replicas).sort((a, b) => b[0] - a[0]);
    for (const [i, p] of parallel ? condemned : condemned.slice(0, 1)) {
      if (!parallel && [...byOrdinal.entries()].some(([j, q]) => j < replicas && !healthy(q))) break;
      deletePod(p);
      byOrdinal.delete(i);
    }
    const strategy = rec(spec.updateStrategy);
    if ((strategy.type ?? 'RollingUpdate') === 'RollingUpdate' && !blocked && condemned.length === 0) {
      const partition = num(rec(strategy.rollingUpdate).partition, 0);
      const members = [...byOrdinal.entries()].filter(([i]) => i < replicas);
      const allHealthy = members.length === replicas && members.every(([, p]) => healthy(p));
      const stale = members.filter(([i, p]) => i >= partition && p.metadata.labels?.[REVISION_LABEL] !== updateRevision).sort((a, b) => b[0] - a[0]);
      const victim = stale[0];
      if (allHealthy && victim) {
        deletePod(victim[1]);
        byOrdinal.delete(victim[0]);
      }
    }
    const pods = [...byOrdinal.values()].filter(isPodActive);
    const old = rec(set.status);
    const updated = pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === updateRevision).length;
    const currentRevision = updated === replicas && pods.length === replicas ? updateRevision : str(old.currentRevision) || updateRevision;
    const status: Json = {
      observedGeneration: set.metadata.generation ?? 1,
      replicas: pods.length,
      readyReplicas: pods.filter(isPodReady).length,
      currentReplicas: pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentRevision).length,
      updatedReplicas: updated,
      availableReplicas: pods.filter(isPodReady).length,
      currentRevision,
      updateRevision,
      collisionCount: 0,
    };
    if (!deepEqual(old, status)) {
      svc.mutate(types.statefulsets, namespace, name, 'status', { fieldManager: CONTROLLER_MANAGER }, (cur) => {
        cur.status = status;
        return cur;
      });
    }
    return undefined;
  };

  const c = startController(ctx, 'statefulset-controller', [
    { type: types.statefulsets, keys: selfKey },
    { type: types.pods, keys: (ev) => ownerKeys(ev, 'StatefulSet') },
  ], reconcile, allKeys(ctx, types.statefulsets));
  return c.stop;
}
