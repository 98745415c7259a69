// What was last propagated per federated resource, kept in (Cluster)PropagatedVersion objects (kubefed-behaviour.md
// §2.4, §3.6.4). Like KubeFed's version manager it lists the objects once at start and then trusts its own memory:
// the controller is their only writer, and reading them back through a watch would lag our own writes and make
// the next reconcile think a member object had drifted.
import { CORE_V1ALPHA1 } from '../../apis/constants.js';
import { propagatedVersionName, propagatedVersionPrefix } from '../../apis/naming.js';
import type { PropagatedVersionStatus } from '../../apis/types.js';
import type { KubeObject } from '../../common/object.js';
import { isAlreadyExists, isNotFound } from '../../client/errors.js';
import type { RestClient, ResourceRef } from '../../client/rest.js';

export interface VersionStoreOptions {
  client: RestClient;
  /** Lowercased into the object name prefix. */
  targetKind: string;
  /** PropagatedVersion (namespaced) when the federated type is namespaced, else ClusterPropagatedVersion. */
  federatedNamespaced: boolean;
  /** Restrict the initial list to this namespace (namespaced control plane). */
  namespace?: string;
}

interface Entry {
  status: PropagatedVersionStatus;
  exists: boolean;
}

export class VersionStore {
  readonly #opts: VersionStoreOptions;
  readonly #entries = new Map<string, Entry>();
  #loaded = false;

  constructor(opts: VersionStoreOptions) {
    this.#opts = opts;
  }

  #ref(namespace?: string, name?: string): ResourceRef {
    const plural = this.#opts.federatedNamespaced ? 'propagatedversions' : 'clusterpropagatedversions';
    const ref: ResourceRef = { group: 'core.kubefed.io', version: 'v1alpha1', resource: plural };
    if (this.#opts.federatedNamespaced && namespace) ref.namespace = namespace;
    if (name !== undefined) ref.name = name;
    return ref;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  /** Loads every recorded version of this target kind. */
  async load(): Promise<void> {
    const list = await this.#opts.client.listAll(this.#ref(this.#opts.namespace));
    const prefix = propagatedVersionPrefix(this.#opts.targetKind);
    for (const item of list.items) {
      const name = item.metadata.name ?? '';
      if (!name.startsWith(prefix)) continue;
      const fedName = name.slice(prefix.length);
      const key = this.#opts.federatedNamespaced ? `${item.metadata.namespace ?? ''}/${fedName}` : fedName;
      const status = (item['status'] ?? { templateVersion: '', overridesVersion: '' }) as PropagatedVersionStatus;
      this.#entries.set(key, { status, exists: true });
    }
    this.#loaded = true;
  }

  /** The recorded status for the federated resource `key` (`ns/name` or `name`). */
  get(key: string): PropagatedVersionStatus | undefined {
    return this.#entries.get(key)?.status;
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }

  /** Records `status` for `federated`, creating the object (owned by the federated resource, so GC removes it). */
  async set(key: string, federated: KubeObject, status: PropagatedVersionStatus): Promise<void> {
    const namespace = federated.metadata.namespace;
    const name = propagatedVersionName(this.#opts.targetKind, federated.metadata.name ?? '');
    const statusRef: ResourceRef = { ...this.#ref(namespace, name), subresource: 'status' };
    const body = { status: { ...status, clusterVersions: status.clusterVersions ?? [] } };
    if (!this.#entries.get(key)?.exists) await this.#create(federated, name, namespace);
    try {
      await this.#opts.client.patch(statusRef, 'merge', body);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.#create(federated, name, namespace);
      await this.#opts.client.patch(statusRef, 'merge', body);
    }
    this.#entries.set(key, { status, exists: true });
  }

  async #create(federated: KubeObject, name: string, namespace: string | undefined): Promise<void> {
    const kind = this.#opts.federatedNamespaced ? 'PropagatedVersion' : 'ClusterPropagatedVersion';
    const metadata: KubeObject['metadata'] = {
      name,
      ownerReferences: [{ apiVersion: federated.apiVersion, kind: federated.kind, name: federated.metadata.name ?? '', uid: federated.metadata.uid ?? '' }],
    };
    if (this.#opts.federatedNamespaced && namespace) metadata.namespace = namespace;
    try {
      await this.#opts.client.create(this.#ref(namespace), { apiVersion: CORE_V1ALPHA1, kind, metadata });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
}
