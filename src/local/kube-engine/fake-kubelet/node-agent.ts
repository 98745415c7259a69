// The node half of the fake kubelet: registers each node (POST when absent; then its status through /status, which
// kube-apiserver may have dropped from the create), rewrites the status heartbeat every NODE_STATUS_MS and renews
// the node's Lease every LEASE_RENEW_MS, so kube-controller-manager's node lifecycle controller keeps the nodes Ready
// and untainted. A node deleted by hand comes back at the next heartbeat, as a kubelet re-registers.
import type { KubeObject } from '../../../common/object.js';
import type { ResolvedSimulation } from '../../../apiserver/simulation/simulation-options.js';
import { fakeNode, LEASE_NAMESPACE, LEASE_RENEW_MS, leaseFor, NODE_STATUS_MS, nodeStatus, renewedLease } from './node-shape.js';
import { isApiError, type RestClient } from './rest-client.js';
import { createPath, LEASES, NODES, objectPath } from './resources.js';
import { writeStatus } from './status-writer.js';
import { AsyncWorkQueue } from './work-queue.js';

export interface NodeAgentOptions {
  client: RestClient;
  sim: ResolvedSimulation;
  kubeletVersion: string;
  log: (line: string) => void;
  /** Defaults LEASE_RENEW_MS and NODE_STATUS_MS; tests shorten them. */
  leaseRenewMs?: number;
  nodeStatusMs?: number;
}

/** How often a lease is retried while kube-node-lease does not exist yet (the control plane creates it at start). */
const NAMESPACE_POLL_MS = 1000;

export class NodeAgent {
  readonly #o: NodeAgentOptions;
  readonly #desired: KubeObject[];
  readonly #queue: AsyncWorkQueue;
  /** Each node as last registered or written: the Lease's owner. */
  readonly #nodes = new Map<number, KubeObject>();
  /** Each node's Lease as last written, so a renewal is one PUT, not a GET and a PUT. */
  readonly #leases = new Map<number, KubeObject>();
  readonly #registered: { promise: Promise<void>; resolve: () => void }[];
  #waitingForNamespace = false;

  constructor(o: NodeAgentOptions) {
    this.#o = o;
    this.#desired = Array.from({ length: o.sim.nodes }, (_, i) => fakeNode(o.sim, i, o.kubeletVersion));
    this.#registered = this.#desired.map(() => {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((r) => (resolve = r));
      return { promise, resolve };
    });
    this.#queue = new AsyncWorkQueue({ name: 'node', log: o.log, reconcile: (key) => this.#reconcile(key) });
  }

  /** Our node names, in index order. */
  get names(): string[] {
    return this.#desired.map((n) => n.metadata.name ?? '');
  }

  /** Starts registration, heartbeats and leases; resolves once every node is registered or `waitMs` passed. */
  async start(waitMs: number): Promise<boolean> {
    for (let i = 0; i < this.#desired.length; i++) {
      this.#queue.add(`status/${i}`);
      this.#queue.add(`lease/${i}`);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
    const done = Promise.all(this.#registered.map((r) => r.promise)).then(() => true);
    try {
      return await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    await this.#queue.stop();
  }

  async #reconcile(key: string): Promise<number> {
    const [kind = '', index = ''] = key.split('/');
    const i = Number(index);
    return kind === 'status' ? this.#heartbeat(i) : this.#renewLease(i);
  }

  async #heartbeat(i: number): Promise<number> {
    const desired = this.#desired[i] as KubeObject;
    const name = desired.metadata.name ?? '';
    let node: KubeObject;
    try {
      node = (await this.#o.client.json('GET', objectPath(NODES, '', name))) as KubeObject;
    } catch (e) {
      if (!isApiError(e, 404)) throw e;
      node = (await this.#o.client.json('POST', createPath(NODES, ''), { body: desired })) as KubeObject;
      this.#o.log(`fake kubelet: registered node ${name}`);
    }
    const written = await writeStatus(this.#o.client, NODES, node, (cur) => nodeStatus(cur, desired));
    this.#nodes.set(i, written ?? node);
    this.#registered[i]?.resolve();
    return this.#o.nodeStatusMs ?? NODE_STATUS_MS;
  }

  async #renewLease(i: number): Promise<number> {
    const node = this.#nodes.get(i);
    // The lease names its node's uid as owner, so it waits for the registration.
    if (!node) return NAMESPACE_POLL_MS;
    const name = node.metadata.name ?? '';
    const path = objectPath(LEASES, LEASE_NAMESPACE, name);
    let lease = this.#leases.get(i);
    if (!lease) {
      try {
        lease = (await this.#o.client.json('GET', path)) as KubeObject;
      } catch (e) {
        if (!isApiError(e, 404)) throw e;
        return this.#createLease(i, node);
      }
    }
    try {
      this.#leases.set(i, (await this.#o.client.json('PUT', path, { body: renewedLease(lease, node) })) as KubeObject);
      return this.#o.leaseRenewMs ?? LEASE_RENEW_MS;
    } catch (e) {
      // Conflict (someone else wrote it) or gone (garbage-collected with a re-registered node): read or create anew.
      this.#leases.delete(i);
      if (isApiError(e, 409) || isApiError(e, 404)) return 0;
      throw e;
    }
  }

  async #createLease(i: number, node: KubeObject): Promise<number> {
    try {
      this.#leases.set(i, (await this.#o.client.json('POST', createPath(LEASES, LEASE_NAMESPACE), { body: leaseFor(node) })) as KubeObject);
      if (this.#waitingForNamespace) this.#o.log(`fake kubelet: namespace ${LEASE_NAMESPACE} exists, node leases renewing`);
      this.#waitingForNamespace = false;
      return this.#o.leaseRenewMs ?? LEASE_RENEW_MS;
    } catch (e) {
      if (isApiError(e, 409)) return 0;
      // Creating in a namespace that does not exist answers 404; the control plane creates it shortly after start.
      if (!isApiError(e, 404)) throw e;
      if (!this.#waitingForNamespace) this.#o.log(`fake kubelet: waiting for namespace ${LEASE_NAMESPACE} to create node leases`);
      this.#waitingForNamespace = true;
      return NAMESPACE_POLL_MS;
    }
  }
}
