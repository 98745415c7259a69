// What every simulated controller shares: the object service it writes through, the resource types it touches,
// the event recorder and the resolved options. Controllers read the store directly (the in-process equivalent of
// an informer cache) and write through ObjectService so admission, generation and managedFields apply as for any
// client.
import type { KubeObject } from '../../common/object.js';
import type { ObjectService } from '../objects/object-service.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { ChangeEvent } from '../storage/watch-history.js';
import type { EventRecorder } from './event-recorder.js';
import type { ResolvedSimulation } from './simulation-options.js';
import { WorkQueue, type Reconciler } from './work-queue.js';

export interface SimTypes {
  pods: ResourceType;
  nodes: ResourceType;
  services: ResourceType;
  endpoints: ResourceType;
  deployments: ResourceType;
  replicasets: ResourceType;
  statefulsets: ResourceType;
  daemonsets: ResourceType;
  jobs: ResourceType;
  ingresses: ResourceType;
  events: ResourceType;
}

export function simTypes(registry: Registry): SimTypes {
  const get = (group: string, resource: string): ResourceType => {
    const version = 'v1';
    const t = registry.get(group, version, resource);
    if (!t) throw new Error(`simulation: built-in resource ${resource}.${group || 'core'}/${version} is not registered`);
    return t;
  };
  return {
    pods: get('', 'pods'), nodes: get('', 'nodes'), services: get('', 'services'), endpoints: get('', 'endpoints'),
    deployments: get('apps', 'deployments'), replicasets: get('apps', 'replicasets'),
    statefulsets: get('apps', 'statefulsets'), daemonsets: get('apps', 'daemonsets'), jobs: get('batch', 'jobs'),
    ingresses: get('networking.k8s.io', 'ingresses'), events: get('', 'events'),
  };
}

export interface ClusterContext {
  svc: ObjectService;
  types: SimTypes;
  recorder: EventRecorder;
  options: ResolvedSimulation;
  log: (line: string) => void;
}

/** The field manager of controller writes, as kube-controller-manager's clients identify themselves. */
export const CONTROLLER_MANAGER = 'kube-controller-manager';

export interface Watch {
  type: ResourceType;
  /** Keys to reconcile for a change of an object of this type. */
  keys(ev: ChangeEvent): Iterable<string>;
}

/**
 * Starts a controller: a work queue fed by store changes of the watched types, seeded with `initial` keys (the
 * informer's initial list). Returns the queue (for delayed re-adds) and a stop function.
 */
export function startController(ctx: ClusterContext, name: string, watches: Watch[], reconcile: Reconciler,
  initial: () => Iterable<string>): { queue: WorkQueue; stop: () => void } {
  const queue = new WorkQueue(name, reconcile, ctx.log);
  const unsubs = watches.map((w) => ctx.svc.store.subscribe(w.type.storageKey, (ev) => {
    for (const k of w.keys(ev)) queue.add(k);
  }));
  for (const k of initial()) queue.add(k);
  return {
    queue,
    stop: () => {
      for (const u of unsubs) u();
      queue.stop();
    },
  };
}

/** Keys of the controller owners (of `kind`) of an object and of its previous state. */
export function ownerKeys(ev: ChangeEvent, kind: string): string[] {
  const out: string[] = [];
  for (const o of [ev.object, ev.prev]) {
    if (!o) continue;
    const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller === true && r.kind === kind);
    if (ref) out.push(`${o.metadata.namespace ?? ''}/${ref.name}`);
  }
  return out;
}

export function selfKey(ev: ChangeEvent): string[] {
  return [`${ev.object.metadata.namespace ?? ''}/${ev.object.metadata.name ?? ''}`];
}

export function allKeys(ctx: ClusterContext, t: ResourceType): () => Iterable<string> {
  return function* () {
    for (const o of ctx.svc.store.list(t.storageKey)) yield `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  };
}

/** Objects of a type in one namespace whose controller reference is `owner` (by uid). */
export function ownedBy(ctx: ClusterContext, t: ResourceType, owner: KubeObject): KubeObject[] {
  const uid = owner.metadata.uid;
  const out: KubeObject[] = [];
  if (!uid) return out;
  for (const r of ctx.svc.store.dependentsOf(uid)) {
    if (r.storageKey !== t.storageKey) continue;
    const o = ctx.svc.store.get(r.storageKey, r.namespace, r.name);
    if (o && (o.metadata.ownerReferences ?? []).some((x) => x.uid === uid && x.controller === true)) out.push(o);
  }
  return out;
}
