// The fake kubelet beside a real control plane (kwok's job, in TypeScript): registers the simulated nodes and keeps
// them Ready, runs the pods bound to them (status only, no containers), finishes their graceful deletion, and hands
// out load-balancer addresses. It reaches the cluster only through the Kubernetes REST API with a bearer token,
// so it behaves against kube-apiserver as against the built-in server. Nodes, pods and addresses match the built-in
// simulation (src/apiserver/simulation), except that every address is loopback (fake-kubelet/loopback-addresses.ts).
import { clusterIndex, type ResolvedSimulation } from '../../apiserver/simulation/simulation-options.js';
import { ConcurrencyLimit } from './fake-kubelet/concurrency-limit.js';
import { LoadBalancerAgent } from './fake-kubelet/load-balancer-agent.js';
import { MAX_NODES, nodeLoopbackIp, podRangeBase } from './fake-kubelet/addresses.js';
import { NodeAgent } from './fake-kubelet/node-agent.js';
import { PodAgent } from './fake-kubelet/pod-agent.js';
import { RestClient } from './fake-kubelet/rest-client.js';

export interface FakeKubeletOptions {
  /** The cluster's API, e.g. https://127.0.0.1:40001. */
  server: string;
  /** The cluster CA (PEM) that signed the serving certificate. */
  caPem: string;
  /** A bearer token allowed to write nodes, node status, leases, pods/status, pod deletes, services/status and ingresses/status. */
  token: string;
  /** The cluster's simulation settings (resolveSimulation(clusterName, opts)). */
  sim: ResolvedSimulation;
  /** What the nodes report as kubeletVersion, e.g. v1.37.2: the control plane's own version. */
  kubeletVersion: string;
  /** One line per event worth telling (registration, a failing object, a watch that broke). */
  log: (line: string) => void;
  /** Writes in flight at most (default 16). */
  maxWritesInFlight?: number;
  /** Lease renewal and node status periods (default 10 s and 60 s, see fake-kubelet/node-shape.ts); tests shorten them. */
  intervals?: { leaseRenewMs?: number; nodeStatusMs?: number };
  /** How long start waits for every node to be registered before it returns anyway (default 30 s). */
  registrationWaitMs?: number;
}

export interface RunningFakeKubelet {
  /** Ends watches and timers; resolves once no request of ours is in flight. */
  stop(): Promise<void>;
}

const DEFAULT_WRITES_IN_FLIGHT = 16;
const DEFAULT_REGISTRATION_WAIT_MS = 30_000;

/**
 * Starts the fake kubelet and resolves once its nodes are registered (or registrationWaitMs passed: it keeps trying
 * in the background and logs why). Errors never escape: each is logged as one line naming the object and retried.
 */
export async function startFakeKubelet(options: FakeKubeletOptions): Promise<RunningFakeKubelet> {
  const { sim, log } = options;
  if (sim.nodes > MAX_NODES) throw new Error(`the fake kubelet runs at most ${MAX_NODES} nodes per cluster (loopback addresses), got ${sim.nodes}`);
  const client = new RestClient({
    server: options.server, caPem: options.caPem, token: options.token,
    writes: new ConcurrencyLimit(options.maxWritesInFlight ?? DEFAULT_WRITES_IN_FLIGHT),
  });
  const nodes = new NodeAgent({ client, sim, kubeletVersion: options.kubeletVersion, log, ...options.intervals });
  const index = clusterIndex(sim.clusterName);
  const pods = new PodAgent({
    client, sim, log,
    nodes: nodes.names.map((name, i) => ({ name, internalIp: nodeLoopbackIp(index, i), podRangeBase: podRangeBase(index, i) })),
  });
  const loadBalancers = new LoadBalancerAgent({ client, range: sim.loadBalancer, log });
  pods.start();
  loadBalancers.start();
  const registered = await nodes.start(options.registrationWaitMs ?? DEFAULT_REGISTRATION_WAIT_MS);
  log(registered
    ? `fake kubelet: ${sim.nodes} node(s) of ${sim.clusterName} registered`
    : `fake kubelet: the nodes of ${sim.clusterName} are not all registered yet; still trying`);
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= Promise.all([nodes.stop(), pods.stop(), loadBalancers.stop()]).then(() => client.close());
      return stopping;
    },
  };
}
