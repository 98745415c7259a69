// The root CA publisher (kube-controller-manager's root-ca-cert-publisher): every namespace holds a ConfigMap
// `kube-root-ca.crt` with the cluster CA under `ca.crt`, which in-cluster clients mount to verify the API server.
// The publisher recreates it when it is deleted and puts the CA back when it is edited. Servers without a CA (plain
// HTTP in-process tests) publish nothing, as kube-controller-manager does without --root-ca-file.
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import { NAMESPACE_STORAGE_KEY, type ObjectService } from '../objects/object-service.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';
import { coalescedPass } from './coalesced-pass.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const CONFIGMAPS_KEY = '/configmaps';
const DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';
const FIELD_MANAGER = 'kube-controller-manager';

export function startRootCaPublisher(registry: Registry, svc: ObjectService, caPem: string | undefined): () => void {
  if (caPem === undefined) return () => undefined;
  const store = svc.store;
  const cmType = registry.get('', 'v1', 'configmaps') as ResourceType;
  const pending = new Set<string>();

  const wanted = (cm: KubeObject | undefined): boolean => {
    const data = cm && isObject(cm.data) ? cm.data : {};
    return cm !== undefined && data['ca.crt'] === caPem && cm.metadata.annotations?.['kubernetes.io/description'] === DESCRIPTION;
  };

  const sync = (ns: string): void => {
    const nsObj = store.get(NAMESPACE_STORAGE_KEY, '', ns);
    if (!nsObj || nsObj.metadata.deletionTimestamp) return;
    const cm = store.get(CONFIGMAPS_KEY, ns, ROOT_CA_CONFIGMAP);
    if (wanted(cm)) return;
    const opts = { fieldManager: FIELD_MANAGER };
    if (!cm) {
      svc.create(cmType, ns, {
        apiVersion: 'v1', kind: 'ConfigMap',
        metadata: { name: ROOT_CA_CONFIGMAP, annotations: { 'kubernetes.io/description': DESCRIPTION } },
        data: { 'ca.crt': caPem },
      }, opts);
      return;
    }
    if (cm.metadata.deletionTimestamp) return;
    svc.mutate(cmType, ns, ROOT_CA_CONFIGMAP, '', opts, (cur) => {
      cur.data = { ...(isObject(cur.data) ? cur.data : {}), 'ca.crt': caPem };
      cur.metadata.annotations = { ...cur.metadata.annotations, 'kubernetes.io/description': DESCRIPTION };
      return cur;
    });
  };

  const pass = coalescedPass('root-ca-publisher', () => {
    for (const ns of [...pending]) {
      pending.delete(ns);
      try {
        sync(ns);
      } catch {
        // A namespace being deleted refuses new content; its next change (or none) settles it.
      }
    }
  });
  const queue = (ns: string): void => {
    pending.add(ns);
    pass.schedule();
  };
  const unsubNs = store.subscribe(NAMESPACE_STORAGE_KEY, (ev) => {
    if (ev.type !== 'DELETED') queue(ev.object.metadata.name ?? '');
  });
  const unsubCm = store.subscribe(CONFIGMAPS_KEY, (ev) => {
    if (ev.object.metadata.name === ROOT_CA_CONFIGMAP) queue(ev.namespace);
  });
  for (const ns of store.list(NAMESPACE_STORAGE_KEY)) queue(ns.metadata.name ?? '');
  return () => {
    pass.stop();
    unsubNs();
    unsubCm();
  };
}
