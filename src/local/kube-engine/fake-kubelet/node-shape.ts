// The fake nodes as a kubelet registers and heartbeats them: the built-in simulation's node shape
// (src/apiserver/simulation/nodes.ts) with this control plane's version and loopback addresses, a Ready condition
// whose lastHeartbeatTime moves on every status write while lastTransitionTime stays put, and the node's Lease in
// kube-node-lease (pkg/kubelet/nodelease: holder = node name, owned by the Node so it goes with it).
import type { KubeObject } from '../../../common/object.js';
import { nodeObject } from '../../../apiserver/simulation/nodes.js';
import { arr, rec, type Json } from '../../../apiserver/simulation/object-fields.js';
import { clusterIndex, type ResolvedSimulation } from '../../../apiserver/simulation/simulation-options.js';
import { nowTimestamp } from '../../../apiserver/objects/names.js';
import { nodeLoopbackIp, podRangeBase } from './addresses.js';

export const LEASE_NAMESPACE = 'kube-node-lease';
/** The kubelet's defaults: a 40 s lease renewed every 10 s (a quarter of it), so one lost renewal is harmless. */
export const LEASE_DURATION_SECONDS = 40;
export const LEASE_RENEW_MS = 10_000;
/**
 * How often the Ready condition's heartbeat is rewritten. kube-controller-manager's node lifecycle controller takes
 * a renewed Lease as the heartbeat, so this only keeps `kubectl describe node` looking alive; the kubelet writes
 * unchanged status every 5 min, once a minute here.
 */
export const NODE_STATUS_MS = 60_000;

/** Node i as this engine registers it (apiVersion and kind included: the body goes to POST /api/v1/nodes). */
export function fakeNode(sim: ResolvedSimulation, i: number, kubeletVersion: string): KubeObject {
  const index = clusterIndex(sim.clusterName);
  const body = nodeObject(sim, i, { kubeletVersion, internalIp: nodeLoopbackIp(index, i), podCidrBase: podRangeBase(index, i) });
  return { apiVersion: 'v1', kind: 'Node', ...body } as KubeObject;
}

/** The InternalIP a node reports. */
export function internalIpOf(node: KubeObject): string {
  const a = arr(rec(node.status).addresses).find((x) => x.type === 'InternalIP');
  return typeof a?.address === 'string' ? a.address : '';
}

/**
 * The status to write over `current`: ours (capacity, addresses, nodeInfo, conditions) on top of what others put
 * there, each condition's heartbeat set to `now` and its transition time kept while its status is unchanged.
 */
export function nodeStatus(current: KubeObject | undefined, desired: KubeObject, now: string = nowTimestamp()): Json {
  const old = rec(current?.status);
  const conditions = arr(rec(desired.status).conditions).map((c) => {
    const prev = arr(old.conditions).find((o) => o.type === c.type);
    const since = prev && prev.status === c.status && typeof prev.lastTransitionTime === 'string' ? prev.lastTransitionTime : now;
    return { ...c, lastHeartbeatTime: now, lastTransitionTime: since };
  });
  return { ...old, ...rec(desired.status), conditions };
}

/** metav1.MicroTime's wire form: RFC 3339 with exactly six fractional digits. */
export function microTime(d: Date = new Date()): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function leaseFor(node: KubeObject, now: Date = new Date()): KubeObject {
  const name = node.metadata.name ?? '';
  return {
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
    metadata: {
      name, namespace: LEASE_NAMESPACE,
      ownerReferences: node.metadata.uid ? [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid }] : [],
    },
    spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(now) },
  };
}

/** `lease` renewed at `now` by its node, keeping what else is in it (acquireTime, transitions). */
export function renewedLease(lease: KubeObject, node: KubeObject, now: Date = new Date()): KubeObject {
  const fresh = leaseFor(node, now);
  const owners = lease.metadata.ownerReferences?.length ? lease.metadata.ownerReferences : fresh.metadata.ownerReferences;
  return { ...lease, metadata: { ...lease.metadata, ownerReferences: owners }, spec: { ...rec(lease.spec), ...rec(fresh.spec) } };
}
