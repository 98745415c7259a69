// Which pods are the fake kubelet's and what each one needs next. A kubelet owns the pods bound to its node; it
// starts a Pending one, lets a pod that never restarts (restartPolicy Never/OnFailure, a Job's) finish, and once a
// gracefully deleted pod's containers are stopped makes the final grace-0 delete (pkg/kubelet/status
// status_manager.go). A deleted pod with deletionGracePeriodSeconds 0 is left alone: kube-apiserver already removed
// it unless finalizers hold it, and then whoever removes the last finalizer finishes the deletion.
import type { KubeObject } from '../../../common/object.js';
import { podPhase, rec, str } from '../../../apiserver/simulation/object-fields.js';

export type PodNeed =
  /** Not bound to one of our nodes. */
  | 'ignore'
  | 'start'
  | 'complete'
  /** Make the final delete of a pod being deleted gracefully. */
  | 'finish-deletion'
  | 'nothing';

export function restartsAlways(pod: KubeObject): boolean {
  return (str(rec(pod.spec).restartPolicy) || 'Always') === 'Always';
}

export function podNodeName(pod: KubeObject): string {
  return str(rec(pod.spec).nodeName);
}

export function podNeeds(pod: KubeObject, ourNodes: ReadonlySet<string>): PodNeed {
  if (!ourNodes.has(podNodeName(pod))) return 'ignore';
  if (pod.metadata.deletionTimestamp) return (pod.metadata.deletionGracePeriodSeconds ?? 0) > 0 ? 'finish-deletion' : 'nothing';
  const phase = podPhase(pod);
  if (phase === 'Pending') return 'start';
  if (phase === 'Running' && !restartsAlways(pod)) return 'complete';
  return 'nothing';
}

/** A delay of `meanMs` ±50 %, so a rollout's pods start spread out rather than all in one instant. */
export function jittered(meanMs: number, random: () => number = Math.random): number {
  return Math.round(meanMs * (0.5 + random()));
}

/**
 * When a gracefully deleted pod's containers have stopped (ms since epoch): about podStartMs after we first saw the
 * deletion, never later than its deletionTimestamp (a DELETE that shortened the grace period moves that in); at
 * once for a pod that has no running containers left.
 */
export function deletionDueAt(pod: KubeObject, firstSeenDueAt: number, now: number): number {
  const phase = podPhase(pod);
  if (phase === 'Succeeded' || phase === 'Failed') return now;
  const deadline = Date.parse(pod.metadata.deletionTimestamp ?? '');
  return Number.isFinite(deadline) ? Math.min(firstSeenDueAt, deadline) : firstSeenDueAt;
}

/**
 * When a running pod that never restarts finishes: podCompletionMs after we started it or, for one started before
 * this process ran, after its status.startTime (whole seconds, all that survives a restart).
 */
export function completionDueAt(pod: KubeObject, startedAt: number | undefined, completionMs: number, now: number): number {
  const since = startedAt ?? Date.parse(str(rec(pod.status).startTime));
  return Number.isFinite(since) ? since + completionMs : now;
}
