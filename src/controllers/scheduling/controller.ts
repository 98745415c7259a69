// The ReplicaSchedulingPreference controller (kubefed-behaviour.md §3.8): for each RSP, reads the caches (the RSP,
// the federated object of the same namespace/name, its FederatedNamespace, the member clusters' workloads and
// pods), asks `decide` for the split, and writes placement plus `/spec/replicas` overrides into the federated object
// only when they differ, so the sync controller's own writes (status) never bounce back. The outcome is reported as
// the RSP's `Scheduled` condition and as events.
import { MANAGED_LABEL, MANAGED_LABEL_TRUE, RSP_SCHEDULED_CONDITION, RspConditionReasons, type Scope } from '../../apis/constants.js';
import type { Condition, FederatedTypeConfig, ReplicaSchedulingPreference } from '../../apis/types.js';
import { isObject, type KubeObject } from '../../common/object.js';
import { errorMessage, isNotFound } from '../../client/errors.js';
import { deletedObject, Informer } from '../../client/informer.js';
import { kubefedRateLimiter } from '../../client/ratelimiter.js';
import type { ResourceRef, RestClient } from '../../client/rest.js';
import { objectKey, splitKey } from '../../client/store.js';
import { applyReplicaSchedule } from '../../federation/replica-schedule.js';
import type { ClusterRegistry, MemberCluster } from '../cluster/registry.js';
import { Controller, type ReconcileResult } from '../controller.js';
import type { EventSink } from '../events.js';
import type { Log } from '../log.js';
import type { InformerFactory, InformerSpec } from '../manager/informer-factory.js';
import type { Metrics } from '../metrics.js';
import { decide, type ClusterState, type Decision, type MemberWorkload } from '../../federation/rsp-decision.js';
import type { PodView } from '../../federation/rsp-pod-analysis.js';

export interface RspControllerOptions {
  host: RestClient;
  factory: InformerFactory;
  registry: ClusterRegistry;
  events: EventSink;
  /** KubeFedConfig spec.scope; Namespaced limits every watch to `kubefedNamespace`. */
  scope: Scope;
  kubefedNamespace: string;
  unschedulableThresholdMs: number;
  log: Log;
  metrics?: Metrics;
  /** The clock (ms since the epoch); tests pin it. */
  now?: () => number;
}

/** Event component of the controller, as KubeFed names it. */
export const RSP_CONTROLLER_NAME = 'replicaschedulingpreference-controller';

export const RSPS: InformerSpec = { group: 'scheduling.kubefed.io', version: 'v1alpha1', resource: 'replicaschedulingpreferences' };
const FEDERATED_NAMESPACES: InformerSpec = { group: 'types.kubefed.io', version: 'v1beta1', resource: 'federatednamespaces' };
const PODS = { version: 'v1', resource: 'pods' } as const;
const NOT_SYNCED_RETRY_MS = 250;

/** A federated kind the controller schedules, from its FederatedTypeConfig. */
interface Target {
  fedSpec: InformerSpec;
  memberResource: { group: string; version: string; resource: string };
  fed: Informer;
  unsubscribe: () => void;
}

interface Member {
  client: RestClient;
  pods: Informer<KubeObject>;
  /** federated kind → informer of the member workloads that kind manages. */
  workloads: Map<string, Informer<KubeObject>>;
}

/** Keeps what the decision reads of a Deployment/ReplicaSet: the cache holds thousands of them per cluster. */
function projectWorkload(obj: KubeObject): KubeObject {
  const spec = isObject(obj['spec']) ? obj['spec'] : {};
  const status = isObject(obj['status']) ? obj['status'] : {};
  const selector = isObject(spec['selector']) ? spec['selector'] : {};
  const { name, namespace, resourceVersion, uid } = obj.metadata;
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: { name, namespace, resourceVersion, uid },
    spec: { replicas: spec['replicas'], selector: { matchLabels: selector['matchLabels'] } },
    status: { readyReplicas: status['readyReplicas'] },
  };
}

/** Pods are only analysed (§3.8 step 1): labels, phase and the conditions are enough. */
function projectPod(obj: KubeObject): KubeObject {
  const status = isObject(obj['status']) ? obj['status'] : {};
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  const { name, namespace, resourceVersion, labels } = obj.metadata;
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: { name, namespace, resourceVersion, labels },
    status: {
      phase: status['phase'],
      conditions: conditions.flatMap((c) =>
        isObject(c) && (c['type'] === 'Ready' || c['type'] === 'PodScheduled')
          ? [{ type: c['type'], status: c['status'], reason: c['reason'], lastTransitionTime: c['lastTransitionTime'] }]
          : [],
      ),
    },
  };
}

function workloadView(obj: KubeObject | undefined): MemberWorkload | undefined {
  if (!obj) return undefined;
  const spec = isObject(obj['spec']) ? obj['spec'] : {};
  const status = isObject(obj['status']) ? obj['status'] : {};
  const selector = isObject(spec['selector']) ? spec['selector'] : {};
  const view: MemberWorkload = {
    // A Deployment without spec.replicas runs 1 once defaulted; the API server always defaults it.
    replicas: typeof spec['replicas'] === 'number' ? spec['replicas'] : 0,
    readyReplicas: typeof status['readyReplicas'] === 'number' ? status['readyReplicas'] : 0,
  };
  if (isObject(selector['matchLabels'])) view.matchLabels = selector['matchLabels'] as Record<string, string>;
  return view;
}

function isUnschedulable(pod: KubeObject): boolean {
  const status = isObject(pod['status']) ? pod['status'] : {};
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  return conditions.some((c) => isObject(c) && c['type'] === 'PodScheduled' && c['status'] === 'False');
}

export class RspController {
  readonly #o: RspControllerOptions;
  readonly #controller: Controller;
  readonly #targets = new Map<string, Target>();
  readonly #members = new Map<string, Member>();
  readonly #cleanup: (() => void)[] = [];
  readonly #rspSpec: InformerSpec;
  readonly #fnsSpec: InformerSpec;
  #rsps: Informer<ReplicaSchedulingPreference> | undefined;
  #fedNamespaces: Informer | undefined;
  #stopped = false;

  constructor(o: RspControllerOptions) {
    this.#o = o;
    const ns = o.scope === 'Namespaced' ? { namespace: o.kubefedNamespace } : {};
    this.#rspSpec = { ...RSPS, ...ns };
    this.#fnsSpec = FEDERATED_NAMESPACES;
    this.#controller = new Controller({
      name: 'replicaschedulingpreference',
      reconcile: (key) => this.reconcile(key),
      workers: 2,
      rateLimiter: kubefedRateLimiter<string>(1_000, 60_000),
      log: o.log,
      metrics: o.metrics,
    });
  }

  get #now(): number {
    return this.#o.now?.() ?? Date.now();
  }

  async start(): Promise<void> {
    const { factory, registry } = this.#o;
    this.#rsps = factory.acquire<ReplicaSchedulingPreference>(this.#rspSpec);
    this.#fedNamespaces = factory.acquire(this.#fnsSpec);
    this.#cleanup.push(
      this.#rsps.addEventHandler({
        onAdd: (r) => this.#controller.enqueue(objectKey(r)),
        onUpdate: (old, r) => {
          // Our own status writes leave the generation alone and need no reconcile.
          if (old.metadata.generation !== r.metadata.generation || r.metadata.generation === undefined) this.#controller.enqueue(objectKey(r));
        },
        onDelete: (r) => this.#controller.enqueue(objectKey(deletedObject(r))),
      }),
      this.#fedNamespaces.addEventHandler({
        onAdd: (n) => this.#enqueueNamespace(n.metadata.namespace ?? ''),
        onUpdate: (old, n) => {
          if (JSON.stringify(old['spec']) !== JSON.stringify(n['spec'])) this.#enqueueNamespace(n.metadata.namespace ?? '');
        },
        onDelete: (n) => this.#enqueueNamespace(deletedObject(n).metadata.namespace ?? ''),
      }),
      registry.subscribe((name, change) => this.#clusterChanged(name, change)),
    );
    for (const c of registry.list()) if (c.ready) this.#startMember(c);
    this.#controller.start();
    this.#o.log.info('started replica scheduling controller');
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const c of this.#cleanup) c();
    this.#cleanup.length = 0;
    await this.#controller.stop();
    await Promise.all([...this.#members.keys()].map((n) => this.#stopMember(n)));
    for (const kind of [...this.#targets.keys()]) await this.removeTarget(kind);
    await this.#o.factory.release(this.#rspSpec);
    await this.#o.factory.release(this.#fnsSpec);
    this.#o.log.info('stopped replica scheduling controller');
  }

  /** Federated kinds being scheduled, sorted. */
  targetKinds(): string[] {
    return [...this.#targets.keys()].sort();
  }

  /** Starts scheduling the federated kind of `ftc` (deployments.apps → FederatedDeployment). Idempotent. */
  addTarget(ftc: FederatedTypeConfig): void {
    const { federatedType, targetType } = ftc.spec;
    if (this.#targets.has(federatedType.kind)) return;
    const fedSpec: InformerSpec = { group: federatedType.group ?? '', version: federatedType.version, resource: federatedType.pluralName };
    if (this.#o.scope === 'Namespaced') fedSpec.namespace = this.#o.kubefedNamespace;
    const fed = this.#o.factory.acquire(fedSpec);
    const unsubscribe = fed.addEventHandler({
      onAdd: (f) => this.#controller.enqueue(objectKey(f)),
      onUpdate: (old, f) => {
        // The sync controller's status writes change neither generation nor spec.
        if (old.metadata.generation !== f.metadata.generation || JSON.stringify(old['spec']) !== JSON.stringify(f['spec'])) this.#controller.enqueue(objectKey(f));
      },
      onDelete: (f) => this.#controller.enqueue(objectKey(deletedObject(f))),
    });
    const target: Target = {
      fedSpec,
      memberResource: { group: targetType.group ?? '', version: targetType.version, resource: targetType.pluralName },
      fed,
      unsubscribe,
    };
    this.#targets.set(federatedType.kind, target);
    for (const [cluster, m] of this.#members) this.#startWorkloads(cluster, m, federatedType.kind, target);
    this.#enqueueAll();
  }

  async removeTarget(kind: string): Promise<void> {
    const t = this.#targets.get(kind);
    if (!t) return;
    this.#targets.delete(kind);
    t.unsubscribe();
    for (const m of this.#members.values()) {
      const w = m.workloads.get(kind);
      m.workloads.delete(kind);
      await w?.stop();
    }
    await this.#o.factory.release(t.fedSpec);
    this.#enqueueAll();
  }

  // ---- event sources ----

  #enqueueAll(): void {
    for (const key of this.#rsps?.store.listKeys() ?? []) this.#controller.enqueue(key);
  }

  #enqueueNamespace(namespace: string): void {
    for (const r of this.#rsps?.store.listNamespace(namespace) ?? []) this.#controller.enqueue(objectKey(r));
  }

  #clusterChanged(name: string, change: string): void {
    const c = this.#o.registry.get(name);
    if (change === 'removed' || change === 'notReady' || !c?.ready) void this.#stopMember(name);
    else {
      const running = this.#members.get(name);
      if (running && running.client !== c.client) void this.#stopMember(name).then(() => this.#startMember(c));
      else if (!running) this.#startMember(c);
    }
    // A cluster going away moves its replicas; one coming back (or relabelled) may get them again.
    this.#enqueueAll();
  }

  #memberNamespace(): string | undefined {
    return this.#o.scope === 'Namespaced' ? this.#o.kubefedNamespace : undefined;
  }

  #startMember(c: MemberCluster): void {
    if (this.#stopped || !c.client || this.#members.has(c.name)) return;
    const log = this.#o.log.with({ cluster: c.name });
    const pods = new Informer<KubeObject>({ client: c.client, resource: PODS, namespace: this.#memberNamespace(), transform: projectPod, logger: log });
    // Deployment status alone does not show a pod that cannot be scheduled; the capacity estimate needs to see it.
    pods.addEventHandler({
      onAdd: (p, initial) => {
        if (!initial && isUnschedulable(p)) this.#enqueueNamespace(p.metadata.namespace ?? '');
      },
      onUpdate: (old, p) => {
        if (isUnschedulable(old) !== isUnschedulable(p)) this.#enqueueNamespace(p.metadata.namespace ?? '');
      },
    });
    const member: Member = { client: c.client, pods, workloads: new Map() };
    this.#members.set(c.name, member);
    pods.start();
    for (const [kind, target] of this.#targets) this.#startWorkloads(c.name, member, kind, target);
    void pods.waitForSync().then((synced) => {
      if (synced && this.#members.get(c.name) === member) this.#enqueueAll();
    });
  }

  #startWorkloads(cluster: string, member: Member, kind: string, target: Target): void {
    const informer = new Informer<KubeObject>({
      client: member.client,
      resource: target.memberResource,
      namespace: this.#memberNamespace(),
      labelSelector: `${MANAGED_LABEL}=${MANAGED_LABEL_TRUE}`,
      transform: projectWorkload,
      logger: this.#o.log.with({ cluster }),
    });
    informer.addEventHandler({
      onAdd: (w) => this.#controller.enqueue(objectKey(w)),
      onUpdate: (_old, w) => this.#controller.enqueue(objectKey(w)),
      onDelete: (w) => this.#controller.enqueue(objectKey(deletedObject(w))),
    });
    member.workloads.set(kind, informer);
    informer.start();
  }

  async #stopMember(name: string): Promise<void> {
    const m = this.#members.get(name);
    if (!m) return;
    this.#members.delete(name);
    await Promise.all([m.pods.stop(), ...[...m.workloads.values()].map((w) => w.stop())]);
  }

  // ---- reconcile ----

  #synced(): boolean {
    if (!(this.#rsps?.hasSynced() ?? false) || !(this.#fedNamespaces?.hasSynced() ?? false) || !this.#o.registry.hasSynced()) return false;
    for (const t of this.#targets.values()) if (!t.fed.hasSynced()) return false;
    for (const c of this.#o.registry.list()) {
      if (!c.ready || !c.client) continue;
      const m = this.#members.get(c.name);
      if (!m || !m.pods.hasSynced() || [...m.workloads.values()].some((w) => !w.hasSynced())) return false;
    }
    return true;
  }

  /** Reconciles the RSP `namespace/name`. */
  async reconcile(key: string): Promise<ReconcileResult | void> {
    if (!this.#synced()) return { notSyncedRetryMs: NOT_SYNCED_RETRY_MS };
    const rsp = this.#rsps?.get(key);
    if (!rsp || rsp.metadata.deletionTimestamp) return;
    const { namespace = '' } = splitKey(key);
    const kind = typeof rsp.spec?.targetKind === 'string' ? rsp.spec.targetKind : '';
    const target = this.#targets.get(kind);
    const clusters: ClusterState[] = this.#o.registry.list().map((c) => {
      const state: ClusterState = { name: c.name, labels: c.object.metadata.labels ?? {}, ready: c.ready && c.client !== undefined };
      const m = this.#members.get(c.name);
      const workload = workloadView(m?.workloads.get(kind)?.get(key));
      if (workload) state.workload = workload;
      if (m) state.pods = m.pods.store.listNamespace(namespace) as PodView[];
      return state;
    });
    const decision = decide({
      rsp,
      federated: target?.fed.get(key),
      federatedNamespace: this.#fedNamespaces?.get(`${namespace}/${namespace}`),
      clusters,
      scope: this.#o.scope,
      now: this.#now,
      unschedulableThresholdMs: this.#o.unschedulableThresholdMs,
    });
    if (!target && !decision.scheduled && decision.reason === RspConditionReasons.FederatedResourceNotFound) {
      await this.#setCondition(rsp, {
        ...decision,
        message: `propagation of ${kind} is not enabled: enable its FederatedTypeConfig (kubefedctl enable ${kind === 'FederatedReplicaSet' ? 'replicasets.apps' : 'deployments.apps'})`,
      });
      return;
    }
    if (decision.scheduled && target) {
      const outcome = await this.#write(rsp, target, key, decision);
      if (outcome) {
        await this.#setCondition(rsp, outcome);
        return;
      }
    }
    await this.#setCondition(rsp, decision);
    if (decision.scheduled && decision.recheckAfterMs !== undefined) return { requeueAfterMs: decision.recheckAfterMs };
  }

  /** Writes the schedule into the federated object; returns a replacement decision when the object is gone. */
  async #write(rsp: ReplicaSchedulingPreference, target: Target, key: string, decision: Extract<Decision, { scheduled: true }>): Promise<Decision | undefined> {
    const { namespace, name } = splitKey(key);
    const ref: ResourceRef = { ...target.fedSpec, namespace, name };
    let live: KubeObject;
    try {
      // The cache may lag behind a user's edit; KubeFed also reads the object live before rewriting it.
      live = await this.#o.host.get(ref);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      return { scheduled: false, reason: RspConditionReasons.FederatedResourceNotFound, message: `${rsp.spec.targetKind} "${key}" not found`, userError: true };
    }
    const { object, changed } = applyReplicaSchedule(live as KubeObject & { spec?: unknown }, decision.replicas);
    if (!changed) return undefined;
    try {
      await this.#o.host.update(ref, object);
    } catch (err) {
      if (isNotFound(err)) return { scheduled: false, reason: RspConditionReasons.FederatedResourceNotFound, message: `${rsp.spec.targetKind} "${key}" not found`, userError: true };
      throw err;
    }
    this.#o.log.v(2).info('scheduled replicas', { rsp: key, replicas: decision.replicas });
    this.#o.events.event(rsp, 'Normal', RspConditionReasons.ReplicasScheduled, decision.message);
    return undefined;
  }

  async #setCondition(rsp: ReplicaSchedulingPreference, decision: Decision): Promise<void> {
    const status = decision.scheduled ? 'True' : 'False';
    const reason = decision.scheduled ? RspConditionReasons.ReplicasScheduled : decision.reason;
    const generation = rsp.metadata.generation ?? 0;
    const previous = rsp.status?.conditions?.find((c) => c.type === RSP_SCHEDULED_CONDITION);
    if (
      previous && previous.status === status && previous.reason === reason && previous.message === decision.message &&
      previous.observedGeneration === generation && rsp.status?.observedGeneration === generation
    ) return;
    if (!decision.scheduled) this.#o.events.event(rsp, decision.userError ? 'Warning' : 'Normal', decision.reason, decision.message);
    const condition: Condition = {
      type: RSP_SCHEDULED_CONDITION,
      status,
      observedGeneration: generation,
      lastTransitionTime: previous && previous.status === status ? previous.lastTransitionTime : new Date(this.#now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      reason,
      message: decision.message,
    };
    const conditions = [...(rsp.status?.conditions ?? []).filter((c) => c.type !== RSP_SCHEDULED_CONDITION), condition];
    try {
      await this.#o.host.patch({ ...RSPS, namespace: rsp.metadata.namespace, name: rsp.metadata.name ?? '', subresource: 'status' }, 'merge', {
        status: { observedGeneration: generation, conditions },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      this.#o.log.warn('could not write ReplicaSchedulingPreference status', { rsp: objectKey(rsp), error: errorMessage(err) });
      throw err;
    }
  }
}
