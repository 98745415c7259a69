// The cloud side of the cluster, which a real control plane without a cloud lacks: LoadBalancer Services and
// Ingresses get an address from the cluster's load-balancer range in status.loadBalancer.ingress (KubeFed's DNS
// records are built from these), and a Service that stops being a LoadBalancer loses it. Reconciling starts once
// both watches listed, so every address already in use is known before one is handed out.
import type { KubeObject } from '../../../common/object.js';
import { deepEqual } from '../../../apiserver/objects/deep-equal.js';
import { rec, str } from '../../../apiserver/simulation/object-fields.js';
import type { Cidr } from '../../../apiserver/simulation/ip-range.js';
import { LoadBalancerAddresses, loadBalancerStatus, wantsAddress, type LoadBalancedKind } from './load-balancer-addresses.js';
import type { RestClient } from './rest-client.js';
import { collectionPath, INGRESSES, SERVICES, type Resource } from './resources.js';
import { writeStatus } from './status-writer.js';
import { WatchCache } from './watch-cache.js';
import { AsyncWorkQueue } from './work-queue.js';

export interface LoadBalancerAgentOptions {
  client: RestClient;
  range: Cidr;
  log: (line: string) => void;
}

interface Watched {
  kind: LoadBalancedKind;
  resource: Resource;
  cache: WatchCache;
}

export class LoadBalancerAgent {
  readonly #o: LoadBalancerAgentOptions;
  readonly #addresses: LoadBalancerAddresses;
  readonly #queue: AsyncWorkQueue;
  /** By resource name, the first segment of every queue key ("services/ns/name"). */
  readonly #watched = new Map<string, Watched>();
  #ready = false;

  constructor(o: LoadBalancerAgentOptions) {
    this.#o = o;
    this.#addresses = new LoadBalancerAddresses(o.range);
    this.#queue = new AsyncWorkQueue({ name: 'load balancer', log: o.log, reconcile: (key) => this.#reconcile(key) });
    for (const [kind, resource] of [['Service', SERVICES], ['Ingress', INGRESSES]] as const) {
      const cache = new WatchCache({
        client: o.client, path: collectionPath(resource), name: resource.resource, log: o.log,
        onChange: (key, obj) => {
          const owner = `${resource.resource}/${key}`;
          this.#addresses.observe(owner, kind, obj);
          if (this.#ready) this.#queue.add(owner);
        },
      });
      this.#watched.set(resource.resource, { kind, resource, cache });
    }
  }

  start(): void {
    const all = [...this.#watched.values()];
    for (const w of all) w.cache.start();
    void Promise.all(all.map((w) => w.cache.synced)).then(() => {
      this.#ready = true;
      for (const w of all) for (const o of w.cache.values()) this.#queue.add(`${w.resource.resource}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`);
    });
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#watched.values()].map((w) => w.cache.stop()));
    await this.#queue.stop();
  }

  async #reconcile(owner: string): Promise<undefined> {
    const slash = owner.indexOf('/');
    const w = this.#watched.get(owner.slice(0, slash));
    const o = w?.cache.get(owner.slice(slash + 1));
    if (!w || !o) {
      this.#addresses.release(owner);
      return undefined;
    }
    await writeStatus(this.#o.client, w.resource, o, (cur) => this.#statusFor(owner, w.kind, cur));
    return undefined;
  }

  #statusFor(owner: string, kind: LoadBalancedKind, cur: KubeObject): Record<string, unknown> | undefined {
    const status = rec(cur.status);
    let ip: string | undefined;
    if (wantsAddress(kind, cur)) {
      ip = this.#addresses.assign(owner, str(rec(cur.spec).loadBalancerIP) || undefined);
      if (!ip) throw new Error(`no free load-balancer address left in ${this.#addresses.range}`);
    } else {
      this.#addresses.release(owner);
    }
    const loadBalancer = loadBalancerStatus(kind, ip);
    return deepEqual(rec(status.loadBalancer), loadBalancer) ? undefined : { ...status, loadBalancer };
  }
}
