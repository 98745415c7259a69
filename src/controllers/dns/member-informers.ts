// Watches of member-cluster objects the DNS controllers read (Services and Endpoints, or Ingresses), one informer per
// resource per Ready cluster, filtered by the managed label as KubeFed's federated informers were (the endpoints
// controller copies a Service's labels onto its Endpoints, so both carry it). Informers follow readiness: a cluster
// that stops being Ready loses its watches (its addresses leave the records anyway) and gets fresh ones when back.
import { MANAGED_LABEL, MANAGED_LABEL_TRUE } from '../../apis/constants.js';
import type { KubeObject } from '../../common/object.js';
import { deletedObject, Informer } from '../../client/informer.js';
import type { RestClient } from '../../client/rest.js';
import { objectKey } from '../../client/store.js';
import type { ClusterRegistry, MemberCluster } from '../cluster/registry.js';
import type { Log } from '../log.js';

export interface MemberResource {
  group?: string;
  version: string;
  resource: string;
}

export interface MemberInformersOptions {
  registry: ClusterRegistry;
  resources: readonly MemberResource[];
  /** Only this namespace (a Namespaced control plane); all namespaces when absent. */
  namespace?: string;
  /** A member object of key `ns/name` was added, changed or deleted. */
  onObject: (cluster: string, key: string) => void;
  /** A cluster's readiness, client or watches changed: everything may need a new look. */
  onCluster: (cluster: string) => void;
  log: Log;
}

interface Watches {
  client: RestClient;
  informers: Informer[];
}

export class MemberInformers {
  readonly #o: MemberInformersOptions;
  readonly #clusters = new Map<string, Watches>();
  #unsubscribe: (() => void) | undefined;
  #stopped = false;

  constructor(o: MemberInformersOptions) {
    this.#o = o;
  }

  start(): void {
    this.#unsubscribe = this.#o.registry.subscribe((name) => this.#changed(name));
    for (const c of this.#o.registry.list()) if (c.ready) this.#start(c);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    await Promise.all([...this.#clusters.keys()].map((n) => this.#stop(n)));
  }

  /** The cached object `key` of resource number `resource` (index into `resources`) in `cluster`. */
  get(cluster: string, resource: number, key: string): KubeObject | undefined {
    return this.#clusters.get(cluster)?.informers[resource]?.get(key);
  }

  /** Every watch of every Ready cluster with a client has listed once. */
  synced(): boolean {
    return this.#o.registry.list().every((c) => !c.ready || !c.client || (this.#clusters.get(c.name)?.informers.every((i) => i.hasSynced()) ?? false));
  }

  #changed(name: string): void {
    const c = this.#o.registry.get(name);
    const running = this.#clusters.get(name);
    if (!c || !c.ready || !c.client) {
      if (running) void this.#stop(name);
    } else if (running && running.client !== c.client) {
      void this.#stop(name).then(() => this.#start(c));
    } else if (!running) {
      this.#start(c);
    }
    this.#o.onCluster(name);
  }

  #start(c: MemberCluster): void {
    if (this.#stopped || !c.client || this.#clusters.has(c.name)) return;
    const informers = this.#o.resources.map((r) => {
      const informer = new Informer({
        client: c.client as RestClient,
        resource: r,
        namespace: this.#o.namespace,
        labelSelector: `${MANAGED_LABEL}=${MANAGED_LABEL_TRUE}`,
        logger: this.#o.log.with({ cluster: c.name, resource: r.resource }),
      });
      const notify = (obj: KubeObject): void => this.#o.onObject(c.name, objectKey(obj));
      informer.addEventHandler({ onAdd: notify, onUpdate: (_o, obj) => notify(obj), onDelete: (obj) => notify(deletedObject(obj)) });
      informer.start();
      return informer;
    });
    const watches = { client: c.client, informers };
    this.#clusters.set(c.name, watches);
    void Promise.all(informers.map((i) => i.waitForSync())).then((synced) => {
      if (synced.every(Boolean) && this.#clusters.get(c.name) === watches) this.#o.onCluster(c.name);
    });
  }

  async #stop(name: string): Promise<void> {
    const w = this.#clusters.get(name);
    if (!w) return;
    this.#clusters.delete(name);
    await Promise.all(w.informers.map((i) => i.stop()));
  }
}
