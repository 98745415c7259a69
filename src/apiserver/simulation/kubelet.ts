// The simulated kubelets of every node (kwok's model: no containers, only status): a Pod bound to a node starts
// after podStartMs (±50 %), becoming Running and Ready with container statuses, IPs and start time; a Pod that does
// not restart (restartPolicy Never/OnFailure, a Job's) Succeeds podCompletionMs later. Condition types and reasons
// are the kubelet's (pkg/kubelet/status). The kubelet's optional Pulled/Created/Started Events are left out: they
// would triple the writes per pod, and a 100-replica rollout is meant to be fast. A Pod being deleted gracefully
// (deletionTimestamp set, deletionGracePeriodSeconds > 0) has no process to wait for: its kubelet makes the final
// grace-0 delete after about podStartMs (never later than the grace period), so `kubectl delete pod` returns fast.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../common/object.js';
import { nowTimestamp } from '../objects/names.js';
import { type ClusterContext, startController } from './cluster-context.js';
import { arr, conditionOf, keyOf, rec, splitKey, str, type Json } from './object-fields.js';

const imageDigests = new Map<string, string>();

/** A stable fake digest per image reference (cached: hashing per pod showed up in the 100-replica profile). */
function imageId(image: string): string {
  let id = imageDigests.get(image);
  if (!id) {
    id = `${image.split(':')[0] ?? ''}@sha256:${createHash('sha256').update(image).digest('hex')}`;
    imageDigests.set(image, id);
  }
  return id;
}

/** containerd's 64-hex container id, derived from the pod uid and container index. */
function containerId(uid: string, index: number): string {
  return `containerd://${`${uid.replace(/-/g, '')}${index.toString(16)}`.padEnd(64, '0').slice(0, 64)}`;
}

/** v1.PodQOSClass from the containers' requests and limits (pkg/apis/core/helper/qos). */
export function qosClass(containers: Json[]): string {
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const res = rec(c.resources);
    const req = rec(res.requests);
    const lim = rec(res.limits);
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function condition(type: string, status: string, now: string, reason?: string): Json {
  return { type, status, lastProbeTime: null, lastTransitionTime: now, ...(reason ? { reason } : {}) };
}

export function startKubelets(ctx: ClusterContext): () => void {
  const { types, svc, options } = ctx;
  /** When each pending bound pod starts (ms since epoch). */
  const startAt = new Map<string, number>();
  /** When each running pod that does not restart finishes. */
  const finishAt = new Map<string, number>();
  /** When each gracefully deleted pod's containers have stopped and the kubelet removes it. */
  const stopAt = new Map<string, number>();
  const ipCounters = new Map<string, number>();

  const podIp = (pod: KubeObject, node: KubeObject, hostIp: string): string => {
    if (rec(pod.spec).hostNetwork === true) return hostIp;
    const nodeName = node.metadata.name ?? '';
    const n = ipCounters.get(nodeName) ?? 0;
    ipCounters.set(nodeName, n + 1);
    const base = str(rec(node.spec).podCIDR).split('.').slice(0, 3).join('.') || '10.244.0';
    return `${base}.${(n % 253) + 2}`;
  };

  const run = (pod: KubeObject, node: KubeObject): void => {
    const now = nowTimestamp();
    const hostIp = str(arr(rec(node.status).addresses).find((a) => a.type === 'InternalIP')?.address);
    const ip = podIp(pod, node, hostIp);
    const spec = rec(pod.spec);
    const containers = arr(spec.containers);
    const uid = pod.metadata.uid ?? '';
    const containerStatus = (c: Json, i: number): Json => ({
      name: c.name, image: c.image, imageID: imageId(str(c.image)), containerID: containerId(uid, i), ready: true, started: true, restartCount: 0,
      state: { running: { startedAt: now } }, lastState: {},
    });
    const initStatus = (c: Json, i: number): Json => ({
      name: c.name, image: c.image, imageID: imageId(str(c.image)), containerID: containerId(uid, 100 + i), ready: true, started: false, restartCount: 0,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } }, lastState: {},
    });
    const { namespace, name } = { namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '' };
    svc.mutate(types.pods, namespace, name, 'status', { fieldManager: 'kubelet' }, (cur) => {
      const old = rec(cur.status);
      const scheduled = conditionOf(old, 'PodScheduled') ?? condition('PodScheduled', 'True', now);
      const inits = arr(spec.initContainers);
      const status: Json = {
        ...old,
        phase: 'Running',
        conditions: [
          condition('PodReadyToStartContainers', 'True', now), condition('Initialized', 'True', now),
          condition('Ready', 'True', now), condition('ContainersReady', 'True', now), scheduled,
        ],
        hostIP: hostIp, hostIPs: [{ ip: hostIp }], podIP: ip, podIPs: [{ ip }], startTime: now,
        containerStatuses: containers.map(containerStatus),
        qosClass: qosClass(containers),
      };
      if (inits.length) status.initContainerStatuses = inits.map(initStatus);
      cur.status = status;
      return cur;
    });
  };

  const complete = (pod: KubeObject): void => {
    const now = nowTimestamp();
    svc.mutate(types.pods, pod.metadata.namespace ?? '', pod.metadata.name ?? '', 'status', { fieldManager: 'kubelet' }, (cur) => {
      const old = rec(cur.status);
      const scheduled = conditionOf(old, 'PodScheduled') ?? condition('PodScheduled', 'True', now);
      cur.status = {
        ...old,
        phase: 'Succeeded',
        conditions: [
          condition('PodReadyToStartContainers', 'False', now), condition('Initialized', 'True', now, 'PodCompleted'),
          condition('Ready', 'False', now, 'PodCompleted'), condition('ContainersReady', 'False', now, 'PodCompleted'), scheduled,
        ],
        containerStatuses: arr(old.containerStatuses).map((c) => ({
          ...c, ready: false, started: false,
          state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: str(rec(rec(c.state).running).startedAt) || now, finishedAt: now, containerID: c.containerID } },
        })),
      };
      return cur;
    });
  };

  /** The kubelet's side of graceful deletion: once the (instantly stopping) containers are gone, delete with grace 0. */
  const terminate = (key: string, pod: KubeObject): number | undefined => {
    const grace = pod.metadata.deletionGracePeriodSeconds ?? 0;
    if (grace === 0) {
      // Grace 0 with the pod still here means finalizers hold it; whoever removes the last one deletes it.
      stopAt.delete(key);
      return undefined;
    }
    const now = Date.now();
    const latest = now + grace * 1000;
    let at = stopAt.get(key) ?? now + Math.round(options.podStartMs * (0.5 + Math.random()));
    // A DELETE that shortened the grace period moves the deadline in.
    at = Math.min(at, latest);
    stopAt.set(key, at);
    if (now < at) return at - now;
    stopAt.delete(key);
    const { namespace, name } = splitKey(key);
    svc.delete(types.pods, namespace, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    return undefined;
  };

  const reconcile = (key: string): number | undefined => {
    const { namespace, name } = splitKey(key);
    const pod = svc.find(types.pods, namespace, name);
    const nodeName = pod ? str(rec(pod.spec).nodeName) : '';
    if (!pod || !nodeName || pod.metadata.deletionTimestamp) {
      startAt.delete(key);
      finishAt.delete(key);
      return pod && nodeName ? terminate(key, pod) : undefined;
    }
    const node = svc.find(types.nodes, '', nodeName);
    if (!node) return undefined;
    const phase = str(rec(pod.status).phase) || 'Pending';
    const now = Date.now();
    if (phase === 'Pending') {
      let at = startAt.get(key);
      if (at === undefined) {
        at = now + Math.round(options.podStartMs * (0.5 + Math.random()));
        startAt.set(key, at);
      }
      if (now < at) return at - now;
      startAt.delete(key);
      run(pod, node);
      if ((rec(pod.spec).restartPolicy ?? 'Always') === 'Always') return undefined;
      finishAt.set(key, Date.now() + options.podCompletionMs);
      return options.podCompletionMs;
    }
    if (phase === 'Running' && (rec(pod.spec).restartPolicy ?? 'Always') !== 'Always') {
      // After a restart of the server only status.startTime (whole seconds) is left to time the run from.
      const at = finishAt.get(key) ?? Date.parse(str(rec(pod.status).startTime)) + options.podCompletionMs;
      if (Number.isFinite(at) && now < at) return at - now;
      finishAt.delete(key);
      complete(pod);
    }
    return undefined;
  };

  const c = startController(ctx, 'kubelet', [{
    type: types.pods,
    keys: (ev) => {
      const key = keyOf(ev.object);
      if (ev.type === 'DELETED') {
        startAt.delete(key);
        finishAt.delete(key);
        stopAt.delete(key);
        return [];
      }
      return rec(ev.object.spec).nodeName ? [key] : [];
    },
  }], reconcile, function* () {
    for (const p of svc.store.list(types.pods.storageKey)) if (rec(p.spec).nodeName) yield keyOf(p);
  });
  svc.gracefulPodDeletion = true;
  return () => {
    svc.gracefulPodDeletion = false;
    c.stop();
  };
}
