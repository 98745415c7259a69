// Where the fake nodes and pods live.
//   node i's InternalIP   127.18.<cluster index>.<i+2>: loopback, because kube-apiserver dials a node's address
//                         for `kubectl logs/exec` (nothing listens there, so those fail at once).
//   node i's pod range    10.244.<i>.0/24 (pods get .2–.254), the built-in engine's per-node pod CIDR. Pod IPs
//                         cannot be loopback: Endpoints and EndpointSlices may not hold loopback addresses
//                         (ValidateEndpointIP in k8s.io/kubernetes pkg/apis/core/validation), and without
//                         Endpoints neither Services nor the DNS feature work. They are data only: nothing routes
//                         them, and kube-apiserver's own dials to them (pods/proxy, services/proxy) go through the
//                         engine's egress guard, which refuses every non-loopback destination (egress-guard.ts).
// Node addresses stay apart from 127.0.0.1 (the API servers) and 127.100.x.x (the load-balancer ranges of
// simulation-options.ts).
import { nodePodCidrBase } from '../../../apiserver/simulation/nodes.js';
import { intToIp, ipToInt, RangeAllocator } from '../../../apiserver/simulation/ip-range.js';

/** Node i's last InternalIP octet is i+2 (.0 and .1 are never handed out), so 253 nodes fit one cluster. */
export const MAX_NODES = 253;

export function nodeLoopbackIp(clusterIndex: number, i: number): string {
  return `127.18.${clusterIndex % 256}.${i + 2}`;
}

/** The first three octets of node i's /24 pod range, the same on both engines (the cluster index plays no part). */
export function podRangeBase(_clusterIndex: number, i: number): string {
  return nodePodCidrBase(i);
}

/**
 * Pod IPs of one node, each held by one pod uid while the pod lives; the allocator's rotating cursor avoids handing
 * a just-released address to the next pod at once, as a CNI's host-local IPAM does.
 */
export class PodIpPool {
  readonly #alloc: RangeAllocator;

  constructor(rangeBase: string) {
    const first = ipToInt(`${rangeBase}.2`);
    if (first === undefined) throw new Error(`not an IPv4 prefix: ${rangeBase}`);
    this.#alloc = new RangeAllocator(first, 253);
  }

  /** Records an address a pod already has (found in its status at startup); false when it is not this pool's. */
  adopt(ip: string, uid: string): boolean {
    const n = ipToInt(ip);
    if (n === undefined || !this.#alloc.contains(n)) return false;
    const owner = this.#alloc.owner(n);
    if (owner !== undefined && owner !== uid) return false;
    this.#alloc.markUsed(n, uid);
    return true;
  }

  /** A free address for the pod, or undefined when all 253 are taken. */
  allocate(uid: string): string | undefined {
    const n = this.#alloc.next();
    if (n === undefined) return undefined;
    this.#alloc.markUsed(n, uid);
    return intToIp(n);
  }

  release(ip: string, uid: string): void {
    const n = ipToInt(ip);
    if (n !== undefined) this.#alloc.release(n, uid);
  }
}
