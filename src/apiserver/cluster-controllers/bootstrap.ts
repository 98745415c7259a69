// The objects every new cluster has: the four initial namespaces (kube-apiserver's system namespaces controller
// creates default, kube-system, kube-public and kube-node-lease).
import type { ObjectService } from '../objects/object-service.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';

export const INITIAL_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function bootstrapCluster(registry: Registry, svc: ObjectService): void {
  const ns = registry.get('', 'v1', 'namespaces') as ResourceType;
  for (const name of INITIAL_NAMESPACES) {
    if (!svc.find(ns, '', name)) svc.create(ns, '', { metadata: { name } });
  }
}
