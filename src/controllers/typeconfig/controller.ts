// FederatedTypeConfig controller (kubefed-behaviour.md §3.5): starts a sync controller for every enabled type,
// stops it when the type is disabled or its FTC deleted, restarts it when the FTC's spec changes, and reports
// `status.propagationController`. Everything happens at run time: `kubefedctl enable/disable` needs no restart.
import { FEDERATED_TYPE_CONFIG_FINALIZER, NAMESPACES_FTC_NAME, type ControllerStatus } from '../../apis/constants.js';
import { setFederatedTypeConfigDefaults } from '../../apis/defaults.js';
import type { FederatedTypeConfig } from '../../apis/types.js';
import { errorMessage, isNotFound } from '../../client/errors.js';
import { deletedObject, type Informer } from '../../client/informer.js';
import { kubefedRateLimiter } from '../../client/ratelimiter.js';
import type { ResourceRef, RestClient } from '../../client/rest.js';
import { Controller } from '../controller.js';
import type { Log } from '../log.js';
import type { InformerFactory, InformerSpec } from '../manager/informer-factory.js';
import type { Metrics } from '../metrics.js';
import type { Scope } from '../../apis/constants.js';

/** What the FTC controller needs of a sync controller. */
export interface RunningSync {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface TypeConfigControllerOptions {
  host: RestClient;
  factory: InformerFactory;
  namespace: string;
  scope: Scope;
  newSyncController: (ftc: FederatedTypeConfig) => RunningSync;
  log: Log;
  metrics?: Metrics;
}

const FTCS = { group: 'core.kubefed.io', version: 'v1beta1', resource: 'federatedtypeconfigs' } as const;

interface Running {
  sync: RunningSync;
  generation: number;
}

export class TypeConfigController {
  readonly #o: TypeConfigControllerOptions;
  readonly #controller: Controller;
  readonly #running = new Map<string, Running>();
  readonly #spec: InformerSpec;
  #informer: Informer<FederatedTypeConfig> | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(o: TypeConfigControllerOptions) {
    this.#o = o;
    this.#spec = { ...FTCS, namespace: o.namespace };
    this.#controller = new Controller({
      name: 'federatedtypeconfig',
      reconcile: (key) => this.reconcile(key),
      workers: 1,
      rateLimiter: kubefedRateLimiter<string>(1_000, 60_000),
      log: o.log,
      metrics: o.metrics,
    });
  }

  async start(): Promise<void> {
    this.#informer = this.#o.factory.acquire<FederatedTypeConfig>(this.#spec);
    this.#unsubscribe = this.#informer.addEventHandler({
      onAdd: (f) => this.#controller.enqueue(f.metadata.name ?? ''),
      onUpdate: (_o, f) => this.#controller.enqueue(f.metadata.name ?? ''),
      onDelete: (f) => this.#controller.enqueue(deletedObject(f).metadata.name ?? ''),
    });
    await this.#informer.waitForSync();
    this.#controller.start();
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    await this.#controller.stop();
    await Promise.all([...this.#running.values()].map((r) => r.sync.stop()));
    this.#running.clear();
    await this.#o.factory.release(this.#spec);
  }

  /** Names of the types whose sync controller runs (for logs and tests). */
  runningTypes(): string[] {
    return [...this.#running.keys()].sort();
  }

  #enqueueOthers(except: string): void {
    for (const f of this.#informer?.list() ?? []) if (f.metadata.name !== except) this.#controller.enqueue(f.metadata.name ?? '');
  }

  async #stopSync(name: string): Promise<void> {
    const r = this.#running.get(name);
    if (!r) return;
    this.#running.delete(name);
    await r.sync.stop();
  }

  async #startSync(ftc: FederatedTypeConfig): Promise<void> {
    const sync = this.#o.newSyncController(ftc);
    this.#running.set(ftc.metadata.name ?? '', { sync, generation: ftc.metadata.generation ?? 0 });
    await sync.start();
  }

  #ref(name: string, subresource?: string): ResourceRef {
    const ref: ResourceRef = { ...FTCS, namespace: this.#o.namespace, name };
    if (subresource) ref.subresource = subresource;
    return ref;
  }

  async reconcile(name: string): Promise<void> {
    const live = this.#informer?.get(`${this.#o.namespace}/${name}`);
    if (!live) {
      await this.#stopSync(name);
      if (name === NAMESPACES_FTC_NAME) this.#enqueueOthers(name);
      return;
    }
    const ftc = setFederatedTypeConfigDefaults(live);
    const finalizers = ftc.metadata.finalizers ?? [];
    if (ftc.metadata.deletionTimestamp) {
      await this.#stopSync(name);
      if (name === NAMESPACES_FTC_NAME) this.#enqueueOthers(name);
      if (finalizers.includes(FEDERATED_TYPE_CONFIG_FINALIZER)) {
        await this.#patchFinalizers(ftc, finalizers.filter((f) => f !== FEDERATED_TYPE_CONFIG_FINALIZER));
      }
      return;
    }
    if (!finalizers.includes(FEDERATED_TYPE_CONFIG_FINALIZER)) {
      await this.#patchFinalizers(ftc, [...finalizers, FEDERATED_TYPE_CONFIG_FINALIZER]);
      if (name === NAMESPACES_FTC_NAME) this.#enqueueOthers(name);
    }

    const enabled = ftc.spec.propagation === 'Enabled';
    const namespacedTarget = ftc.spec.targetType.scope === 'Namespaced';
    const running = this.#running.get(name);
    let error: string | undefined;
    if (enabled && this.#o.scope === 'Namespaced' && !namespacedTarget) {
      this.#o.log.info('skipping start of sync controller for a cluster-scoped type: KubeFed is limited to one namespace', { type: name });
      await this.#stopSync(name);
    } else if (!enabled) {
      await this.#stopSync(name);
    } else if (namespacedTarget && !this.#namespacesTypePresent()) {
      await this.#stopSync(name);
      error = `Unable to start sync controller for "${name}" due to missing FederatedTypeConfig for namespaces`;
    } else if (!running) {
      await this.#startSync(ftc);
    } else if (running.generation !== (ftc.metadata.generation ?? 0)) {
      this.#o.log.info('restarting sync controller: the type configuration changed', { type: name });
      await this.#stopSync(name);
      await this.#startSync(ftc);
    }
    const state: ControllerStatus = this.#running.has(name) ? 'Running' : 'NotRunning';
    await this.#writeStatus(ftc, state);
    if (error) throw new Error(error);
  }

  #namespacesTypePresent(): boolean {
    const ns = this.#informer?.get(`${this.#o.namespace}/${NAMESPACES_FTC_NAME}`);
    return ns !== undefined && !ns.metadata.deletionTimestamp;
  }

  async #patchFinalizers(ftc: FederatedTypeConfig, finalizers: string[]): Promise<void> {
    try {
      await this.#o.host.patch(this.#ref(ftc.metadata.name ?? ''), 'merge', { metadata: { finalizers, resourceVersion: ftc.metadata.resourceVersion } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async #writeStatus(ftc: FederatedTypeConfig, state: ControllerStatus): Promise<void> {
    const generation = ftc.metadata.generation ?? 0;
    const s = ftc.status;
    if (s && s.observedGeneration === generation && s.propagationController === state && s.statusController !== undefined) return;
    try {
      await this.#o.host.patch(this.#ref(ftc.metadata.name ?? '', 'status'), 'merge', {
        status: { observedGeneration: generation, propagationController: state, statusController: 'NotRunning' },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      this.#o.log.warn('could not write FederatedTypeConfig status', { type: ftc.metadata.name, error: errorMessage(err) });
      throw err;
    }
  }
}
