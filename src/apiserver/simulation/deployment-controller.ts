// The Deployment controller (pkg/controller/deployment): one ReplicaSet per pod template, named
// "<deployment>-<pod-template-hash>", rolled with RollingUpdate (maxSurge/maxUnavailable) or Recreate, revisions in
// the deployment.kubernetes.io/revision annotation, old ReplicaSets pruned to revisionHistoryLimit, and the status
// `kubectl rollout status` and `kubectl wait --for=condition=Available` read. ReplicaSet changes requeue their
// Deployment, so status follows pods through the ReplicaSet controller's status writes.
import type { KubeObject } from '../../common/object.js';
import { cloneJson, deepEqual } from '../objects/deep-equal.js';
import { nowTimestamp } from '../objects/names.js';
import {
  allKeys, CONTROLLER_MANAGER, ownedBy, ownerKeys, selfKey, startController, type ClusterContext,
} from './cluster-context.js';
import { arr, num, ownerRefTo, rec, splitKey, str, strMap, type Json } from './object-fields.js';
import { podTemplateHash } from './pod-template-hash.js';
import { newReplicaSetSize, resolveFenceposts, scaleDownOld, type IntOrPercent } from './rolling-update.js';

export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** Annotations a Deployment does not pass on to its ReplicaSets (deployment_util.go annotationsToSkip). */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history',
  DESIRED_REPLICAS, MAX_REPLICAS, 'deprecated.deployment.rollback.to',
]);
const SOURCE = { component: 'deployment-controller' };

function specReplicas(o: KubeObject): number {
  return num(rec(o.spec).replicas, 1);
}

function statusCount(o: KubeObject | undefined, field: string): number {
  return o ? num(rec(o.status)[field], 0) : 0;
}

function revisionOf(o: KubeObject): number {
  const n = Number(o.metadata.annotations?.[REVISION] ?? '0');
  return Number.isFinite(n) ? n : 0;
}

/** EqualIgnoreHash: a ReplicaSet's template equals the Deployment's apart from the pod-template-hash label. */
export function templateMatches(rsTemplate: unknown, deploymentTemplate: unknown): boolean {
  const a = cloneJson(rec(rsTemplate));
  const labels = rec(rec(a.metadata).labels);
  delete labels[POD_TEMPLATE_HASH];
  if (Object.keys(labels).length === 0 && rec(a.metadata).labels !== undefined) delete rec(a.metadata).labels;
  const b = rec(deploymentTemplate);
  const bLabels = rec(rec(b.metadata).labels);
  if (Object.keys(bLabels).length === 0) {
    const bb = cloneJson(b);
    delete rec(bb.metadata).labels;
    return deepEqual(a, bb);
  }
  return deepEqual(a, b);
}

function byCreation(a: KubeObject, b: KubeObject): number {
  return (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
    (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

interface Condition extends Json {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/**
 * SetDeploymentCondition: a condition with the same status and reason is left alone unless `bump` (progress was
 * made, which moves lastUpdateTime); lastTransitionTime survives while status stays the same.
 */
function setCondition(list: Json[], c: Condition, bump = false): Json[] {
  const old = list.find((x) => x.type === c.type);
  if (old && old.status === c.status && old.reason === c.reason && !bump) return list;
  const now = nowTimestamp();
  const next: Json = { type: c.type, status: c.status, lastUpdateTime: now, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now, reason: c.reason, message: c.message };
  return old ? list.map((x) => (x === old ? next : x)) : [...list, next];
}

export function startDeploymentController(ctx: ClusterContext): () => void {
  const { types, svc, recorder } = ctx;

  const scaleReplicaSet = (d: KubeObject, rs: KubeObject, size: number, desired: number, surge: number): void => {
    const from = specReplicas(rs);
    const annotations = rs.metadata.annotations ?? {};
    const annotationsStale = annotations[DESIRED_REPLICAS] !== String(desired) || annotations[MAX_REPLICAS] !== String(desired + surge);
    if (from === size && !annotationsStale) return;
    svc.mutate(types.replicasets, rs.metadata.namespace ?? '', rs.metadata.name ?? '', '', { fieldManager: CONTROLLER_MANAGER }, (cur) => {
      rec(cur.spec).replicas = size;
      cur.metadata.annotations = { ...cur.metadata.annotations, [DESIRED_REPLICAS]: String(desired), [MAX_REPLICAS]: String(desired + surge) };
      return cur;
    });
    if (from !== size) {
      recorder.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${size > from ? 'up' : 'down'} replica set ${rs.metadata.name ?? ''} from ${from} to ${size}`, SOURCE);
    }
  };

  const createReplicaSet = (d: KubeObject, hash: string, size: number, revision: number, desired: number, surge: number): KubeObject => {
    const spec = rec(d.spec);
    const template = cloneJson(rec(spec.template));
    const tmeta = rec(template.metadata);
    tmeta.labels = { ...strMap(tmeta.labels), [POD_TEMPLATE_HASH]: hash };
    template.metadata = tmeta;
    const selector = cloneJson(rec(spec.selector));
    selector.matchLabels = { ...strMap(selector.matchLabels), [POD_TEMPLATE_HASH]: hash };
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!NOT_COPIED.has(k)) annotations[k] = v;
    Object.assign(annotations, { [DESIRED_REPLICAS]: String(desired), [MAX_REPLICAS]: String(desired + surge), [REVISION]: String(revision) });
    const name = `${d.metadata.name ?? ''}-${hash}`;
    const rs = svc.create(types.replicasets, d.metadata.namespace ?? '', {
      metadata: { name, labels: tmeta.labels, annotations, ownerReferences: [ownerRefTo(d)] },
      spec: { replicas: size, minReadySeconds: num(spec.minReadySeconds, 0), selector, template },
    }, { fieldManager: CONTROLLER_MANAGER }).object;
    if (size > 0) recorder.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${size}`, SOURCE);
    return rs;
  };

  const reconcile = (key: string): number | undefined => {
    const { namespace, name } = splitKey(key);
    const d = svc.find(types.deployments, namespace, name);
    if (!d || d.metadata.deletionTimestamp) return undefined;
    const spec = rec(d.spec);
    const desired = specReplicas(d);
    const strategy = rec(spec.strategy);
    const recreate = strategy.type === 'Recreate';
    const ru = rec(strategy.rollingUpdate);
    const { surge, unavailable } = recreate ? { surge: 0, unavailable: desired } : resolveFenceposts(ru.maxSurge as IntOrPercent ?? '25%', ru.maxUnavailable as IntOrPercent ?? '25%', desired);
    const collisionCount = num(rec(d.status).collisionCount, 0);
    let all = ownedBy(ctx, types.replicasets, d);
    let newRS = all.find((rs) => templateMatches(rec(rs.spec).template, spec.template));
    const olds = all.filter((rs) => rs !== newRS).sort(byCreation);
    let created = false;
    let collided = false;

    if (spec.paused !== true) {
      const maxOld = olds.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
      if (!newRS) {
        const hash = podTemplateHash(spec.template, collisionCount || undefined);
        if (svc.find(types.replicasets, namespace, `${name}-${hash}`)) {
          collided = true;
        } else {
          const oldActive = olds.reduce((n, rs) => n + specReplicas(rs) + statusCount(rs, 'replicas'), 0);
          const totalSpec = olds.reduce((n, rs) => n + specReplicas(rs), 0);
          const size = recreate ? (oldActive > 0 ? 0 : desired) : newReplicaSetSize(desired, surge, totalSpec, 0);
          newRS = createReplicaSet(d, hash, size, maxOld + 1, desired, surge);
          created = true;
        }
      } else if (revisionOf(newRS) <= maxOld) {
        // A rollback to an old template: that ReplicaSet becomes the newest revision again.
        newRS = svc.mutate(types.replicasets, namespace, newRS.metadata.name ?? '', '', { fieldManager: CONTROLLER_MANAGER }, (cur) => {
          cur.metadata.annotations = { ...cur.metadata.annotations, [REVISION]: String(maxOld + 1) };
          return cur;
        }).object;
      }
      if (newRS && !created) {
        if (recreate) {
          for (const rs of olds) if (specReplicas(rs) > 0) scaleReplicaSet(d, rs, 0, desired, surge);
          const oldPods = olds.reduce((n, rs) => n + statusCount(svc.find(types.replicasets, namespace, rs.metadata.name ?? ''), 'replicas'), 0);
          if (oldPods === 0) scaleReplicaSet(d, newRS, desired, desired, surge);
        } else {
          const totalSpec = all.reduce((n, rs) => n + specReplicas(rs), 0);
          const cur = specReplicas(newRS);
          const target = cur >= desired ? desired : newReplicaSetSize(desired, surge, totalSpec, cur);
          scaleReplicaSet(d, newRS, target, desired, surge);
          const fresh = svc.find(types.replicasets, namespace, newRS.metadata.name ?? '') ?? newRS;
          const sizes = scaleDownOld(
            olds.map((rs) => ({ replicas: specReplicas(rs), available: statusCount(rs, 'availableReplicas') })),
            { replicas: specReplicas(fresh), available: statusCount(fresh, 'availableReplicas') }, desired, unavailable);
          olds.forEach((rs, i) => scaleReplicaSet(d, rs, sizes[i] ?? 0, desired, surge));
        }
      }
      const revision = newRS ? String(revisionOf(svc.find(types.replicasets, namespace, newRS.metadata.name ?? '') ?? newRS)) : undefined;
      if (revision && d.metadata.annotations?.[REVISION] !== revision) {
        svc.mutate(types.deployments, namespace, name, '', { fieldManager: CONTROLLER_MANAGER }, (cur) => {
          cur.metadata.annotations = { ...cur.metadata.annotations, [REVISION]: revision };
          return cur;
        });
      }
      cleanupOld(d);
    }

    all = ownedBy(ctx, types.replicasets, d);
    newRS = newRS ? all.find((rs) => rs.metadata.name === newRS?.metadata.name) : undefined;
    return writeStatus(d, all, newRS, desired, unavailable, created, collided ? collisionCount + 1 : collisionCount);
  };

  /** cleanupDeployment: old ReplicaSets with nothing left, beyond revisionHistoryLimit, oldest revision first. */
  const cleanupOld = (d: KubeObject): void => {
    const limit = num(rec(d.spec).revisionHistoryLimit, 10);
    const spec = rec(d.spec);
    const idle = ownedBy(ctx, types.replicasets, d)
      .filter((rs) => !templateMatches(rec(rs.spec).template, spec.template))
      .filter((rs) => specReplicas(rs) === 0 && statusCount(rs, 'replicas') === 0 && !rs.metadata.deletionTimestamp)
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
      svc.delete(types.replicasets, rs.metadata.namespace ?? '', rs.metadata.name ?? '', { propagationPolicy: 'Background' });
    }
  };

  const writeStatus = (d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined, desired: number, unavailable: number,
    created: boolean, collisionCount: number): number | undefined => {
    const sum = (f: string): number => all.reduce((n, rs) => n + statusCount(rs, f), 0);
    const specTotal = all.reduce((n, rs) => n + specReplicas(rs), 0);
    const replicas = sum('replicas');
    const updated = statusCount(newRS, 'replicas');
    const ready = sum('readyReplicas');
    const available = sum('availableReplicas');
    const generation = d.metadata.generation ?? 1;
    const counts: Json = {
      observedGeneration: generation, replicas, updatedReplicas: updated, readyReplicas: ready, availableReplicas: available,
      unavailableReplicas: Math.max(0, specTotal - available), collisionCount,
    };
    // apps/v1 DeploymentStatus fields are omitempty: zero counts are absent, as kubectl expects.
    for (const k of Object.keys(counts)) if (counts[k] === 0 && k !== 'observedGeneration') delete counts[k];
    const old = rec(d.status);
    let conditions = arr(old.conditions);
    conditions = available >= desired - unavailable
      ? setCondition(conditions, { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' })
      : setCondition(conditions, { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
    const rsName = newRS?.metadata.name ?? '';
    const complete = newRS !== undefined && updated === desired && replicas === desired && available === desired;
    const deadline = num(rec(d.spec).progressDeadlineSeconds, 600);
    let requeue: number | undefined;
    if (rec(d.spec).paused === true) {
      conditions = setCondition(conditions, { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    } else if (created) {
      conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${rsName}"` }, true);
    } else if (complete) {
      conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` });
    } else if (newRS) {
      const progressed = ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'].some((k) => num(old[k], 0) !== num(counts[k], 0));
      const prog = conditions.find((c) => c.type === 'Progressing');
      const since = Date.parse(str(prog?.lastUpdateTime));
      if (progressed || !prog || prog.reason === 'NewReplicaSetAvailable' || prog.reason === 'DeploymentPaused') {
        conditions = setCondition(conditions, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` }, progressed);
        requeue = deadline * 1000;
      } else if (prog.reason !== 'ProgressDeadlineExceeded' && Number.isFinite(since)) {
        const left = since + deadline * 1000 - Date.now();
        if (left <= 0) {
          conditions = setCondition(conditions, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` });
        } else {
          requeue = left;
        }
      }
    }
    const status: Json = { ...counts, conditions };
    if (!deepEqual(old, status)) {
      svc.mutate(types.deployments, d.metadata.namespace ?? '', d.metadata.name ?? '', 'status', { fieldManager: CONTROLLER_MANAGER }, (cur) => {
        cur.status = status;
        return cur;
      });
    }
    return requeue;
  };

  const c = startController(ctx, 'deployment-controller', [
    { type: types.deployments, keys: selfKey },
    { type: types.replicasets, keys: (ev) => ownerKeys(ev, 'Deployment') },
  ], reconcile, allKeys(ctx, types.deployments));
  return c.stop;
}
