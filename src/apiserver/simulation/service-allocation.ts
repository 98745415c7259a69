// ClusterIP and NodePort allocation at Service create time, as kube-apiserver's service REST storage does
// (pkg/registry/core/service/storage/alloc.go): a free IP from the service CIDR 10.96.0.0/12 (10.96.0.1 is the
// `kubernetes` Service's), NodePorts from 30000-32767, the IP family fields, and on update the allocated values
// carried over when a client omits them (patchAllocatedValues). Used addresses are learnt from stored Services.
import type { KubeObject } from '../../common/object.js';
import type { AdmissionPlugin } from '../admission/admission.js';
import { invalid } from '../http/api-error.js';
import type { Store } from '../storage/store.js';
import { intToIp, ipToInt, parseCidr, RangeAllocator } from './ip-range.js';
import { arr, keyOf, rec, str, type Json } from './object-fields.js';

/** kube-apiserver's default --service-cluster-ip-range. */
export const SERVICE_CIDR = '10.96.0.0/12';
/** kube-apiserver's default --service-node-port-range. */
const NODE_PORT_FIRST = 30000;
const NODE_PORT_COUNT = 2768;
const SERVICES = '/services';

export class ServiceAllocators {
  readonly clusterIps: RangeAllocator;
  readonly nodePorts = new RangeAllocator(NODE_PORT_FIRST, NODE_PORT_COUNT);

  constructor() {
    const cidr = parseCidr(SERVICE_CIDR, 'service CIDR');
    this.clusterIps = new RangeAllocator(cidr.base, cidr.size, [cidr.base, cidr.base + 1, cidr.base + cidr.size - 1]);
  }

  /** Keeps the used sets equal to what stored Services hold. Returns the unsubscribe function. */
  follow(store: Store): () => void {
    const mark = (o: KubeObject, on: boolean): void => {
      const owner = keyOf(o);
      const spec = rec(o.spec);
      for (const ip of [str(spec.clusterIP), ...(Array.isArray(spec.clusterIPs) ? spec.clusterIPs.map(str) : [])]) {
        const n = ipToInt(ip);
        if (n !== undefined) {
          if (on) this.clusterIps.markUsed(n, owner);
          else this.clusterIps.release(n, owner);
        }
      }
      for (const p of arr(spec.ports)) {
        if (typeof p.nodePort !== 'number') continue;
        if (on) this.nodePorts.markUsed(p.nodePort, owner);
        else this.nodePorts.release(p.nodePort, owner);
      }
    };
    for (const o of store.list(SERVICES)) mark(o, true);
    return store.subscribe(SERVICES, (ev) => {
      if (ev.prev) mark(ev.prev, false);
      if (ev.type !== 'DELETED') mark(ev.object, true);
    });
  }
}

function fail(o: KubeObject, field: string, message: string): never {
  throw invalid('Service', '', o.metadata.name ?? '', [{ reason: 'FieldValueInvalid', message, field }]);
}

export function serviceAllocation(alloc: ServiceAllocators): AdmissionPlugin {
  const allocateIp = (o: KubeObject, spec: Json): void => {
    const requested = str(spec.clusterIP);
    if (requested === 'None') {
      spec.clusterIPs = ['None'];
      return;
    }
    if (requested) {
      const n = ipToInt(requested);
      if (n === undefined || !alloc.clusterIps.contains(n)) {
        fail(o, 'spec.clusterIPs', `Invalid value: []string{"${requested}"}: failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`);
      }
      const holder = alloc.clusterIps.owner(n);
      if (holder && holder !== keyOf(o)) {
        fail(o, 'spec.clusterIPs', `Invalid value: []string{"${requested}"}: failed to allocate IP ${requested}: provided IP is already allocated`);
      }
      spec.clusterIPs = [requested];
      return;
    }
    const n = alloc.clusterIps.next();
    if (n === undefined) fail(o, 'spec.clusterIPs', `Internal error: failed to allocate a serviceIP: range is full`);
    spec.clusterIP = intToIp(n);
    spec.clusterIPs = [intToIp(n)];
  };

  const allocateNodePorts = (o: KubeObject, spec: Json): void => {
    arr(spec.ports).forEach((p, i) => {
      if (typeof p.nodePort === 'number') {
        const holder = alloc.nodePorts.owner(p.nodePort);
        if (holder && holder !== keyOf(o)) fail(o, `spec.ports[${i}].nodePort`, `Invalid value: ${p.nodePort}: provided port is already allocated`);
        return;
      }
      const n = alloc.nodePorts.next();
      if (n === undefined) fail(o, `spec.ports[${i}].nodePort`, 'Internal error: failed to allocate a nodePort: range is full');
      p.nodePort = n;
    });
  };

  return {
    name: 'ServiceAllocation',
    mutate(req) {
      if (req.type.storageKey !== SERVICES || req.subresource !== '') return;
      const o = req.object;
      const spec = rec(o.spec);
      o.spec = spec;
      const type = str(spec.type) || 'ClusterIP';
      for (const p of arr(spec.ports)) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
      if (type === 'ExternalName') return;
      if (req.operation === 'UPDATE' && req.old) {
        const oldSpec = rec(req.old.spec);
        for (const f of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) if (spec[f] === undefined && oldSpec[f] !== undefined) spec[f] = oldSpec[f];
        for (const p of arr(spec.ports)) {
          if (p.nodePort !== undefined) continue;
          const same = arr(oldSpec.ports).find((q) => q.port === p.port && (q.protocol ?? 'TCP') === p.protocol);
          if (same && typeof same.nodePort === 'number' && (type === 'NodePort' || type === 'LoadBalancer')) p.nodePort = same.nodePort;
        }
      }
      if (req.operation === 'CREATE' || !spec.clusterIP) allocateIp(o, spec);
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
      spec.internalTrafficPolicy ??= 'Cluster';
      if (type === 'NodePort' || type === 'LoadBalancer') {
        spec.externalTrafficPolicy ??= 'Cluster';
        if (type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
        allocateNodePorts(o, spec);
      }
    },
  };
}
