// The scheduler's decision for one Pod, as pure logic: filter nodes (Ready, schedulable, nodeSelector, pod count
// within allocatable pods), score the rest by fewest pods (NodeResourcesFit's LeastAllocated, counted in pods), and
// on failure build kube-scheduler's FitError message (pkg/scheduler/framework/types.go FitError.Error, plugin
// reasons from nodeaffinity, noderesources and nodeunschedulable).

export interface NodeView {
  name: string;
  labels: Record<string, string>;
  ready: boolean;
  unschedulable: boolean;
  allocatablePods: number;
  podCount: number;
}

export type ScheduleResult = { node: string } | { message: string };

const REASON_SELECTOR = "node(s) didn't match Pod's node affinity/selector";
const REASON_TOO_MANY_PODS = 'Too many pods';
const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const REASON_NOT_READY = 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }';
/** ErrNoNodesAvailable. */
export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';

function filterReason(n: NodeView, nodeSelector: Record<string, string>): string | undefined {
  if (!n.ready) return REASON_NOT_READY;
  if (n.unschedulable) return REASON_UNSCHEDULABLE;
  for (const [k, v] of Object.entries(nodeSelector)) if (n.labels[k] !== v) return REASON_SELECTOR;
  if (n.podCount + 1 > n.allocatablePods) return REASON_TOO_MANY_PODS;
  return undefined;
}

/** "3 Too many pods, 1 node(s) ..." sorted as kube-scheduler sorts its reason strings. */
function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, c]) => `${c} ${r}`).sort().join(', ');
}

export function schedule(nodes: NodeView[], nodeSelector: Record<string, string>): ScheduleResult {
  if (nodes.length === 0) return { message: NO_NODES_MESSAGE };
  let best: NodeView | undefined;
  const reasons: string[] = [];
  for (const n of nodes) {
    const why = filterReason(n, nodeSelector);
    if (why) {
      reasons.push(why);
      continue;
    }
    if (!best || n.podCount < best.podCount || (n.podCount === best.podCount && n.name < best.name)) best = n;
  }
  if (best) return { node: best.name };
  // Preemption can only help where evicting pods would free room (capacity); elsewhere it is "not helpful".
  const preemption = reasons.map((r) => (r === REASON_TOO_MANY_PODS ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling'));
  return {
    message: `0/${nodes.length} nodes are available: ${histogram(reasons)}. preemption: 0/${nodes.length} nodes are available: ${histogram(preemption)}.`,
  };
}
