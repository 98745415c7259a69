// The registered member clusters as every controller sees them: the KubeFedClusters of the KubeFed namespace, a
// keep-alive REST client per cluster built from its Secret (rebuilt only when the endpoint, TLS options or token
// change), readiness from the Ready condition the health controller writes, and a per-cluster semaphore that bounds
// concurrent writes. Listeners hear about changes that matter to placement and propagation (readiness, labels, the
// client, removal) and nothing else, so the health controller's status writes cause no work downstream.
import type { KubeFedCluster } from '../../apis/types.js';
import { isObject, type KubeObject } from '../../common/object.js';
import { deletedObject, type Informer } from '../../client/informer.js';
import { connectionFromKubeFedCluster } from '../../client/kubeconfig.js';
import { RestClient } from '../../client/rest.js';
import { errorMessage } from '../../client/errors.js';
import type { InformerFactory } from '../manager/informer-factory.js';
import type { Log } from '../log.js';
import { Semaphore } from '../semaphore.js';
import { isClusterReady } from './conditions.js';

export interface MemberCluster {
  readonly name: string;
  readonly object: KubeFedCluster;
  /** Absent when the configuration is unusable; `clientError` says why. */
  readonly client?: RestClient;
  readonly clientError?: string;
  readonly ready: boolean;
  /** Bounds concurrent operations against this cluster across all controllers. */
  readonly slots: Semaphore;
}

export type ClusterChange = 'added' | 'removed' | 'ready' | 'notReady' | 'changed';
export type ClusterListener = (name: string, change: ClusterChange) => void;

interface State {
  object: KubeFedCluster;
  fingerprint: string;
  client?: RestClient;
  clientError?: string;
  ready: boolean;
  labels: string;
  slots: Semaphore;
}

/** Concurrent writes per member cluster: KubeFed's member QPS is 20 with burst 30, so more would only queue. */
const SLOTS_PER_CLUSTER = 16;
/** Member requests give up after KubeFed's dispatch wait (30 s), so a hung member cannot hold a reconcile longer. */
const MEMBER_REQUEST_TIMEOUT_MS = 30_000;

export const KUBEFED_CLUSTERS = { group: 'core.kubefed.io', version: 'v1beta1', resource: 'kubefedclusters' } as const;
const SECRETS = { version: 'v1', resource: 'secrets' } as const;

function decodeToken(secret: KubeObject | undefined): string {
  const data = secret && isObject(secret['data']) ? secret['data'] : {};
  const token = data['token'];
  return typeof token === 'string' ? Buffer.from(token, 'base64').toString('utf8') : '';
}

export class ClusterRegistry {
  readonly #factory: InformerFactory;
  readonly #namespace: string;
  readonly #log: Log;
  readonly #userAgent: string;
  readonly #states = new Map<string, State>();
  readonly #listeners = new Set<ClusterListener>();
  #clusters: Informer<KubeFedCluster> | undefined;
  #secrets: Informer | undefined;
  #unsubscribe: (() => void)[] = [];

  constructor(factory: InformerFactory, namespace: string, log: Log, userAgent = 'kubefed-controller') {
    this.#factory = factory;
    this.#namespace = namespace;
    this.#log = log;
    this.#userAgent = userAgent;
  }

  async start(signal?: AbortSignal): Promise<boolean> {
    this.#clusters = this.#factory.acquire<KubeFedCluster>({ ...KUBEFED_CLUSTERS, namespace: this.#namespace });
    this.#secrets = this.#factory.acquire({ ...SECRETS, namespace: this.#namespace });
    const secretsSynced = await this.#secrets.waitForSync(signal);
    this.#unsubscribe.push(
      this.#clusters.addEventHandler({
        onAdd: (c) => this.#refresh(c.metadata.name ?? ''),
        onUpdate: (_o, c) => this.#refresh(c.metadata.name ?? ''),
        onDelete: (c) => this.#refresh(deletedObject(c).metadata.name ?? ''),
      }),
      this.#secrets.addEventHandler({
        onAdd: (s) => this.#secretChanged(s.metadata.name ?? ''),
        onUpdate: (_o, s) => this.#secretChanged(s.metadata.name ?? ''),
        onDelete: (s) => this.#secretChanged(deletedObject(s).metadata.name ?? ''),
      }),
    );
    return secretsSynced && (await this.#clusters.waitForSync(signal));
  }

  async stop(): Promise<void> {
    for (const u of this.#unsubscribe) u();
    this.#unsubscribe = [];
    for (const s of this.#states.values()) s.client?.close();
    this.#states.clear();
    await this.#factory.release({ ...KUBEFED_CLUSTERS, namespace: this.#namespace });
    await this.#factory.release({ ...SECRETS, namespace: this.#namespace });
  }

  hasSynced(): boolean {
    return (this.#clusters?.hasSynced() ?? false) && (this.#secrets?.hasSynced() ?? false);
  }

  /** Registers a listener; returns a function that removes it. */
  subscribe(listener: ClusterListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every registered cluster, ready or not, sorted by name. */
  list(): MemberCluster[] {
    return [...this.#states.keys()].sort().map((n) => this.get(n) as MemberCluster);
  }

  get(name: string): MemberCluster | undefined {
    const s = this.#states.get(name);
    if (!s) return undefined;
    const m: { -readonly [K in keyof MemberCluster]: MemberCluster[K] } = { name, object: s.object, ready: s.ready, slots: s.slots };
    if (s.client) m.client = s.client;
    if (s.clientError !== undefined) m.clientError = s.clientError;
    return m;
  }

  #secretChanged(secretName: string): void {
    for (const s of this.#states.values()) if (s.object.spec?.secretRef?.name === secretName) this.#refresh(s.object.metadata.name ?? '');
  }

  #refresh(name: string): void {
    if (!name || !this.#clusters) return;
    const object = this.#clusters.get(`${this.#namespace}/${name}`);
    const old = this.#states.get(name);
    if (!object) {
      if (!old) return;
      old.client?.close();
      this.#states.delete(name);
      this.#notify(name, 'removed');
      return;
    }
    const secretName = object.spec?.secretRef?.name ?? '';
    const token = secretName ? decodeToken(this.#secrets?.get(`${this.#namespace}/${secretName}`)) : '';
    const fingerprint = JSON.stringify([object.spec, token]);
    const ready = isClusterReady(object.status);
    const labels = JSON.stringify(Object.entries(object.metadata.labels ?? {}).sort());
    const state: State = old ?? { object, fingerprint: '', ready: false, labels, slots: new Semaphore(SLOTS_PER_CLUSTER) };
    state.object = object;
    let clientChanged = false;
    if (!old || old.fingerprint !== fingerprint) {
      state.client?.close();
      delete state.client;
      delete state.clientError;
      state.fingerprint = fingerprint;
      clientChanged = true;
      try {
        if (!secretName) throw new Error(`KubeFedCluster "${name}" has no spec.secretRef.name`);
        if (!token) throw new Error(`secret "${this.#namespace}/${secretName}" of KubeFedCluster "${name}" is missing or has no token`);
        const connection = connectionFromKubeFedCluster({
          name,
          apiEndpoint: object.spec.apiEndpoint,
          caBundle: object.spec.caBundle,
          token,
          disabledTLSValidations: object.spec.disabledTLSValidations,
          proxyURL: object.spec.proxyURL,
        });
        state.client = new RestClient(connection, { userAgent: this.#userAgent, timeoutMs: MEMBER_REQUEST_TIMEOUT_MS });
      } catch (err) {
        state.clientError = errorMessage(err);
        this.#log.warn('cannot build a client for the member cluster', { cluster: name, error: state.clientError });
      }
    }
    const readyChanged = !old || old.ready !== ready;
    const labelsChanged = old !== undefined && old.labels !== labels;
    state.ready = ready;
    state.labels = labels;
    this.#states.set(name, state);
    if (!old) this.#notify(name, 'added');
    if (readyChanged && (old || ready)) this.#notify(name, ready ? 'ready' : 'notReady');
    else if (old && (clientChanged || labelsChanged)) this.#notify(name, 'changed');
  }

  #notify(name: string, change: ClusterChange): void {
    this.#log.v(2).info('member cluster changed', { cluster: name, change });
    for (const l of [...this.#listeners]) {
      try {
        l(name, change);
      } catch (err) {
        this.#log.error('cluster listener failed', { cluster: name, error: errorMessage(err) });
      }
    }
  }
}
