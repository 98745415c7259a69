// The sync (propagation) controller of one FederatedTypeConfig (kubefed-behaviour.md §3.6; DESIGN.md "One
// federated object, end to end"). Host watch events and member watch events both enqueue the key `ns/name` of the
// federated resource; a reconcile reads only caches, asks `federation/` what each cluster should hold, writes to the
// members concurrently (bounded per member), records what it wrote, and reports status and events.
import {
  AggregateReasons,
  DELETE_OPTION_ANNOTATION,
  EventReasons,
  MANAGED_LABEL,
  MANAGED_LABEL_FALSE,
  MANAGED_LABEL_TRUE,
  NAMESPACES_FTC_NAME,
  ORPHAN_ANNOTATION,
  ORPHAN_ANNOTATION_TRUE,
  PropagationStatuses,
  RECOVERABLE_PROPAGATION_STATUSES,
  SYNC_CONTROLLER_FINALIZER,
  UNPROPAGATED_NAMESPACES,
  type AggregateReason,
  type PropagationStatus,
  type Scope,
} from '../../apis/constants.js';
import { syncControllerName } from '../../apis/naming.js';
import type { FederatedResourceStatus, FederatedTypeConfig, KubeFedCluster } from '../../apis/types.js';
import { isObject, type JsonValue, type KubeObject } from '../../common/object.js';
import { errorMessage, isAlreadyExists, isNotFound } from '../../client/errors.js';
import { deletedObject, Informer } from '../../client/informer.js';
import { ItemExponentialFailureRateLimiter } from '../../client/ratelimiter.js';
import type { DeleteOptions, ResourceRef, RestClient } from '../../client/rest.js';
import { objectKey, splitKey } from '../../client/store.js';
import { dispatchEvent, dispatchFailedEvent, DispatchErrors, clusterNotReadyEvent, waitForRemovalEvent, type DispatchOperation } from '../../federation/events.js';
import { objectForCluster, objectFromTemplate, type TargetType } from '../../federation/object-for-cluster.js';
import { parseOverrides, type OverridesMap } from '../../federation/overrides.js';
import { computePlacement } from '../../federation/placement.js';
import { computeFederatedStatus, type ClusterOutcome } from '../../federation/status.js';
import { objectNeedsUpdate, objectVersion, overridesVersion, recordedClusterVersions, templateVersion, updatePropagatedVersionStatus } from '../../federation/versions.js';
import type { ClusterRegistry, MemberCluster } from '../cluster/registry.js';
import { Controller } from '../controller.js';
import type { EventSink } from '../events.js';
import type { Log } from '../log.js';
import type { InformerFactory, InformerSpec } from '../manager/informer-factory.js';
import type { Metrics } from '../metrics.js';
import { planCluster, planDeletion, type ClusterView } from './plan.js';
import { VersionStore } from './version-store.js';

export interface SyncSettings {
  /** KubeFed namespace (never propagated by the namespaces type). */
  kubefedNamespace: string;
  /** KubeFedConfig spec.scope. */
  scope: Scope;
  workers: number;
  adoptResources: boolean;
  /** The RawResourceStatusCollection feature gate; remote status is collected for FTCs with statusCollection Enabled. */
  rawResourceStatusCollection?: boolean;
}

export interface SyncControllerOptions {
  ftc: FederatedTypeConfig;
  host: RestClient;
  factory: InformerFactory;
  registry: ClusterRegistry;
  events: EventSink;
  settings: SyncSettings;
  log: Log;
  metrics?: Metrics;
}

/** While deletion waits for member objects, check again this often even without a member event. */
const DELETION_RECHECK_MS = 10_000;
/** Caches not yet synced: retry soon, without counting a failure. */
const NOT_SYNCED_RETRY_MS = 250;

const FEDERATED_NAMESPACES: InformerSpec = { group: 'types.kubefed.io', version: 'v1beta1', resource: 'federatednamespaces' };
const NAMESPACES: InformerSpec = { version: 'v1', resource: 'namespaces' };

interface ClusterResult {
  outcome?: ClusterOutcome;
  /** Version of the member object after this reconcile; '' after a delete; undefined when unknown/unchanged. */
  version?: string;
  /** A member object was written. */
  written?: boolean;
}

interface Dispatch {
  federated: KubeObject;
  key: string;
  overrides: OverridesMap;
  overridesError?: string;
  recorded: ReadonlyMap<string, string>;
}

function hasFinalizer(obj: KubeObject, name: string): boolean {
  return (obj.metadata.finalizers ?? []).includes(name);
}

export class SyncController {
  readonly ftc: FederatedTypeConfig;
  readonly #o: SyncControllerOptions;
  readonly #log: Log;
  readonly #controller: Controller;
  readonly #target: TargetType;
  readonly #targetRef: Omit<ResourceRef, 'namespace' | 'name'>;
  readonly #fedSpec: InformerSpec;
  readonly #targetNamespaced: boolean;
  readonly #isNamespaces: boolean;
  /** Copy member `.status` into `status.clusters[].remoteStatus` (kubefed-behaviour.md §3.6.7). */
  readonly #collectStatus: boolean;
  readonly #versions: VersionStore;
  readonly #memberInformers = new Map<string, { informer: Informer; client: RestClient }>();
  readonly #warnedGenerations = new Map<string, number>();
  readonly #cleanup: (() => void)[] = [];
  #fed: Informer | undefined;
  #fedNamespaces: Informer | undefined;
  #hostNamespaces: Informer | undefined;
  #stopped = false;

  constructor(o: SyncControllerOptions) {
    this.#o = o;
    this.ftc = o.ftc;
    const { targetType, federatedType } = o.ftc.spec;
    this.#log = o.log.with({ controller: syncControllerName(federatedType.kind) });
    this.#target = { group: targetType.group ?? '', version: targetType.version, kind: targetType.kind };
    this.#targetRef = { group: targetType.group ?? '', version: targetType.version, resource: targetType.pluralName };
    this.#targetNamespaced = targetType.scope === 'Namespaced';
    this.#isNamespaces = o.ftc.metadata.name === NAMESPACES_FTC_NAME;
    this.#collectStatus = o.settings.rawResourceStatusCollection === true && o.ftc.spec.statusCollection === 'Enabled';
    const federatedNamespaced = federatedType.scope === 'Namespaced';
    this.#fedSpec = { group: federatedType.group ?? '', version: federatedType.version, resource: federatedType.pluralName };
    if (o.settings.scope === 'Namespaced' && federatedNamespaced) this.#fedSpec.namespace = o.settings.kubefedNamespace;
    this.#versions = new VersionStore({
      client: o.host,
      targetKind: targetType.kind,
      federatedNamespaced,
      namespace: o.settings.scope === 'Namespaced' ? o.settings.kubefedNamespace : undefined,
    });
    const workerName = federatedType.kind.toLowerCase();
    this.#controller = new Controller({
      name: workerName,
      reconcile: (key) => this.reconcile(key),
      workers: o.settings.workers,
      // KubeFed backs off 5 s → 60 s; a first retry after 1 s makes ordering problems (an object created before its
      // namespace reached the member) heal quickly, while persistent failures still settle at one try per minute.
      rateLimiter: new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 1_000, maxDelayMs: 60_000, resetAfterIdleMs: 120_000 }),
      log: this.#log,
      metrics: o.metrics,
    });
  }

  get name(): string {
    return this.#controller.name;
  }

  /** Member namespace of the target objects: the KubeFed namespace in a namespaced control plane. */
  get #memberNamespace(): string | undefined {
    return this.#o.settings.scope === 'Namespaced' && this.#targetNamespaced ? this.#o.settings.kubefedNamespace : undefined;
  }

  async start(): Promise<void> {
    const { factory, registry } = this.#o;
    this.#fed = factory.acquire(this.#fedSpec);
    this.#cleanup.push(
      this.#fed.addEventHandler({
        onAdd: (obj) => this.#enqueueFederated(obj),
        onUpdate: (old, obj) => {
          if (this.#specChanged(old, obj)) this.#enqueueFederated(obj);
        },
        onDelete: (obj) => this.#enqueueFederated(deletedObject(obj)),
      }),
    );
    if (this.#isNamespaces) {
      this.#hostNamespaces = factory.acquire(NAMESPACES);
      this.#cleanup.push(
        this.#hostNamespaces.addEventHandler({
          onAdd: (ns) => this.#enqueueNamespace(ns.metadata.name ?? ''),
          onUpdate: (_o, ns) => this.#enqueueNamespace(ns.metadata.name ?? ''),
          onDelete: (ns) => this.#enqueueNamespace(deletedObject(ns).metadata.name ?? ''),
        }),
      );
    } else if (this.#targetNamespaced) {
      this.#fedNamespaces = factory.acquire(FEDERATED_NAMESPACES);
      const all = (ns: KubeObject): void => this.#enqueueAllIn(ns.metadata.namespace ?? '');
      this.#cleanup.push(
        this.#fedNamespaces.addEventHandler({
          onAdd: all,
          onUpdate: (old, ns) => {
            if (this.#specChanged(old, ns)) all(ns);
          },
          onDelete: (ns) => all(deletedObject(ns)),
        }),
      );
    }
    this.#cleanup.push(registry.subscribe((name, change) => this.#clusterChanged(name, change)));
    for (const c of registry.list()) if (c.ready) this.#startMember(c);
    await this.#loadVersions();
    this.#controller.start();
    this.#log.info('started sync controller', { type: this.ftc.metadata.name });
  }

  async #loadVersions(): Promise<void> {
    for (let delay = 500; !this.#stopped; delay = Math.min(delay * 2, 30_000)) {
      try {
        await this.#versions.load();
        return;
      } catch (err) {
        this.#log.warn('cannot list propagated versions; retrying', { error: errorMessage(err), retryMs: delay });
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const c of this.#cleanup) c();
    this.#cleanup.length = 0;
    await this.#controller.stop();
    await Promise.all([...this.#memberInformers.keys()].map((n) => this.#stopMember(n)));
    const { factory } = this.#o;
    await factory.release(this.#fedSpec);
    if (this.#hostNamespaces) await factory.release(NAMESPACES);
    if (this.#fedNamespaces) await factory.release(FEDERATED_NAMESPACES);
    this.#log.info('stopped sync controller', { type: this.ftc.metadata.name });
  }

  // ---- event sources ----

  /**
   * Status-only writes (ours) need no reconcile; spec, metadata and deletion changes do. Our own finalizer is left
   * out: the reconcile that adds it goes on with the patched object, and reconciling again for it would dispatch a
   * second time to members whose caches have not yet shown the first writes.
   */
  #specChanged(old: KubeObject, obj: KubeObject): boolean {
    const m = (o: KubeObject): unknown => [
      o.metadata.generation,
      o.metadata.deletionTimestamp,
      o.metadata.labels,
      o.metadata.annotations,
      (o.metadata.finalizers ?? []).filter((f) => f !== SYNC_CONTROLLER_FINALIZER),
      o.metadata.generation === undefined ? o['spec'] : undefined,
    ];
    return JSON.stringify(m(old)) !== JSON.stringify(m(obj));
  }

  #enqueueFederated(obj: KubeObject): void {
    this.#controller.enqueue(objectKey(obj));
  }

  #enqueueNamespace(name: string): void {
    if (name) this.#controller.enqueue(`${name}/${name}`);
  }

  #enqueueAllIn(namespace: string): void {
    for (const obj of this.#fed?.store.listNamespace(namespace) ?? []) this.#controller.enqueue(objectKey(obj));
  }

  #enqueueAll(): void {
    for (const key of this.#fed?.store.listKeys() ?? []) this.#controller.enqueue(key);
  }

  /** The federated resource a member object belongs to. */
  #keyForMember(obj: KubeObject): string {
    if (this.#isNamespaces) return `${obj.metadata.name ?? ''}/${obj.metadata.name ?? ''}`;
    return objectKey(obj);
  }

  #clusterChanged(name: string, change: string): void {
    const c = this.#o.registry.get(name);
    if (change === 'removed' || change === 'notReady' || !c?.ready) {
      void this.#stopMember(name);
      this.#enqueueAll();
      return;
    }
    const running = this.#memberInformers.get(name);
    if (running && running.client !== c.client) void this.#stopMember(name).then(() => this.#startMember(c));
    else if (!running) this.#startMember(c);
    else this.#enqueueAll();
  }

  #startMember(c: MemberCluster): void {
    if (this.#stopped || !c.client || this.#memberInformers.has(c.name)) return;
    const informer = new Informer({
      client: c.client,
      resource: this.#targetRef,
      namespace: this.#memberNamespace,
      labelSelector: `${MANAGED_LABEL}=${MANAGED_LABEL_TRUE}`,
      logger: this.#log.with({ cluster: c.name }),
    });
    // Drift correction is immediate: KubeFed waited 10 s (EnqueueForRetry) before looking at a member change.
    informer.addEventHandler({
      onAdd: (obj, initial) => {
        if (!initial) this.#controller.enqueue(this.#keyForMember(obj));
      },
      onUpdate: (old, obj) => {
        if (this.#memberChangeMatters(old, obj)) this.#controller.enqueue(this.#keyForMember(obj));
      },
      onDelete: (obj) => this.#controller.enqueue(this.#keyForMember(deletedObject(obj))),
    });
    this.#memberInformers.set(c.name, { informer, client: c.client });
    informer.start();
    void informer.waitForSync().then((synced) => {
      if (synced && this.#memberInformers.get(c.name)?.informer === informer) this.#enqueueAll();
    });
  }

  /**
   * A member's own controllers rewrite `.status` of the objects we propagate all the time (a Deployment's replica
   * counts); that is drift only for kinds without `metadata.generation`, and news only when remote status is
   * collected. Skipping the rest keeps a busy member from keeping our queue busy.
   */
  #memberChangeMatters(old: KubeObject, obj: KubeObject): boolean {
    if (this.#collectStatus || obj.metadata.generation === undefined) return true;
    const m = (o: KubeObject): unknown => [o.metadata.generation, o.metadata.deletionTimestamp, o.metadata.labels, o.metadata.annotations, o.metadata.finalizers];
    return JSON.stringify(m(old)) !== JSON.stringify(m(obj));
  }

  /** The member object's `.status` as remote status; an object without one has an empty status, not a missing one. */
  #remote(obj: KubeObject | undefined): { remoteStatus?: JsonValue } {
    if (!this.#collectStatus || !obj) return {};
    const status = obj['status'];
    return { remoteStatus: isObject(status) ? (JSON.parse(JSON.stringify(status)) as JsonValue) : {} };
  }

  async #stopMember(name: string): Promise<void> {
    const m = this.#memberInformers.get(name);
    if (!m) return;
    this.#memberInformers.delete(name);
    await m.informer.stop();
  }

  // ---- reconcile ----

  #hostSynced(): boolean {
    return (
      (this.#fed?.hasSynced() ?? false) &&
      (this.#fedNamespaces?.hasSynced() ?? true) &&
      (this.#hostNamespaces?.hasSynced() ?? true) &&
      this.#o.registry.hasSynced() &&
      this.#versions.loaded
    );
  }

  /** Whether every Ready cluster's member cache has its first list. */
  #membersSynced(clusters: readonly MemberCluster[]): boolean {
    return clusters.every((c) => !c.ready || !c.client || (this.#memberInformers.get(c.name)?.informer.hasSynced() ?? false));
  }

  #memberKey(federated: { namespace?: string; name: string }): string {
    if (this.#isNamespaces || !this.#targetNamespaced) return federated.name;
    return `${federated.namespace ?? ''}/${federated.name}`;
  }

  #clusterView(c: MemberCluster, memberKey: string): ClusterView {
    const obj = this.#memberInformers.get(c.name)?.informer.get(memberKey);
    const view: ClusterView = { name: c.name, ready: c.ready && c.client !== undefined };
    if (obj) {
      view.clusterObject = obj;
      if (this.#isNamespaces) {
        const hostNs = this.#hostNamespaces?.get(obj.metadata.name ?? '');
        view.hostNamespace = hostNs !== undefined && hostNs.metadata.uid !== undefined && hostNs.metadata.uid === obj.metadata.uid;
      }
    }
    return view;
  }

  async reconcile(key: string): Promise<{ requeueAfterMs?: number; notSyncedRetryMs?: number } | void> {
    const { namespace, name } = splitKey(key);
    if (this.#isNamespaces && (UNPROPAGATED_NAMESPACES.includes(name) || name === this.#o.settings.kubefedNamespace)) return;
    if (!this.#hostSynced()) return { notSyncedRetryMs: NOT_SYNCED_RETRY_MS };
    const clusters = this.#o.registry.list();
    if (!this.#membersSynced(clusters)) return { notSyncedRetryMs: NOT_SYNCED_RETRY_MS };

    const memberKey = this.#memberKey({ namespace, name });
    let federated = this.#fed?.get(key);
    if (!federated) {
      if (!this.#isNamespaces || namespace === name) await this.#removeOrphanLabels(memberKey, clusters);
      return;
    }
    if (this.#isNamespaces) {
      if (federated.metadata.name !== federated.metadata.namespace) {
        this.#o.events.event(federated, 'Warning', EventReasons.InvalidName, 'The name of a federated namespace must match the name of its containing namespace.');
        return;
      }
      if (!this.#hostNamespaces?.get(name)) return;
    }
    const fedNamespace = this.#targetNamespaced && namespace ? (this.#fedNamespaces?.get(`${namespace}/${namespace}`) ?? null) : null;

    if (federated.metadata.deletionTimestamp) return this.#ensureDeletion(federated, key, memberKey, clusters, fedNamespace);

    if (!hasFinalizer(federated, SYNC_CONTROLLER_FINALIZER)) {
      try {
        federated = await this.#patchFinalizers(federated, [...(federated.metadata.finalizers ?? []), SYNC_CONTROLLER_FINALIZER]);
      } catch (err) {
        this.#o.events.event(federated, 'Warning', EventReasons.EnsureFinalizerError, `Failed to ensure finalizer: ${errorMessage(err)}`);
        throw err;
      }
    }

    const placement = computePlacement({
      federated: federated as KubeObject & { kind: string },
      clusters: clusters.map((c) => c.object as KubeFedCluster),
      targetNamespaced: this.#targetNamespaced,
      federatedNamespace: fedNamespace,
      controlPlaneScope: this.#o.settings.scope,
    });
    if (!placement.ok) {
      this.#o.events.event(federated, 'Warning', EventReasons.ComputePlacementFailed, placement.error.message);
      await this.#writeStatus(federated, AggregateReasons.ComputePlacementFailed, new Map(), false, false);
      return;
    }
    const selected = new Set(placement.value.clusters);
    this.#templateWarnings(federated, key);

    const withSpec = federated as KubeObject & { spec?: unknown };
    const parsed = parseOverrides(withSpec);
    const tv = templateVersion(withSpec);
    const ov = overridesVersion(withSpec);
    const recordedStatus = this.#versions.get(key);
    const dispatch: Dispatch = {
      federated,
      key,
      overrides: parsed.ok ? parsed.value.byCluster : new Map(),
      recorded: recordedClusterVersions(recordedStatus, tv, ov),
    };
    if (!parsed.ok) dispatch.overridesError = parsed.error.message;

    const results = new Map<string, ClusterResult>();
    await Promise.all(
      clusters.map(async (c) => {
        const view = this.#clusterView(c, memberKey);
        const plan = planCluster(selected.has(c.name), view);
        results.set(c.name, await this.#syncCluster(dispatch, c, plan, memberKey));
      }),
    );

    const outcomes = new Map<string, ClusterOutcome>();
    const newVersions = new Map<string, string>();
    let written = false;
    for (const [name, r] of results) {
      if (r.outcome) outcomes.set(name, r.outcome);
      if (r.version !== undefined) newVersions.set(name, r.version);
      written ||= r.written === true;
    }
    const versions = updatePropagatedVersionStatus(recordedStatus, tv, ov, [...selected], newVersions);
    if (versions.changed) {
      try {
        await this.#versions.set(key, federated, versions.status);
      } catch (err) {
        this.#log.warn('could not record propagated versions', { key, error: errorMessage(err) });
      }
    }
    await this.#writeStatus(federated, AggregateReasons.AggregateSuccess, outcomes, placement.value.reason === AggregateReasons.NamespaceNotFederated, written);
    const failed = [...outcomes.entries()].filter(([, o]) => RECOVERABLE_PROPAGATION_STATUSES.has(o.status));
    if (failed.length > 0) throw new Error(`propagation failed in ${failed.map(([n, o]) => `${n} (${o.status})`).join(', ')}`);
  }

  #templateWarnings(federated: KubeObject, key: string): void {
    const generation = federated.metadata.generation ?? 0;
    if (this.#warnedGenerations.get(key) === generation) return;
    this.#warnedGenerations.set(key, generation);
    const built = objectFromTemplate(federated as KubeObject & { kind: string }, this.#target);
    if (!built.ok) return;
    for (const w of built.value.warnings) this.#o.events.event(federated, 'Warning', w.reason, w.message);
  }

  /** Events name the target object as KubeFed does: `ns/name`, or `name` for cluster-scoped targets. */
  #targetNamespace(federated: KubeObject): string | undefined {
    return this.#targetNamespaced ? federated.metadata.namespace : undefined;
  }

  #event(federated: KubeObject, op: DispatchOperation, cluster: string): void {
    const e = dispatchEvent(op, this.#target.kind, this.#targetNamespace(federated), federated.metadata.name ?? '', cluster);
    this.#o.events.event(federated, e.type, e.reason, e.message);
  }

  #failed(federated: KubeObject, op: DispatchOperation, cluster: string, error: string): void {
    const e = dispatchFailedEvent(op, this.#target.kind, this.#targetNamespace(federated), federated.metadata.name ?? '', cluster, error);
    this.#o.events.event(federated, e.type, e.reason, e.message);
  }

  #memberRef(memberKey: string, name?: string): ResourceRef {
    const { namespace, name: n } = splitKey(memberKey);
    const ref: ResourceRef = { ...this.#targetRef, name: name ?? n };
    if (this.#targetNamespaced && namespace) ref.namespace = namespace;
    return ref;
  }

  async #syncCluster(d: Dispatch, c: MemberCluster, plan: ReturnType<typeof planCluster>, memberKey: string): Promise<ClusterResult> {
    const status = (s: PropagationStatus): ClusterResult => ({ outcome: { status: s } });
    switch (plan.action) {
      case 'skip':
        return {};
      case 'notReady': {
        const e = clusterNotReadyEvent();
        this.#o.events.event(d.federated, e.type, e.reason, e.message);
        return status(PropagationStatuses.ClusterNotReady);
      }
      case 'waitForRemoval':
        return { outcome: { status: PropagationStatuses.WaitingForRemoval, ...this.#remote(this.#clusterView(c, memberKey).clusterObject) } };
      case 'removeLabel':
        return c.slots.run(() => this.#removeLabel(d.federated, c, memberKey));
      case 'delete':
        return c.slots.run(() => this.#delete(d.federated, c, memberKey, undefined));
      case 'create':
        return c.slots.run(() => this.#create(d, c, memberKey));
      case 'update':
        return c.slots.run(() => this.#update(d, c, memberKey, plan.clusterObject, false));
    }
  }

  #desired(d: Dispatch, c: MemberCluster, op: DispatchOperation, clusterObject: KubeObject | undefined): KubeObject | ClusterResult {
    if (d.overridesError !== undefined) {
      this.#failed(d.federated, op, c.name, d.overridesError);
      return { outcome: { status: PropagationStatuses.ApplyOverridesFailed } };
    }
    const built = objectForCluster({
      federated: d.federated as KubeObject & { kind: string },
      target: this.#target,
      clusterName: c.name,
      overrides: d.overrides,
      clusterObject: clusterObject ?? null,
    });
    if (!built.ok) {
      this.#failed(d.federated, op, c.name, built.error.message);
      return { outcome: { status: built.error.reason as PropagationStatus } };
    }
    return built.value.object;
  }

  async #create(d: Dispatch, c: MemberCluster, memberKey: string): Promise<ClusterResult> {
    const client = c.client as RestClient;
    const desired = this.#desired(d, c, 'create', undefined);
    if (!('metadata' in desired)) return desired;
    try {
      const created = await this.#dispatch(d.federated, 'create', c.name, () => client.create(this.#memberRef(memberKey), desired));
      return { outcome: { status: '', ...this.#remote(created) }, version: objectVersion(created), written: true };
    } catch (err) {
      if (!isAlreadyExists(err)) {
        this.#failed(d.federated, 'create', c.name, errorMessage(err));
        return { outcome: { status: PropagationStatuses.CreationFailed } };
      }
    }
    // The object exists: our own earlier write the member cache has not shown yet, or a pre-existing object to adopt.
    let live: KubeObject;
    try {
      live = await client.get(this.#memberRef(memberKey));
    } catch (err) {
      this.#failed(d.federated, 'create', c.name, errorMessage(err));
      return { outcome: { status: PropagationStatuses.RetrievalFailed } };
    }
    const managed = live.metadata.labels?.[MANAGED_LABEL] === MANAGED_LABEL_TRUE;
    const hostNamespace = this.#isNamespaces && this.#hostNamespaces?.get(live.metadata.name ?? '')?.metadata.uid === live.metadata.uid;
    if (!managed && !this.#o.settings.adoptResources && !hostNamespace) {
      this.#failed(d.federated, 'create', c.name, DispatchErrors.ResourcePreExists);
      return { outcome: { status: PropagationStatuses.AlreadyExists } };
    }
    if (!managed && !hostNamespace) this.#failed(d.federated, 'create', c.name, DispatchErrors.UpdateInsteadOfCreate);
    return this.#update(d, c, memberKey, live, true);
  }

  async #update(d: Dispatch, c: MemberCluster, memberKey: string, cached: KubeObject, isLive: boolean): Promise<ClusterResult> {
    const client = c.client as RestClient;
    if (cached.metadata.labels?.[MANAGED_LABEL] === MANAGED_LABEL_FALSE) {
      this.#failed(d.federated, 'update', c.name, DispatchErrors.ManagedLabelFalse);
      return { outcome: { status: PropagationStatuses.ManagedLabelFalse } };
    }
    const recorded = d.recorded.get(c.name);
    let current = cached;
    let desired = this.#desired(d, c, 'update', current);
    if (!('metadata' in desired)) return desired;
    if (!objectNeedsUpdate(desired, current, recorded)) return { outcome: { status: '', ...this.#remote(current) }, version: recorded };
    if (!isLive) {
      // The member cache can trail our own last write by a moment; confirm with one read before writing, which
      // keeps a just-written object from being rewritten (and a stale resourceVersion from conflicting).
      try {
        current = await client.get(this.#memberRef(memberKey));
      } catch (err) {
        if (isNotFound(err)) return this.#create(d, c, memberKey);
        this.#failed(d.federated, 'update', c.name, errorMessage(err));
        return { outcome: { status: PropagationStatuses.UpdateFailed } };
      }
      if (current.metadata.resourceVersion !== cached.metadata.resourceVersion) {
        desired = this.#desired(d, c, 'update', current);
        if (!('metadata' in desired)) return desired;
        if (!objectNeedsUpdate(desired, current, recorded)) return { outcome: { status: '', ...this.#remote(current) }, version: recorded };
      }
    }
    try {
      const updated = await this.#dispatch(d.federated, 'update', c.name, () => client.update(this.#memberRef(memberKey), desired));
      return { outcome: { status: '', ...this.#remote(updated) }, version: objectVersion(updated), written: true };
    } catch (err) {
      this.#failed(d.federated, 'update', c.name, errorMessage(err));
      return { outcome: { status: PropagationStatuses.UpdateFailed } };
    }
  }

  async #delete(federated: KubeObject, c: MemberCluster, memberKey: string, options: DeleteOptions | undefined): Promise<ClusterResult> {
    try {
      const res = await this.#dispatch(federated, 'delete', c.name, () => (c.client as RestClient).delete(this.#memberRef(memberKey), options));
      const stillThere = isObject(res) && res.kind !== 'Status' && isObject(res['metadata']) && res['metadata']['deletionTimestamp'] !== undefined;
      return { outcome: stillThere ? { status: PropagationStatuses.WaitingForRemoval } : undefined, version: '', written: true };
    } catch (err) {
      if (isNotFound(err)) return { version: '', written: true };
      this.#failed(federated, 'delete', c.name, errorMessage(err));
      return { outcome: { status: PropagationStatuses.DeletionFailed } };
    }
  }

  /** Announces one member write (the <Op>InCluster event) and times it into dispatch_operation_duration_seconds. */
  async #dispatch<T>(federated: KubeObject, op: 'create' | 'update' | 'delete', cluster: string, write: () => Promise<T>): Promise<T> {
    this.#event(federated, op, cluster);
    const started = performance.now();
    const result = await write();
    this.#o.metrics?.dispatchDuration(op, (performance.now() - started) / 1000);
    return result;
  }

  async #removeLabel(federated: KubeObject | undefined, c: MemberCluster, memberKey: string): Promise<ClusterResult> {
    if (federated) this.#event(federated, 'remove managed label from', c.name);
    try {
      await (c.client as RestClient).patch(this.#memberRef(memberKey), 'merge', { metadata: { labels: { [MANAGED_LABEL]: null } } });
      return { version: '', written: true };
    } catch (err) {
      if (isNotFound(err)) return { version: '' };
      if (federated) this.#failed(federated, 'remove managed label from', c.name, errorMessage(err));
      else this.#log.warn('could not remove the managed label from an orphaned object', { cluster: c.name, object: memberKey, error: errorMessage(err) });
      return { outcome: { status: PropagationStatuses.LabelRemovalFailed } };
    }
  }

  /**
   * Nobody federates `memberKey` (any more): a member object carrying the managed label was labeled by hand or
   * left behind, and loses the label so it is no longer ours. Clusters that are not Ready are retried later.
   */
  async #removeOrphanLabels(memberKey: string, clusters: readonly MemberCluster[]): Promise<void> {
    const failures: string[] = [];
    await Promise.all(
      clusters.map(async (c) => {
        const obj = this.#memberInformers.get(c.name)?.informer.get(memberKey);
        if (!obj || obj.metadata.deletionTimestamp) return;
        if (!c.ready || !c.client) {
          failures.push(c.name);
          return;
        }
        this.#log.info('removing the managed label from an object nobody federates', { cluster: c.name, object: memberKey });
        const r = await c.slots.run(() => this.#removeLabel(undefined, c, memberKey));
        if (r.outcome) failures.push(c.name);
      }),
    );
    if (failures.length > 0) throw new Error(`could not release ${memberKey} in clusters ${failures.sort().join(', ')}`);
  }

  async #patchFinalizers(federated: KubeObject, finalizers: string[]): Promise<KubeObject> {
    const ref: ResourceRef = { ...this.#fedSpec, namespace: federated.metadata.namespace, name: federated.metadata.name };
    return this.#o.host.patch(ref, 'merge', { metadata: { finalizers, resourceVersion: federated.metadata.resourceVersion } });
  }

  async #removeFinalizer(federated: KubeObject): Promise<void> {
    try {
      await this.#patchFinalizers(federated, (federated.metadata.finalizers ?? []).filter((f) => f !== SYNC_CONTROLLER_FINALIZER));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async #ensureDeletion(federated: KubeObject, key: string, memberKey: string, clusters: readonly MemberCluster[], fedNamespace: KubeObject | null): Promise<{ requeueAfterMs?: number } | void> {
    if (!hasFinalizer(federated, SYNC_CONTROLLER_FINALIZER)) return;
    const placement = computePlacement({
      federated: federated as KubeObject & { kind: string },
      clusters: clusters.map((c) => c.object as KubeFedCluster),
      targetNamespaced: this.#targetNamespaced,
      federatedNamespace: fedNamespace,
      controlPlaneScope: this.#o.settings.scope,
    });
    const selected = new Set(placement.ok ? placement.value.clusters : []);
    const placed = clusters.filter((c) => selected.has(c.name));
    const annotations = federated.metadata.annotations ?? {};

    if (annotations[ORPHAN_ANNOTATION] === ORPHAN_ANNOTATION_TRUE) {
      // Orphaning: release the member objects first, then let the federated resource go. KubeFed removed the
      // finalizer first and could leave labeled objects behind if the process stopped in between (quirk 6).
      const failures: string[] = [];
      await Promise.all(
        placed.map(async (c) => {
          const view = this.#clusterView(c, memberKey);
          if (!view.clusterObject || view.clusterObject.metadata.deletionTimestamp) return;
          if (!view.ready) return failures.push(c.name);
          const r = await c.slots.run(() => this.#removeLabel(federated, c, memberKey));
          if (r.outcome) failures.push(c.name);
          return undefined;
        }),
      );
      if (failures.length > 0) throw new Error(`could not remove the managed label in clusters ${failures.sort().join(', ')}`);
      this.#versions.forget(key);
      await this.#removeFinalizer(federated);
      return;
    }

    let options: DeleteOptions | undefined;
    const rawOptions = annotations[DELETE_OPTION_ANNOTATION];
    if (rawOptions) {
      try {
        const parsed: unknown = JSON.parse(rawOptions);
        if (!isObject(parsed)) throw new Error('not a JSON object');
        options = parsed as DeleteOptions;
      } catch (err) {
        const message = `annotation ${DELETE_OPTION_ANNOTATION} is not valid DeleteOptions JSON: ${errorMessage(err)}`;
        this.#o.events.event(federated, 'Warning', 'DeleteOptionInvalid', message);
        throw new Error(message);
      }
    }

    const plan = planDeletion(placed.map((c) => this.#clusterView(c, memberKey)));
    await Promise.all([
      ...plan.toDelete.map((n) => {
        const c = placed.find((p) => p.name === n) as MemberCluster;
        return c.slots.run(() => this.#delete(federated, c, memberKey, options));
      }),
      ...plan.toUnlabel.map((n) => {
        const c = placed.find((p) => p.name === n) as MemberCluster;
        return c.slots.run(() => this.#removeLabel(federated, c, memberKey));
      }),
    ]);
    if (plan.notReady.length > 0) {
      // Deleting now would leave objects behind in members we cannot reach; wait until they are back (or leave
      // the placement), and say so.
      const message = `the following clusters were not ready: ${plan.notReady.sort().join(', ')}`;
      this.#o.events.event(federated, 'Warning', EventReasons.ClusterNotReady, `Waiting to delete from clusters that are not ready: ${plan.notReady.join(', ')}`);
      throw new Error(message);
    }
    if (plan.remaining.length > 0) {
      const e = waitForRemovalEvent(plan.remaining);
      this.#o.events.event(federated, e.type, e.reason, e.message);
      return { requeueAfterMs: DELETION_RECHECK_MS };
    }
    // The caches say everything is gone; confirm with live reads before letting the federated resource go.
    const lingering: string[] = [];
    await Promise.all(
      placed.map(async (c) => {
        try {
          const live = await (c.client as RestClient).get(this.#memberRef(memberKey));
          const hostNs = this.#isNamespaces && this.#hostNamespaces?.get(live.metadata.name ?? '')?.metadata.uid === live.metadata.uid;
          if (live.metadata.labels?.[MANAGED_LABEL] === MANAGED_LABEL_TRUE && !(hostNs && live.metadata.deletionTimestamp)) lingering.push(c.name);
        } catch (err) {
          if (!isNotFound(err)) lingering.push(c.name);
        }
      }),
    );
    if (lingering.length > 0) return { requeueAfterMs: 1_000 };
    this.#versions.forget(key);
    this.#warnedGenerations.delete(key);
    await this.#removeFinalizer(federated);
  }

  async #writeStatus(federated: KubeObject, reason: AggregateReason, outcomes: ReadonlyMap<string, ClusterOutcome>, namespaceNotFederated: boolean, written: boolean): Promise<void> {
    const result = computeFederatedStatus({
      old: federated['status'] as FederatedResourceStatus | undefined,
      generation: federated.metadata.generation ?? 0,
      reason,
      clusters: outcomes,
      remoteStatusCollection: this.#collectStatus,
      namespaceNotFederated,
      resourcesUpdated: written,
      now: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    if (!result.changed) return;
    const ref: ResourceRef = { ...this.#fedSpec, namespace: federated.metadata.namespace, name: federated.metadata.name, subresource: 'status' };
    // A merge patch of the whole status needs no resourceVersion: the status is ours alone, so the newest
    // computation wins without conflicts against our own finalizer patch.
    const body = { status: { ...result.status, clusters: result.status.clusters ?? null } };
    try {
      await this.#o.host.patch(ref, 'merge', body);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
