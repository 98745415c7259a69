// The statuses the fake kubelet writes, in the kubelet's own shapes (pkg/kubelet/status, kubelet_pods.go): a started
// pod (Running, Ready, an IP, one running status per container, init containers Completed) and a finished one
// (Succeeded, containers terminated with exit code 0). Mirrors the built-in simulation's kubelet
// (src/apiserver/simulation/kubelet.ts); its shapes are kept field for field so both engines look alike to clients.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../../common/object.js';
import { qosClass } from '../../../apiserver/simulation/kubelet.js';
import { arr, conditionOf, rec, str, type Json } from '../../../apiserver/simulation/object-fields.js';

/** A stable fake digest per image reference, as a runtime reports the digest it pulled. */
export function imageId(image: string): string {
  return `${image.split(':')[0] ?? ''}@sha256:${createHash('sha256').update(image).digest('hex')}`;
}

/** containerd's 64-hex container id, derived from the pod uid and the container's index. */
export function containerId(uid: string, index: number): string {
  return `containerd://${`${uid.replace(/-/g, '')}${index.toString(16)}`.padEnd(64, '0').slice(0, 64)}`;
}

function condition(type: string, status: string, now: string, reason?: string): Json {
  return { type, status, lastProbeTime: null, lastTransitionTime: now, ...(reason ? { reason } : {}) };
}

/** Keeps the scheduler's PodScheduled condition (its transition time is when the pod was bound). */
function scheduled(status: Json, now: string): Json {
  return conditionOf(status, 'PodScheduled') ?? condition('PodScheduled', 'True', now);
}

/** Init containers with restartPolicy Always are sidecars (KEP-753): they keep running next to the main ones. */
function isSidecar(c: Json): boolean {
  return c.restartPolicy === 'Always';
}

export interface StartedPod {
  hostIp: string;
  podIp: string;
  /** The time of the start (RFC 3339, whole seconds). */
  now: string;
}

/** status of `pod` once its containers run: Running and Ready. */
export function runningStatus(pod: KubeObject, s: StartedPod): Json {
  const old = rec(pod.status);
  const spec = rec(pod.spec);
  const containers = arr(spec.containers);
  const inits = arr(spec.initContainers);
  const uid = pod.metadata.uid ?? '';
  const base = (c: Json, id: number): Json => ({
    name: c.name, image: c.image, imageID: imageId(str(c.image)), containerID: containerId(uid, id), restartCount: 0, lastState: {},
  });
  const running = (c: Json, id: number): Json => ({ ...base(c, id), ready: true, started: true, state: { running: { startedAt: s.now } } });
  const completed = (c: Json, id: number): Json => ({
    ...base(c, id), ready: true, started: false,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: s.now, finishedAt: s.now, containerID: containerId(uid, id) } },
  });
  const status: Json = {
    ...old,
    phase: 'Running',
    conditions: [
      condition('PodReadyToStartContainers', 'True', s.now), condition('Initialized', 'True', s.now),
      condition('Ready', 'True', s.now), condition('ContainersReady', 'True', s.now), scheduled(old, s.now),
    ],
    hostIP: s.hostIp, hostIPs: [{ ip: s.hostIp }], podIP: s.podIp, podIPs: [{ ip: s.podIp }], startTime: s.now,
    containerStatuses: containers.map((c, i) => running(c, i)),
    // kube-apiserver sets qosClass on create and rejects a change; compute it only where nothing set it.
    qosClass: str(old.qosClass) || qosClass(containers),
  };
  if (inits.length) status.initContainerStatuses = inits.map((c, i) => (isSidecar(c) ? running(c, 100 + i) : completed(c, 100 + i)));
  return status;
}

/** status of a running pod whose containers all exited 0: Succeeded, no longer Ready. */
export function succeededStatus(pod: KubeObject, now: string): Json {
  const old = rec(pod.status);
  const terminate = (c: Json): Json => {
    const state = rec(c.state);
    if (state.terminated) return c;
    return {
      ...c, ready: false, started: false,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: str(rec(state.running).startedAt) || now, finishedAt: now, containerID: c.containerID } },
    };
  };
  const status: Json = {
    ...old,
    phase: 'Succeeded',
    conditions: [
      condition('PodReadyToStartContainers', 'False', now), condition('Initialized', 'True', now, 'PodCompleted'),
      condition('Ready', 'False', now, 'PodCompleted'), condition('ContainersReady', 'False', now, 'PodCompleted'), scheduled(old, now),
    ],
    containerStatuses: arr(old.containerStatuses).map(terminate),
  };
  if (old.initContainerStatuses) status.initContainerStatuses = arr(old.initContainerStatuses).map(terminate);
  return status;
}
