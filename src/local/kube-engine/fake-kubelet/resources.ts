// The REST paths of the few resources the fake kubelet touches (names percent-encoded, though Kubernetes names never
// need it: a path built from a hostile name still stays in its collection).

export interface Resource {
  /** "/api/v1" or "/apis/<group>/<version>". */
  prefix: string;
  resource: string;
  namespaced: boolean;
}

export const NODES: Resource = { prefix: '/api/v1', resource: 'nodes', namespaced: false };
export const PODS: Resource = { prefix: '/api/v1', resource: 'pods', namespaced: true };
export const SERVICES: Resource = { prefix: '/api/v1', resource: 'services', namespaced: true };
export const INGRESSES: Resource = { prefix: '/apis/networking.k8s.io/v1', resource: 'ingresses', namespaced: true };
export const LEASES: Resource = { prefix: '/apis/coordination.k8s.io/v1', resource: 'leases', namespaced: true };

/** The collection across all namespaces (what list and watch use). */
export function collectionPath(r: Resource): string {
  return `${r.prefix}/${r.resource}`;
}

/** Where new objects of `r` in `namespace` are POSTed. */
export function createPath(r: Resource, namespace: string): string {
  return r.namespaced ? `${r.prefix}/namespaces/${encodeURIComponent(namespace)}/${r.resource}` : collectionPath(r);
}

export function objectPath(r: Resource, namespace: string, name: string): string {
  return `${createPath(r, namespace)}/${encodeURIComponent(name)}`;
}
