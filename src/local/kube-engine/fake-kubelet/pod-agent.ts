// The pod half of the fake kubelet (kwok's model: no containers, only status), for pods bound to our nodes: a
// Pending pod runs and is Ready after podStartMs (±50 %), with an IP from its node's loopback range; a pod that never
// restarts Succeeds podCompletionMs later; a gracefully deleted one gets the kubelet's final grace-0 delete (with a uid
// precondition, so a same-named successor survives) once its containers would have stopped. It reconciles by key
// from a cluster-wide pod watch; deadlines live in memory, and after a restart they are recomputed from status.
import type { KubeObject } from '../../../common/object.js';
import { nowTimestamp } from '../../../apiserver/objects/names.js';
import { keyOf, podPhase, rec, str } from '../../../apiserver/simulation/object-fields.js';
import type { ResolvedSimulation } from '../../../apiserver/simulation/simulation-options.js';
import { PodIpPool } from './addresses.js';
import { completionDueAt, deletionDueAt, jittered, podNeeds, podNodeName, restartsAlways } from './pod-plan.js';
import { runningStatus, succeededStatus } from './pod-status.js';
import { isApiError, type RestClient } from './rest-client.js';
import { collectionPath, objectPath, PODS } from './resources.js';
import { writeStatus } from './status-writer.js';
import { WatchCache } from './watch-cache.js';
import { AsyncWorkQueue } from './work-queue.js';

/** One of our nodes, as the pod agent needs it. */
export interface PodNode {
  name: string;
  internalIp: string;
  /** First three octets of its pod range. */
  podRangeBase: string;
}

export interface PodAgentOptions {
  client: RestClient;
  sim: ResolvedSimulation;
  nodes: PodNode[];
  log: (line: string) => void;
}

/** Who holds which pod IP, so an address is released when its pod ends or goes. */
interface Lease {
  uid: string;
  node: string;
  ip: string;
}

export class PodAgent {
  readonly #o: PodAgentOptions;
  readonly #nodes: Map<string, PodNode>;
  readonly #nodeNames: ReadonlySet<string>;
  readonly #pools = new Map<string, PodIpPool>();
  readonly #ips = new Map<string, Lease>();
  readonly #cache: WatchCache;
  readonly #queue: AsyncWorkQueue;
  /** Per pod key: when it starts or is finally deleted (ms since epoch). */
  readonly #startAt = new Map<string, number>();
  /** When we started a pod that never restarts (its completion is timed from it). */
  readonly #ranAt = new Map<string, number>();
  readonly #deleteAt = new Map<string, number>();
  #ready = false;

  constructor(o: PodAgentOptions) {
    this.#o = o;
    this.#nodes = new Map(o.nodes.map((n) => [n.name, n]));
    this.#nodeNames = new Set(this.#nodes.keys());
    for (const n of o.nodes) this.#pools.set(n.name, new PodIpPool(n.podRangeBase));
    this.#queue = new AsyncWorkQueue({ name: 'pod', log: o.log, reconcile: (key) => this.#reconcile(key) });
    this.#cache = new WatchCache({ client: o.client, path: collectionPath(PODS), name: 'pods', log: o.log, onChange: (k, p) => this.#changed(k, p) });
  }

  /** Starts the watch; reconciling waits for the first list, so every address in use is known before one is handed out. */
  start(): void {
    this.#cache.start();
    void this.#cache.synced.then(() => {
      this.#ready = true;
      for (const p of this.#cache.values()) if (this.#nodes.has(podNodeName(p))) this.#queue.add(keyOf(p));
    });
  }

  async stop(): Promise<void> {
    await this.#cache.stop();
    await this.#queue.stop();
  }

  #changed(key: string, pod: KubeObject | undefined): void {
    this.#trackIp(key, pod);
    if (!pod || !this.#nodes.has(podNodeName(pod))) {
      this.#startAt.delete(key);
      this.#ranAt.delete(key);
      this.#deleteAt.delete(key);
      return;
    }
    if (this.#ready) this.#queue.add(key);
  }

  /** Keeps the IP pools in step with what pods report: live pods hold their address, ended or gone ones free it. */
  #trackIp(key: string, pod: KubeObject | undefined): void {
    const held = this.#ips.get(key);
    const live = pod && (podPhase(pod) === 'Pending' || podPhase(pod) === 'Running') ? pod : undefined;
    if (held && (!live || live.metadata.uid !== held.uid)) {
      this.#pools.get(held.node)?.release(held.ip, held.uid);
      this.#ips.delete(key);
    }
    if (!live || this.#ips.has(key)) return;
    const node = podNodeName(live);
    const ip = str(rec(live.status).podIP);
    const uid = live.metadata.uid ?? '';
    if (ip && this.#pools.get(node)?.adopt(ip, uid)) this.#ips.set(key, { uid, node, ip });
  }

  /** The pod's address: the one it holds, else a fresh one from its node's pool (hostNetwork pods use the node's). */
  #ipFor(key: string, pod: KubeObject, node: PodNode): string | undefined {
    if (rec(pod.spec).hostNetwork === true) return node.internalIp;
    const uid = pod.metadata.uid ?? '';
    const held = this.#ips.get(key);
    if (held?.uid === uid) return held.ip;
    const ip = this.#pools.get(node.name)?.allocate(uid);
    if (ip) this.#ips.set(key, { uid, node: node.name, ip });
    return ip;
  }

  async #reconcile(key: string): Promise<number | undefined> {
    const pod = this.#cache.get(key);
    if (!pod) return undefined;
    const node = this.#nodes.get(podNodeName(pod));
    const need = podNeeds(pod, this.#nodeNames);
    const now = Date.now();
    if (need !== 'start') this.#startAt.delete(key);
    // 'start' keeps it: right after our start, the cache may still show the pod Pending until the watch catches up.
    if (need !== 'complete' && need !== 'start') this.#ranAt.delete(key);
    if (need !== 'finish-deletion') this.#deleteAt.delete(key);
    if (!node) return undefined;
    switch (need) {
      case 'start': {
        const at = this.#startAt.get(key) ?? now + jittered(this.#o.sim.podStartMs);
        this.#startAt.set(key, at);
        if (now < at) return at - now;
        return this.#start(key, pod, node);
      }
      case 'complete': {
        const at = completionDueAt(pod, this.#ranAt.get(key), this.#o.sim.podCompletionMs, now);
        if (now < at) return at - now;
        await writeStatus(this.#o.client, PODS, pod, (cur) => (podPhase(cur) === 'Running' ? succeededStatus(cur, nowTimestamp()) : undefined));
        this.#ranAt.delete(key);
        return undefined;
      }
      case 'finish-deletion': {
        const firstSeen = this.#deleteAt.get(key) ?? now + jittered(this.#o.sim.podStartMs);
        this.#deleteAt.set(key, firstSeen);
        const at = deletionDueAt(pod, firstSeen, now);
        if (now < at) return at - now;
        await this.#finalDelete(pod);
        this.#deleteAt.delete(key);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  async #start(key: string, pod: KubeObject, node: PodNode): Promise<number | undefined> {
    const podIp = this.#ipFor(key, pod, node);
    if (!podIp) throw new Error(`node ${node.name} has no free pod address left in ${node.podRangeBase}.0/24`);
    const written = await writeStatus(this.#o.client, PODS, pod, (cur) =>
      podPhase(cur) === 'Pending' && !cur.metadata.deletionTimestamp ? runningStatus(cur, { hostIp: node.internalIp, podIp, now: nowTimestamp() }) : undefined);
    this.#startAt.delete(key);
    if (!written || restartsAlways(pod)) return undefined;
    this.#ranAt.set(key, Date.now());
    return this.#o.sim.podCompletionMs;
  }

  /** The kubelet's last word on a pod: its containers are gone, remove it now (pkg/kubelet/status status_manager.go). */
  async #finalDelete(pod: KubeObject): Promise<void> {
    const path = objectPath(PODS, pod.metadata.namespace ?? '', pod.metadata.name ?? '');
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } };
    try {
      await this.#o.client.json('DELETE', path, { body });
    } catch (e) {
      // Gone already, or the name now belongs to a successor (the uid precondition failed): nothing of ours is left.
      if (isApiError(e, 404) || isApiError(e, 409)) return;
      throw e;
    }
  }
}
