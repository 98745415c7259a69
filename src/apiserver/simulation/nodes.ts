// The simulated Nodes, shaped as a kubelet registers itself (pkg/kubelet/kubelet_node_status.go): well-known labels
// (k8s.io/api/core/v1 well_known_labels.go), capacity and allocatable, the four pressure/Ready conditions, addresses
// and nodeInfo. They are created at startup when absent; existing ones (from a previous run) are kept.
import type { KubeObject } from '../../common/object.js';
import { nowTimestamp } from '../objects/names.js';
import type { ClusterContext } from './cluster-context.js';
import type { ResolvedSimulation } from './simulation-options.js';

/** The kubelet version the nodes report; the minor matches the API server's /version (1.32). */
export const KUBELET_VERSION = 'v1.32.0';

export function nodeName(opts: ResolvedSimulation, i: number): string {
  return `${opts.clusterName}-node-${i + 1}`;
}

/** InternalIP of node i: one /16 per cluster index, like kind's per-cluster docker network. */
export function nodeInternalIp(i: number): string {
  return `172.18.0.${i + 2}`;
}

/** Node i's pod CIDR (kube-controller-manager's --allocate-node-cidrs from 10.244.0.0/16). */
export function nodePodCidrBase(i: number): string {
  return `10.244.${i}`;
}

/**
 * What another node agent changes in the shape (kubefed-local's fake kubelet beside a real control plane reports that
 * control plane's version and loopback addresses); absent fields keep the simulated nodes' values.
 */
export interface NodeShape {
  kubeletVersion?: string;
  internalIp?: string;
  /** The first three octets of the node's /24 pod CIDR. */
  podCidrBase?: string;
}

export function nodeObject(opts: ResolvedSimulation, i: number, shape: NodeShape = {}): Record<string, unknown> {
  const name = nodeName(opts, i);
  const kubeletVersion = shape.kubeletVersion ?? KUBELET_VERSION;
  const podCidr = `${shape.podCidrBase ?? nodePodCidrBase(i)}.0/24`;
  const zone = opts.zones[i % opts.zones.length] ?? '';
  const now = nowTimestamp();
  const resources = { cpu: '8', memory: '32Gi', 'ephemeral-storage': '100Gi', pods: String(opts.podsPerNode) };
  const condition = (type: string, status: string, reason: string, message: string): Record<string, string> =>
    ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  return {
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': name,
        'node.kubernetes.io/instance-type': opts.instanceType,
        'beta.kubernetes.io/instance-type': opts.instanceType,
        'topology.kubernetes.io/region': opts.region,
        'topology.kubernetes.io/zone': zone,
        'failure-domain.beta.kubernetes.io/region': opts.region,
        'failure-domain.beta.kubernetes.io/zone': zone,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {
      podCIDR: podCidr,
      podCIDRs: [podCidr],
      providerID: `kubefed-local://${opts.clusterName}/${name}`,
    },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [{ type: 'InternalIP', address: shape.internalIp ?? nodeInternalIp(i) }, { type: 'Hostname', address: name }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: name, systemUUID: name, bootID: name,
        kernelVersion: '6.1.0', osImage: 'kubefed-local simulated node', containerRuntimeVersion: 'containerd://1.7.24',
        kubeletVersion, kubeProxyVersion: kubeletVersion, operatingSystem: 'linux', architecture: 'amd64',
      },
    },
  };
}

/** Creates the configured nodes that do not exist yet and returns every simulated node's name. */
export function ensureNodes(ctx: ClusterContext): string[] {
  const names: string[] = [];
  for (let i = 0; i < ctx.options.nodes; i++) {
    const name = nodeName(ctx.options, i);
    names.push(name);
    if (!ctx.svc.find(ctx.types.nodes, '', name)) {
      const created: KubeObject = ctx.svc.create(ctx.types.nodes, '', nodeObject(ctx.options, i), { fieldManager: 'kubelet' }).object;
      ctx.recorder.record(created, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`, { component: 'node-controller' });
    }
  }
  return names;
}
