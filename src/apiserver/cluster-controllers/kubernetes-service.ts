// The `kubernetes` Service in `default` (kube-apiserver's kubernetes service controller): ClusterIP 10.96.0.1, the
// first address of the service range, port 443 named https to the API server's own secure port. It is put back
// when it is deleted. No Endpoints are written: like the real engine (--endpoint-reconciler-type=none), a loopback
// address may not be advertised.
import { NAMESPACE_STORAGE_KEY, type ObjectService } from '../objects/object-service.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';
import { coalescedPass } from './coalesced-pass.js';

export const KUBERNETES_SERVICE_IP = '10.96.0.1';
const SERVICES_KEY = '/services';

export function startKubernetesService(registry: Registry, svc: ObjectService, port: number): () => void {
  const store = svc.store;
  const t = registry.get('', 'v1', 'services') as ResourceType;
  const pass = coalescedPass('kubernetes-service', () => {
    const ns = store.get(NAMESPACE_STORAGE_KEY, '', 'default');
    if (!ns || ns.metadata.deletionTimestamp || store.get(SERVICES_KEY, 'default', 'kubernetes')) return;
    svc.create(t, 'default', {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: {
        type: 'ClusterIP', clusterIP: KUBERNETES_SERVICE_IP, clusterIPs: [KUBERNETES_SERVICE_IP],
        ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: port }],
        sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster',
      },
    }, { fieldManager: 'kube-apiserver' });
  });
  const unsub = store.subscribe(SERVICES_KEY, (ev) => {
    if (ev.type === 'DELETED' && ev.namespace === 'default' && ev.object.metadata.name === 'kubernetes') pass.schedule();
  });
  pass.schedule();
  return () => {
    pass.stop();
    unsub();
  };
}
