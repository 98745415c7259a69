// The scheduler (kube-scheduler's default profile, reduced to what a simulated cluster needs): binds each Pending,
// unassigned Pod whose schedulerName is default-scheduler to a node with room (scheduling.ts), sets PodScheduled,
// and records Scheduled / FailedScheduling Events. Pods that do not fit wait in an unschedulable set and are
// retried when a pod leaves a node or a node changes (the scheduler's move-on-cluster-event), not on a timer.
import type { KubeObject } from '../../common/object.js';
import { cloneJson } from '../objects/deep-equal.js';
import { allKeys, type ClusterContext, startController } from './cluster-context.js';
import { conditionOf, keyOf, rec, splitKey, str, strMap, withCondition } from './object-fields.js';
import { schedule, type NodeView } from './scheduling.js';

const SOURCE = { component: 'default-scheduler' };
const SCHEDULER_NAME = 'default-scheduler';

function occupiesNode(pod: KubeObject): boolean {
  const phase = str(rec(pod.status).phase);
  return !!rec(pod.spec).nodeName && phase !== 'Succeeded' && phase !== 'Failed';
}

function wantsScheduling(pod: KubeObject): boolean {
  const spec = rec(pod.spec);
  return !spec.nodeName && !pod.metadata.deletionTimestamp && (spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME &&
    str(rec(pod.status).phase || 'Pending') === 'Pending';
}

export function startScheduler(ctx: ClusterContext): () => void {
  const { types, svc, recorder } = ctx;
  const store = svc.store;
  /** pod key → node, for pods that count against a node's capacity. */
  const placed = new Map<string, string>();
  const perNode = new Map<string, number>();
  const unschedulable = new Set<string>();

  const track = (key: string, pod: KubeObject | undefined): void => {
    const before = placed.get(key);
    const after = pod && occupiesNode(pod) ? str(rec(pod.spec).nodeName) : undefined;
    if (before === after) return;
    if (before !== undefined) {
      perNode.set(before, (perNode.get(before) ?? 1) - 1);
      placed.delete(key);
    }
    if (after !== undefined) {
      perNode.set(after, (perNode.get(after) ?? 0) + 1);
      placed.set(key, after);
    }
  };

  const nodeViews = (): NodeView[] => {
    const out: NodeView[] = [];
    for (const n of store.list(types.nodes.storageKey)) {
      const name = n.metadata.name ?? '';
      out.push({
        name,
        labels: n.metadata.labels ?? {},
        ready: conditionOf(n.status, 'Ready')?.status === 'True',
        unschedulable: rec(n.spec).unschedulable === true,
        allocatablePods: Number(str(rec(rec(n.status).allocatable).pods)) || 0,
        podCount: perNode.get(name) ?? 0,
      });
    }
    return out;
  };

  const reconcile = (key: string): undefined => {
    const { namespace, name } = splitKey(key);
    const pod = svc.find(types.pods, namespace, name);
    if (!pod || !wantsScheduling(pod)) {
      unschedulable.delete(key);
      return undefined;
    }
    const result = schedule(nodeViews(), strMap(rec(pod.spec).nodeSelector));
    if ('node' in result) {
      unschedulable.delete(key);
      // kube-apiserver's pods/binding storage (pkg/registry/core/pod/storage BindingREST.assignPod) sets
      // spec.nodeName and the PodScheduled condition in one storage update, without pod admission or a
      // managedFields entry; so do we, which also halves the writes per scheduled pod.
      const next = cloneJson(pod);
      rec(next.spec).nodeName = result.node;
      const status = rec(next.status);
      status.conditions = withCondition(status.conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null });
      next.status = status;
      const bound = store.update(types.pods.storageKey, next, pod);
      track(key, bound);
      recorder.record(bound, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${result.node}`, SOURCE);
      return undefined;
    }
    unschedulable.add(key);
    const current = conditionOf(pod.status, 'PodScheduled');
    if (current?.status === 'False' && current.message === result.message) return undefined;
    svc.mutate(types.pods, namespace, name, 'status', { fieldManager: SCHEDULER_NAME }, (cur) => {
      const status = rec(cur.status);
      status.phase = 'Pending';
      status.conditions = withCondition(status.conditions, {
        type: 'PodScheduled', status: 'False', lastProbeTime: null, reason: 'Unschedulable', message: result.message,
      });
      cur.status = status;
      return cur;
    });
    recorder.record(pod, 'Warning', 'FailedScheduling', result.message, SOURCE);
    return undefined;
  };

  const retryUnschedulable = (): string[] => [...unschedulable];

  for (const p of store.list(types.pods.storageKey)) track(keyOf(p), p);
  const c = startController(ctx, 'scheduler', [
    {
      type: types.pods,
      keys: (ev) => {
        const key = keyOf(ev.object);
        const wasPlaced = placed.has(key);
        track(key, ev.type === 'DELETED' ? undefined : ev.object);
        const freed = wasPlaced && !placed.has(key);
        const keys = ev.type !== 'DELETED' && wantsScheduling(ev.object) && !unschedulable.has(key) ? [key] : [];
        return freed ? [...keys, ...retryUnschedulable()] : keys;
      },
    },
    { type: types.nodes, keys: retryUnschedulable },
  ], reconcile, allKeys(ctx, types.pods));
  return c.stop;
}
