// The multicluster DNS controllers of one controller manager, started by feature gate as in KubeFed v0.6.1
// (kubefed-behaviour.md §3.9): `CrossClusterServiceDiscovery` runs the ServiceDNSRecord controller, `FederatedIngress`
// the IngressDNSRecord controller. Both gates default to Enabled, as in the seed walkthrough's release v0.1.0-rc6
// (docs/adr/0004-dns-gates-enabled-by-default.md). The service controller watches every managed Service and Endpoints
// object of every member; users who do not use DNS records can save that by setting a gate `Disabled` in KubeFedConfig
// `spec.featureGates` (or the chart's `controllermanager.featureGates`), which always wins over the default.
// The DNS server (`--dns-addr`, serving.ts) is independent of the gates: it serves whatever DNSEndpoints exist.
import { FeatureGates, type Scope } from '../../apis/constants.js';
import { featureGateEnabled } from '../../apis/defaults.js';
import type { KubeFedConfigSpec } from '../../apis/types.js';
import type { RestClient } from '../../client/rest.js';
import type { ClusterRegistry } from '../cluster/registry.js';
import type { EventSink } from '../events.js';
import type { Log } from '../log.js';
import type { InformerFactory } from '../manager/informer-factory.js';
import type { Metrics } from '../metrics.js';
import { NameClaims } from './name-claims.js';
import { RecordController, type DnsRecordKind } from './record-controller.js';

export interface DnsControllersOptions {
  host: RestClient;
  factory: InformerFactory;
  registry: ClusterRegistry;
  kubefedNamespace: string;
  scope: Scope;
  /** The defaulted KubeFedConfig spec; only `featureGates` is read. */
  spec: Pick<KubeFedConfigSpec, 'featureGates'>;
  /** Event sink per reporting component (`servicedns-controller`, `ingressdns-controller`). */
  events: (component: string) => EventSink;
  log: Log;
  metrics?: Metrics;
}

/** The record kinds whose controllers the gates enable, in start order. */
export function enabledDnsRecordKinds(spec: Pick<KubeFedConfigSpec, 'featureGates'>): DnsRecordKind[] {
  const kinds: DnsRecordKind[] = [];
  if (featureGateEnabled(spec, FeatureGates.CrossClusterServiceDiscovery)) kinds.push('ServiceDNSRecord');
  if (featureGateEnabled(spec, FeatureGates.FederatedIngress)) kinds.push('IngressDNSRecord');
  return kinds;
}

export class DnsControllers {
  readonly #controllers: RecordController[] = [];

  constructor(o: DnsControllersOptions) {
    const claims = new NameClaims();
    const requeueClaimant = (ownerKey: string): void => {
      for (const c of this.#controllers) c.requeueClaimant(ownerKey);
    };
    for (const kind of enabledDnsRecordKinds(o.spec)) {
      this.#controllers.push(new RecordController({
        kind,
        host: o.host,
        factory: o.factory,
        registry: o.registry,
        kubefedNamespace: o.kubefedNamespace,
        targetNamespace: o.scope === 'Namespaced' ? o.kubefedNamespace : undefined,
        claims,
        requeueClaimant,
        events: o.events(kind === 'ServiceDNSRecord' ? 'servicedns-controller' : 'ingressdns-controller'),
        log: o.log,
        metrics: o.metrics,
      }));
    }
  }

  /** Kinds whose controllers run. */
  get kinds(): DnsRecordKind[] {
    return this.#controllers.map((c) => c.kind);
  }

  start(): void {
    for (const c of this.#controllers) c.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.#controllers.map((c) => c.stop()));
  }
}
