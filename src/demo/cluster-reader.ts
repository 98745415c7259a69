// Read-only access to the demo's clusters over the Kubernetes API, for checking whether a step reached its state.
// Polling through the API costs far less than starting kubectl twice a second; what the user sees always comes from
// the real kubectl.
import { isNotFound, loadClusterConnection, RestClient, type ResourceRef } from '../client/index.js';
import type { KubeObject } from '../common/object.js';

export class ClusterReader {
  readonly #kubeconfig: string;
  readonly #clients = new Map<string, RestClient>();

  constructor(kubeconfig: string) {
    this.#kubeconfig = kubeconfig;
  }

  #client(context: string): RestClient {
    let c = this.#clients.get(context);
    if (!c) {
      c = new RestClient(loadClusterConnection({ kubeconfig: this.#kubeconfig, context }), { userAgent: 'kubefed-demo', timeoutMs: 10_000 });
      this.#clients.set(context, c);
    }
    return c;
  }

  /** The object, or undefined when it does not exist (other errors throw). */
  async get(context: string, ref: ResourceRef): Promise<KubeObject | undefined> {
    try {
      return await this.#client(context).get(ref);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async list(context: string, ref: ResourceRef): Promise<KubeObject[]> {
    return (await this.#client(context).listAll(ref)).items;
  }

  close(): void {
    for (const c of this.#clients.values()) c.close();
    this.#clients.clear();
  }
}
