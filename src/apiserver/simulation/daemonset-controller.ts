// The DaemonSet controller (pkg/controller/daemon): one pod per eligible node (Ready, matching the template's
// nodeSelector), bound directly to that node, surplus and misplaced pods removed, and template changes rolled
// node by node within maxUnavailable (default 1). Node changes requeue every DaemonSet.
import type { KubeObject } from '../../common/object.js';
import { deepEqual } from '../objects/deep-equal.js';
import { allKeys, CONTROLLER_MANAGER, ownedBy, ownerKeys, selfKey, startController, type ClusterContext } from './cluster-context.js';
import { conditionOf, isPodActive, isPodReady, rec, splitKey, str, strMap, type Json } from './object-fields.js';
import { createPodFromTemplate } from './pod-factory.js';
import { podTemplateHash } from './pod-template-hash.js';
import { scaledValue, type IntOrPercent } from './rolling-update.js';

const SOURCE = { component: 'daemonset-controller' };
const REVISION_LABEL = 'controller-revision-hash';

export function startDaemonSetController(ctx: ClusterContext): () => void {
  const { types, svc, recorder } = ctx;

  const reconcile = (key: string): undefined => {
    const { namespace, name } = splitKey(key);
    const ds = svc.find(types.daemonsets, namespace, name);
    if (!ds || ds.metadata.deletionTimestamp) return undefined;
    const spec = rec(ds.spec);
    const template = rec(spec.template);
    const selector = strMap(rec(template.spec).nodeSelector);
    const hash = podTemplateHash(template);
    const nodes = [...svc.store.list(types.nodes.storageKey)].filter((n) =>
      conditionOf(n.status, 'Ready')?.status === 'True' && Object.entries(selector).every(([k, v]) => n.metadata.labels?.[k] === v));
    const eligible = new Set(nodes.map((n) => n.metadata.name ?? ''));
    const byNode = new Map<string, KubeObject[]>();
    const deletePod = (p: KubeObject): void => {
      svc.delete(types.pods, namespace, p.metadata.name ?? '', { preconditions: { uid: p.metadata.uid } });
      recorder.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name ?? ''}`, SOURCE);
    };
    for (const p of ownedBy(ctx, types.pods, ds).filter(isPodActive)) {
      const node = str(rec(p.spec).nodeName);
      if (!eligible.has(node)) {
        deletePod(p);
        continue;
      }
      byNode.set(node, [...(byNode.get(node) ?? []), p]);
    }
    for (const node of eligible) {
      const pods = byNode.get(node) ?? [];
      for (const extra of pods.slice(1)) deletePod(extra);
      if (pods.length === 0) {
        const pod = createPodFromTemplate(ctx, ds, template, `${name}-`, {
          nodeName: node, labels: { [REVISION_LABEL]: hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
        });
        byNode.set(node, [pod]);
        recorder.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name ?? ''}`, SOURCE);
      } else {
        byNode.set(node, pods.slice(0, 1));
      }
    }
    const strategy = rec(spec.updateStrategy);
    if ((strategy.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const maxUnavailable = Math.max(1, scaledValue(rec(strategy.rollingUpdate).maxUnavailable as IntOrPercent ?? 1, eligible.size, true));
      let unavailable = [...byNode.values()].filter((ps) => !ps[0] || !isPodReady(ps[0])).length;
      for (const [node, ps] of byNode) {
        const p = ps[0];
        if (!p || p.metadata.labels?.[REVISION_LABEL] === hash || unavailable >= maxUnavailable) continue;
        deletePod(p);
        byNode.set(node, []);
        if (isPodReady(p)) unavailable++;
      }
    }
    const pods = [...byNode.values()].flat();
    const ready = pods.filter(isPodReady).length;
    const status: Json = {
      observedGeneration: ds.metadata.generation ?? 1,
      desiredNumberScheduled: eligible.size,
      currentNumberScheduled: pods.length,
      numberMisscheduled: 0,
      numberReady: ready,
      numberAvailable: ready,
      updatedNumberScheduled: pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === hash).length,
    };
    if (eligible.size - ready > 0) status.numberUnavailable = eligible.size - ready;
    for (const k of ['numberAvailable', 'updatedNumberScheduled']) if (status[k] === 0) delete status[k];
    const old = rec(ds.status);
    if (!deepEqual(old, status)) {
      svc.mutate(types.daemonsets, namespace, name, 'status', { fieldManager: CONTROLLER_MANAGER }, (cur) => {
        cur.status = status;
        return cur;
      });
    }
    return undefined;
  };

  const all = allKeys(ctx, types.daemonsets);
  const c = startController(ctx, 'daemonset-controller', [
    { type: types.daemonsets, keys: selfKey },
    { type: types.pods, keys: (ev) => ownerKeys(ev, 'DaemonSet') },
    { type: types.nodes, keys: () => all() },
  ], reconcile, all);
  return c.stop;
}

