// What a simulated cluster looks like: its nodes (count, zones, region, capacity), how fast its kubelets start and
// finish pods, and the load-balancer addresses it hands out. Every field is optional; the defaults give each local
// cluster three nodes in three zones of a region named after the cluster, and its own load-balancer range in
// 127.0.0.0/8 (all of which is loopback on Linux, so the addresses are even reachable).
import { parseCidr, type Cidr } from './ip-range.js';

export interface SimulationOptions {
  /** Number of simulated Nodes (default 3). 0 leaves every Pod Pending. */
  nodes?: number;
  /** topology.kubernetes.io/region of every node (default: the cluster name). */
  region?: string;
  /** Zones the nodes are spread over round-robin (default `<region>-a`, `-b`, `-c`). */
  zones?: string[];
  /** status.capacity.pods of every node (default 110, the kubelet's --max-pods default). */
  podsPerNode?: number;
  /** node.kubernetes.io/instance-type (default "kubefed-local.sim"). */
  instanceType?: string;
  /** IPv4 CIDR that LoadBalancer Services and Ingresses get addresses from (default 127.100.<index>.0/24). */
  loadBalancerCidr?: string;
  /** Mean delay before a bound Pod runs and is Ready, ms (default 200; each pod waits 50–150 % of it). */
  podStartMs?: number;
  /** How long a Pod with restartPolicy Never/OnFailure (a Job's) runs before it Succeeds, ms (default 500). */
  podCompletionMs?: number;
}

export interface ResolvedSimulation {
  clusterName: string;
  nodes: number;
  region: string;
  zones: string[];
  podsPerNode: number;
  instanceType: string;
  loadBalancer: Cidr;
  podStartMs: number;
  podCompletionMs: number;
}

/** The number in a cluster name ("cluster3" → 3), so clusters of one kubefed-local get distinct ranges. */
export function clusterIndex(name: string): number {
  const m = /(\d+)$/.exec(name);
  return m ? Number(m[1]) % 256 : 0;
}

function nonNegativeInt(v: number | undefined, def: number, field: string): number {
  if (v === undefined) return def;
  if (!Number.isInteger(v) || v < 0) throw new Error(`simulation.${field} must be a non-negative integer, got ${String(v)}`);
  return v;
}

export function resolveSimulation(clusterName: string, o: SimulationOptions = {}): ResolvedSimulation {
  const region = o.region ?? clusterName;
  const zones = o.zones && o.zones.length > 0 ? o.zones : ['a', 'b', 'c'].map((z) => `${region}-${z}`);
  const cidr = o.loadBalancerCidr ?? `127.100.${clusterIndex(clusterName)}.0/24`;
  return {
    clusterName,
    nodes: nonNegativeInt(o.nodes, 3, 'nodes'),
    region,
    zones,
    podsPerNode: nonNegativeInt(o.podsPerNode, 110, 'podsPerNode'),
    instanceType: o.instanceType ?? 'kubefed-local.sim',
    loadBalancer: parseCidr(cidr, 'simulation.loadBalancerCidr'),
    podStartMs: nonNegativeInt(o.podStartMs, 200, 'podStartMs'),
    podCompletionMs: nonNegativeInt(o.podCompletionMs, 500, 'podCompletionMs'),
  };
}
