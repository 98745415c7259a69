// The Job controller (pkg/controller/job/job_controller.go): keeps min(parallelism, remaining completions) pods
// running, counts Succeeded pods, and when enough have succeeded sets completionTime and the SuccessCriteriaMet and
// Complete conditions (the order kube 1.31+ uses), so `kubectl wait --for=condition=complete` returns.
import type { KubeObject } from '../../common/object.js';
import { deepEqual } from '../objects/deep-equal.js';
import { nowTimestamp } from '../objects/names.js';
import { allKeys, CONTROLLER_MANAGER, ownedBy, ownerKeys, selfKey, startController, type ClusterContext } from './cluster-context.js';
import { arr, isPodActive, isPodReady, num, podPhase, rec, splitKey, type Json } from './object-fields.js';
import { createPodFromTemplate } from './pod-factory.js';

const SOURCE = { component: 'job-controller' };

function finished(job: KubeObject): boolean {
  return arr(rec(job.status).conditions).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export function startJobController(ctx: ClusterContext): () => void {
  const { types, svc, recorder } = ctx;

  const reconcile = (key: string): undefined => {
    const { namespace, name } = splitKey(key);
    const job = svc.find(types.jobs, namespace, name);
    if (!job || job.metadata.deletionTimestamp || finished(job)) return undefined;
    const spec = rec(job.spec);
    const pods = ownedBy(ctx, types.pods, job);
    const succeeded = pods.filter((p) => podPhase(p) === 'Succeeded').length;
    const failed = pods.filter((p) => podPhase(p) === 'Failed').length;
    let active = pods.filter(isPodActive);
    const parallelism = num(spec.parallelism, 1);
    const completions = typeof spec.completions === 'number' ? spec.completions : undefined;
    const done = completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
    const wantActive = spec.suspend === true || done ? 0
      : completions !== undefined ? Math.min(parallelism, completions - succeeded) : succeeded > 0 ? 0 : parallelism;
    for (let i = active.length; i < wantActive; i++) {
      const pod = createPodFromTemplate(ctx, job, spec.template, `${name}-`);
      recorder.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name ?? ''}`, SOURCE);
    }
    if (active.length > wantActive && !done) {
      for (const pod of active.slice(wantActive)) {
        svc.delete(types.pods, namespace, pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid } });
        recorder.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name ?? ''}`, SOURCE);
      }
    }
    active = ownedBy(ctx, types.pods, job).filter(isPodActive);
    const old = rec(job.status);
    const now = nowTimestamp();
    const status: Json = {
      startTime: old.startTime ?? now,
      ready: active.filter(isPodReady).length,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
    if (active.length) status.active = active.length;
    if (succeeded) status.succeeded = succeeded;
    if (failed) status.failed = failed;
    if (done) {
      status.completionTime = now;
      const cond = (type: string): Json => ({
        type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods',
      });
      status.conditions = [...arr(old.conditions), cond('SuccessCriteriaMet'), cond('Complete')];
    } else if (old.conditions !== undefined) {
      status.conditions = old.conditions;
    }
    if (!deepEqual(old, status)) {
      svc.mutate(types.jobs, namespace, name, 'status', { fieldManager: CONTROLLER_MANAGER }, (cur) => {
        cur.status = status;
        return cur;
      });
    }
    if (done) recorder.record(job, 'Normal', 'Completed', 'Job completed', SOURCE);
    return undefined;
  };

  const c = startController(ctx, 'job-controller', [
    { type: types.jobs, keys: selfKey },
    { type: types.pods, keys: (ev) => ownerKeys(ev, 'Job') },
  ], reconcile, allKeys(ctx, types.jobs));
  return c.stop;
}
