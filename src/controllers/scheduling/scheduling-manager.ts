// The scheduling manager (kubefed-behaviour.md §3.8, KubeFed `schedulingmanager`): follows the FederatedTypeConfigs
// of the types RSPs can target (deployments.apps, replicasets.apps) and runs the RSP controller while at least one of
// them is enabled, with a target per enabled type. Like KubeFed it needs the namespaces type too, because the
// federated kinds it schedules are namespaced.
import { NAMESPACES_FTC_NAME, type Scope } from '../../apis/constants.js';
import { setFederatedTypeConfigDefaults } from '../../apis/defaults.js';
import type { FederatedTypeConfig } from '../../apis/types.js';
import { parseDuration } from '../../common/duration.js';
import { errorMessage } from '../../client/errors.js';
import type { Informer } from '../../client/informer.js';
import type { RestClient } from '../../client/rest.js';
import type { ClusterRegistry } from '../cluster/registry.js';
import type { EventSink } from '../events.js';
import type { Log } from '../log.js';
import type { InformerFactory, InformerSpec } from '../manager/informer-factory.js';
import type { Metrics } from '../metrics.js';
import { RspController } from './controller.js';
import { DEFAULT_UNSCHEDULABLE_THRESHOLD_MS } from '../../federation/rsp-pod-analysis.js';

/** FTC names whose federated kinds an RSP can target (KubeFed's scheduling type registry). */
export const SCHEDULABLE_TYPE_CONFIGS: readonly string[] = ['deployments.apps', 'replicasets.apps'];

/**
 * Environment variable overriding how long a pod must be unschedulable before it lowers a cluster's capacity
 * estimate (a Go duration such as `5s`; default 60 s as in KubeFed). Tests shorten it; KubeFed had no such knob.
 */
export const UNSCHEDULABLE_THRESHOLD_ENV = 'KUBEFED_RSP_UNSCHEDULABLE_THRESHOLD';

/** The threshold from `env`, or the default; throws naming the variable when it is not a duration. */
export function unschedulableThresholdFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const v = env[UNSCHEDULABLE_THRESHOLD_ENV];
  if (v === undefined || v === '') return DEFAULT_UNSCHEDULABLE_THRESHOLD_MS;
  try {
    return parseDuration(v);
  } catch (err) {
    throw new Error(`${UNSCHEDULABLE_THRESHOLD_ENV} must be a duration such as 60s, not "${v}": ${errorMessage(err)}`);
  }
}

export interface SchedulingManagerOptions {
  host: RestClient;
  factory: InformerFactory;
  registry: ClusterRegistry;
  events: EventSink;
  scope: Scope;
  kubefedNamespace: string;
  unschedulableThresholdMs?: number;
  log: Log;
  metrics?: Metrics;
}

const FTCS = { group: 'core.kubefed.io', version: 'v1beta1', resource: 'federatedtypeconfigs' } as const;

export class SchedulingManager {
  readonly #o: SchedulingManagerOptions;
  readonly #ftcSpec: InformerSpec;
  #ftcs: Informer<FederatedTypeConfig> | undefined;
  #unsubscribe: (() => void) | undefined;
  #rsp: RspController | undefined;
  /** Serialises start/stop so that a burst of FTC events cannot start two controllers. */
  #chain: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(o: SchedulingManagerOptions) {
    this.#o = o;
    this.#ftcSpec = { ...FTCS, namespace: o.kubefedNamespace };
  }

  /** The RSP controller while it runs (for tests). */
  get controller(): RspController | undefined {
    return this.#rsp;
  }

  async start(): Promise<void> {
    this.#ftcs = this.#o.factory.acquire<FederatedTypeConfig>(this.#ftcSpec);
    const changed = (): void => this.#evaluate();
    this.#unsubscribe = this.#ftcs.addEventHandler({ onAdd: changed, onUpdate: changed, onDelete: changed });
    await this.#ftcs.waitForSync();
    this.#evaluate();
    await this.#chain;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    await this.#chain;
    const rsp = this.#rsp;
    this.#rsp = undefined;
    await rsp?.stop();
    await this.#o.factory.release(this.#ftcSpec);
  }

  #enabledTargets(): FederatedTypeConfig[] {
    const get = (name: string): FederatedTypeConfig | undefined => {
      const f = this.#ftcs?.get(`${this.#o.kubefedNamespace}/${name}`);
      return f && !f.metadata.deletionTimestamp ? setFederatedTypeConfigDefaults(f) : undefined;
    };
    if (!get(NAMESPACES_FTC_NAME)) return [];
    return SCHEDULABLE_TYPE_CONFIGS.flatMap((name) => {
      const f = get(name);
      return f && f.spec.propagation === 'Enabled' ? [f] : [];
    });
  }

  #evaluate(): void {
    this.#chain = this.#chain.then(() => this.#apply()).catch((err: unknown) => {
      this.#o.log.error('replica scheduling: could not apply the type configuration', { error: errorMessage(err) });
    });
  }

  async #apply(): Promise<void> {
    if (this.#stopped) return;
    const wanted = this.#enabledTargets();
    if (wanted.length === 0) {
      const rsp = this.#rsp;
      this.#rsp = undefined;
      await rsp?.stop();
      return;
    }
    if (!this.#rsp) {
      this.#rsp = new RspController({
        host: this.#o.host,
        factory: this.#o.factory,
        registry: this.#o.registry,
        events: this.#o.events,
        scope: this.#o.scope,
        kubefedNamespace: this.#o.kubefedNamespace,
        unschedulableThresholdMs: this.#o.unschedulableThresholdMs ?? DEFAULT_UNSCHEDULABLE_THRESHOLD_MS,
        log: this.#o.log.with({ controller: 'replicaschedulingpreference' }),
        metrics: this.#o.metrics,
      });
      await this.#rsp.start();
    }
    const kinds = new Set(wanted.map((f) => f.spec.federatedType.kind));
    for (const kind of this.#rsp.targetKinds()) if (!kinds.has(kind)) await this.#rsp.removeTarget(kind);
    for (const f of wanted) this.#rsp.addTarget(f);
  }
}
