// The Manager wires the controllers of one controller-manager process to one host cluster: shared host informers,
// the member-cluster registry, the cluster health controller and the FederatedTypeConfig controller (which starts
// a sync controller per enabled type). It owns their lifecycle: start in dependency order, stop in reverse.
import type { FederatedTypeConfig } from '../../apis/types.js';
import { syncControllerName } from '../../apis/naming.js';
import { featureGateEnabled } from '../../apis/defaults.js';
import { FeatureGates } from '../../apis/constants.js';
import { RestClient } from '../../client/rest.js';
import { ClusterHealthController } from '../cluster/health.js';
import { ClusterRegistry } from '../cluster/registry.js';
import type { ControllerSettings } from '../config.js';
import { EventRecorder } from '../events.js';
import type { Log } from '../log.js';
import type { Metrics } from '../metrics.js';
import { SchedulingManager, RSP_CONTROLLER_NAME, unschedulableThresholdFromEnv } from '../scheduling/index.js';
import { SyncController } from '../sync/controller.js';
import { DnsControllers } from '../dns/index.js';
import { TypeConfigController } from '../typeconfig/controller.js';
import { InformerFactory } from './informer-factory.js';

export interface ManagerOptions {
  host: RestClient;
  namespace: string;
  settings: ControllerSettings;
  log: Log;
  metrics?: Metrics;
}

/** KubeFed's --rest-config-qps / --rest-config-burst defaults, which every one of its host clients gets. */
const CONTROLLER_HOST_QPS = 100;
const CONTROLLER_HOST_BURST = 200;

export class Manager {
  readonly #o: ManagerOptions;
  readonly factory: InformerFactory;
  readonly registry: ClusterRegistry;
  readonly #health: ClusterHealthController;
  readonly #typeConfigs: TypeConfigController;
  readonly #scheduling: SchedulingManager | undefined;
  readonly #dns: DnsControllers;
  readonly #recorders = new Map<string, EventRecorder>();
  readonly #clients = new Map<string, RestClient>();
  #started = false;

  constructor(o: ManagerOptions) {
    this.#o = o;
    this.factory = new InformerFactory(o.host, o.log.v(2));
    this.registry = new ClusterRegistry(this.factory, o.namespace, o.log);
    this.#health = new ClusterHealthController({
      host: o.host,
      registry: this.registry,
      namespace: o.namespace,
      settings: {
        periodMs: o.settings.healthPeriodMs,
        timeoutMs: o.settings.healthTimeoutMs,
        failureThreshold: o.settings.failureThreshold,
        successThreshold: o.settings.successThreshold,
      },
      events: this.#recorder('kubefedcluster-controller'),
      metrics: o.metrics,
      log: o.log.with({ controller: 'kubefedcluster' }),
    });
    this.#typeConfigs = new TypeConfigController({
      host: o.host,
      factory: this.factory,
      namespace: o.namespace,
      scope: o.settings.scope,
      newSyncController: (ftc) => this.#newSync(ftc),
      log: o.log.with({ controller: 'federatedtypeconfig' }),
      metrics: o.metrics,
    });
    this.#scheduling = featureGateEnabled(o.settings.spec, FeatureGates.SchedulerPreferences)
      ? new SchedulingManager({ host: o.host, factory: this.factory, registry: this.registry, events: this.#recorder(RSP_CONTROLLER_NAME), scope: o.settings.scope, kubefedNamespace: o.namespace, unschedulableThresholdMs: unschedulableThresholdFromEnv(), log: o.log, metrics: o.metrics })
      : undefined;
    this.#dns = new DnsControllers({ host: o.host, factory: this.factory, registry: this.registry, kubefedNamespace: o.namespace, scope: o.settings.scope, spec: o.settings.spec, events: (c) => this.#recorder(c), log: o.log, metrics: o.metrics });
  }

  #recorder(component: string): EventRecorder {
    let r = this.#recorders.get(component);
    if (!r) {
      r = new EventRecorder({ client: this.#client(`${component}/events`), component, host: process.env['HOSTNAME'], logger: this.#o.log });
      this.#recorders.set(component, r);
    }
    return r;
  }

  /**
   * A host client with its own rate limit, as KubeFed builds one per controller and one per event broadcaster from
   * the same rest config: thousands of Events or one busy type must not use up the budget of the other controllers.
   */
  #client(userAgent: string): RestClient {
    let c = this.#clients.get(userAgent);
    if (!c) {
      c = new RestClient(this.#o.host.connection, { qps: CONTROLLER_HOST_QPS, burst: CONTROLLER_HOST_BURST, userAgent: `kubefed-controller-manager/${userAgent}` });
      this.#clients.set(userAgent, c);
    }
    return c;
  }

  #newSync(ftc: FederatedTypeConfig): SyncController {
    return new SyncController({
      ftc,
      host: this.#client(syncControllerName(ftc.spec.federatedType.kind)),
      factory: this.factory,
      registry: this.registry,
      events: this.#recorder(syncControllerName(ftc.spec.federatedType.kind)),
      settings: {
        kubefedNamespace: this.#o.namespace,
        scope: this.#o.settings.scope,
        workers: this.#o.settings.syncWorkers,
        adoptResources: this.#o.settings.adoptResources,
        rawResourceStatusCollection: featureGateEnabled(this.#o.settings.spec, FeatureGates.RawResourceStatusCollection),
      },
      log: this.#o.log,
      metrics: this.#o.metrics,
    });
  }

  get started(): boolean {
    return this.#started;
  }

  async start(signal?: AbortSignal): Promise<void> {
    await this.registry.start(signal);
    this.#health.start();
    await this.#typeConfigs.start();
    await this.#scheduling?.start();
    this.#dns.start();
    this.#started = true;
    this.#o.log.info('controllers started', { namespace: this.#o.namespace, scope: this.#o.settings.scope });
  }

  async stop(): Promise<void> {
    await this.#dns.stop();
    await this.#scheduling?.stop();
    await this.#typeConfigs.stop();
    await this.#health.stop();
    await this.registry.stop();
    await this.factory.stopAll();
    await Promise.race([Promise.all([...this.#recorders.values()].map((r) => r.flush())), new Promise((r) => setTimeout(r, 2_000))]);
    this.#o.host.close();
    for (const c of this.#clients.values()) c.close();
  }
}
