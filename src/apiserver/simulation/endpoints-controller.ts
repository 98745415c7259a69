// The Endpoints controller (pkg/controller/endpoint): for every Service with a selector, an Endpoints object of
// the same name listing the matching Pods that have an IP — Ready ones under addresses, the rest under
// notReadyAddresses — with the Service's target ports resolved per Pod (named ports through the containers).
// Pod changes requeue the Services of their namespace whose selector matches the old or new labels.
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import { deepEqual } from '../objects/deep-equal.js';
import { allKeys, CONTROLLER_MANAGER, selfKey, startController, type ClusterContext } from './cluster-context.js';
import { arr, isPodReady, keyOf, podPhase, rec, splitKey, str, strMap, type Json } from './object-fields.js';

function selectorOf(service: KubeObject): Record<string, string> | undefined {
  const sel = rec(service.spec).selector;
  if (!isObject(sel)) return undefined;
  const m = strMap(sel);
  return Object.keys(m).length ? m : undefined;
}

function matches(sel: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(sel).every(([k, v]) => labels?.[k] === v);
}

/** podutil.FindPort: a numeric targetPort as is, a named one through the pod's container ports. */
function resolvePort(pod: KubeObject, targetPort: unknown, protocol: string): number | undefined {
  if (typeof targetPort === 'number') return targetPort;
  for (const c of arr(rec(pod.spec).containers)) {
    for (const p of arr(c.ports)) if (p.name === targetPort && (p.protocol ?? 'TCP') === protocol && typeof p.containerPort === 'number') return p.containerPort;
  }
  return undefined;
}

export function endpointSubsets(service: KubeObject, pods: KubeObject[]): Json[] {
  const ports = arr(rec(service.spec).ports);
  const groups = new Map<string, { ports: Json[]; addresses: Json[]; notReadyAddresses: Json[] }>();
  for (const pod of pods) {
    const ip = str(rec(pod.status).podIP);
    if (!ip || pod.metadata.deletionTimestamp || podPhase(pod) === 'Succeeded' || podPhase(pod) === 'Failed') continue;
    const resolved: Json[] = [];
    for (const p of ports) {
      const protocol = str(p.protocol) || 'TCP';
      const port = resolvePort(pod, p.targetPort ?? p.port, protocol);
      if (port === undefined) continue;
      resolved.push({ ...(p.name ? { name: p.name } : {}), port, protocol, ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}) });
    }
    if (ports.length > 0 && resolved.length === 0) continue;
    const sig = JSON.stringify(resolved);
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { ports: resolved, addresses: [], notReadyAddresses: [] }));
    const address: Json = {
      ip, nodeName: str(rec(pod.spec).nodeName) || undefined,
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    if (address.nodeName === undefined) delete address.nodeName;
    (isPodReady(pod) ? g.addresses : g.notReadyAddresses).push(address);
  }
  const byIp = (a: Json, b: Json): number => str(a.ip).localeCompare(str(b.ip), 'en', { numeric: true });
  return [...groups.values()].map((g) => {
    const subset: Json = {};
    if (g.addresses.length) subset.addresses = g.addresses.sort(byIp);
    if (g.notReadyAddresses.length) subset.notReadyAddresses = g.notReadyAddresses.sort(byIp);
    if (g.ports.length) subset.ports = g.ports;
    return subset;
  });
}

export function startEndpointsController(ctx: ClusterContext): () => void {
  const { types, svc } = ctx;
  const store = svc.store;

  const reconcile = (key: string): undefined => {
    const { namespace, name } = splitKey(key);
    const service = svc.find(types.services, namespace, name);
    const existing = svc.find(types.endpoints, namespace, name);
    if (!service) {
      if (existing) svc.delete(types.endpoints, namespace, name);
      return undefined;
    }
    const sel = selectorOf(service);
    if (!sel) return undefined;
    const pods = [...store.list(types.pods.storageKey, namespace)].filter((p) => matches(sel, p.metadata.labels));
    const subsets = endpointSubsets(service, pods);
    const labels = service.metadata.labels;
    if (!existing) {
      svc.create(types.endpoints, namespace, { metadata: { name, ...(labels ? { labels } : {}) }, ...(subsets.length ? { subsets } : {}) }, { fieldManager: CONTROLLER_MANAGER });
      return undefined;
    }
    if (deepEqual(existing.subsets ?? [], subsets) && deepEqual(existing.metadata.labels ?? {}, labels ?? {})) return undefined;
    svc.mutate(types.endpoints, namespace, name, '', { fieldManager: CONTROLLER_MANAGER }, (cur) => {
      if (labels) cur.metadata.labels = labels;
      else delete cur.metadata.labels;
      if (subsets.length) cur.subsets = subsets;
      else delete cur.subsets;
      return cur;
    });
    return undefined;
  };

  const servicesFor = (namespace: string, pods: (KubeObject | undefined)[]): string[] => {
    const out: string[] = [];
    for (const s of store.list(types.services.storageKey, namespace)) {
      const sel = selectorOf(s);
      if (sel && pods.some((p) => p && matches(sel, p.metadata.labels))) out.push(keyOf(s));
    }
    return out;
  };

  const c = startController(ctx, 'endpoints-controller', [
    { type: types.services, keys: selfKey },
    { type: types.pods, keys: (ev) => servicesFor(ev.namespace, [ev.object, ev.prev]) },
  ], reconcile, allKeys(ctx, types.services));
  return c.stop;
}
