// The cloud side of a cluster: `type: LoadBalancer` Services (the service controller of
// cloud-controller-manager) and Ingresses (an ingress controller) get an address from this cluster's
// load-balancer range in status.loadBalancer.ingress; a Service that stops being a LoadBalancer loses it. Each
// cluster has its own range, so a multi-cluster DNS record lists distinct addresses per cluster.
import type { KubeObject } from '../../common/object.js';
import { deepEqual } from '../objects/deep-equal.js';
import type { ResourceType } from '../registry/resource-type.js';
import { allKeys, selfKey, startController, type ClusterContext } from './cluster-context.js';
import { intToIp, ipToInt, RangeAllocator } from './ip-range.js';
import { arr, keyOf, rec, splitKey, str } from './object-fields.js';

const SOURCE = { component: 'service-controller' };

function currentIp(o: KubeObject): string {
  return str(arr(rec(rec(o.status).loadBalancer).ingress)[0]?.ip);
}

export function startLoadBalancers(ctx: ClusterContext): () => void {
  const { types, svc, recorder, options } = ctx;
  const { base, size } = options.loadBalancer;
  const alloc = new RangeAllocator(base, size, [base, base + size - 1]);
  const owner = (t: ResourceType, o: KubeObject): string => `${t.resource}/${keyOf(o)}`;

  const wants = (t: ResourceType, o: KubeObject): boolean =>
    !o.metadata.deletionTimestamp && (t === types.ingresses || rec(o.spec).type === 'LoadBalancer');

  const track = (t: ResourceType, o: KubeObject | undefined, on: boolean): void => {
    const n = o ? ipToInt(currentIp(o)) : undefined;
    if (o && n !== undefined) {
      if (on) alloc.markUsed(n, owner(t, o));
      else alloc.release(n, owner(t, o));
    }
  };

  const reconcileFor = (t: ResourceType) => (key: string): undefined => {
    const { namespace, name } = splitKey(key);
    const o = svc.find(t, namespace, name);
    if (!o) return undefined;
    const have = currentIp(o);
    let ingress: Record<string, string>[] = [];
    if (wants(t, o)) {
      const n = ipToInt(have);
      let ip = n !== undefined && alloc.contains(n) && alloc.owner(n) === owner(t, o) ? have : '';
      if (!ip) {
        const requested = ipToInt(str(rec(o.spec).loadBalancerIP));
        const pick = requested !== undefined && alloc.contains(requested) && !alloc.owner(requested) ? requested : alloc.next();
        if (pick === undefined) {
          recorder.record(o, 'Warning', 'SyncLoadBalancerFailed', `Error syncing load balancer: no free address left in ${options.loadBalancer.text}`, SOURCE);
          return undefined;
        }
        ip = intToIp(pick);
        alloc.markUsed(pick, owner(t, o));
      }
      ingress = t === types.services ? [{ ip, ipMode: 'VIP' }] : [{ ip }];
    }
    const lb = rec(rec(o.status).loadBalancer);
    if (deepEqual(arr(lb.ingress), ingress)) return undefined;
    const isService = t === types.services;
    if (isService && ingress.length) recorder.record(o, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', SOURCE);
    svc.mutate(t, namespace, name, 'status', { fieldManager: isService ? 'cloud-controller-manager' : 'ingress-controller' }, (cur) => {
      const status = rec(cur.status);
      status.loadBalancer = ingress.length ? { ingress } : {};
      cur.status = status;
      return cur;
    });
    if (isService && ingress.length) recorder.record(o, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', SOURCE);
    return undefined;
  };

  const stops: (() => void)[] = [];
  for (const t of [types.services, types.ingresses]) {
    for (const o of svc.store.list(t.storageKey)) track(t, o, true);
    const c = startController(ctx, `load-balancer-${t.resource}`, [{
      type: t,
      keys: (ev) => {
        if (ev.prev) track(t, ev.prev, false);
        if (ev.type !== 'DELETED') track(t, ev.object, true);
        return ev.type === 'DELETED' ? [] : selfKey(ev);
      },
    }], reconcileFor(t), allKeys(ctx, t));
    stops.push(c.stop);
  }
  return () => stops.forEach((s) => s());
}
