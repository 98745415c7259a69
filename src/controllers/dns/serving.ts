// `kubefed-controller-manager --dns-addr HOST:PORT`: the authoritative DNS server (src/dns) fed by the host's
// Domains (KubeFed namespace) and DNSEndpoints (target namespaces) through shared informers. It serves any
// DNSEndpoint, including ones written by hand or for ExternalDNS, whether or not the DNS record controllers run.
// What the server skips (a name outside every Domain, a CNAME clash, ...) becomes a Warning event on the object
// concerned and a log line; DNSEndpoint's status (ExternalDNS's CRD: only observedGeneration) has no room for more.
import { MULTICLUSTER_DNS_GROUP, MULTICLUSTER_DNS_V1ALPHA1, Plurals, V1ALPHA1 } from '../../apis/constants.js';
import type { KubeObject } from '../../common/object.js';
import { startDnsServer, DnsRecordSource, type DnsServer, type RecordProblem, type ZoneSet } from '../../dns/index.js';
import { deletedObject, type Informer } from '../../client/informer.js';
import type { EventSink } from '../events.js';
import type { Log } from '../log.js';
import type { InformerFactory, InformerSpec } from '../manager/informer-factory.js';

export interface DnsServingOptions {
  factory: InformerFactory;
  kubefedNamespace: string;
  /** Namespace of DNSEndpoints in a Namespaced control plane; all namespaces when absent. */
  targetNamespace?: string;
  host: string;
  port: number;
  events: EventSink;
  log: Log;
}

export interface DnsServing {
  /** `host:port` actually bound (the port chosen when asked for 0). */
  readonly address: string;
  readonly server: DnsServer;
  readonly source: DnsRecordSource;
  close(): Promise<void>;
}

function problemKey(p: RecordProblem): string {
  return [p.source.kind, p.source.namespace, p.source.name, p.reason, p.message].join('\u0000');
}

export async function startDnsServing(o: DnsServingOptions): Promise<DnsServing> {
  const log = o.log.with({ component: 'dns-server' });
  const group = { group: MULTICLUSTER_DNS_GROUP, version: V1ALPHA1 };
  const domainSpec: InformerSpec = { ...group, resource: Plurals.Domain, namespace: o.kubefedNamespace };
  const endpointSpec: InformerSpec = { ...group, resource: Plurals.DNSEndpoint, namespace: o.targetNamespace };
  const server = await startDnsServer({
    host: o.host === '0.0.0.0' || o.host === '' ? '0.0.0.0' : o.host,
    port: o.port,
    onError: (err) => log.v(2).info('DNS socket error', { error: err.message }),
  });
  const domains = o.factory.acquire(domainSpec);
  const endpoints = o.factory.acquire(endpointSpec);
  let reported = new Set<string>();
  const report = (zones: ZoneSet): void => {
    const now = new Set<string>();
    for (const p of zones.problems) {
      const k = problemKey(p);
      now.add(k);
      if (reported.has(k)) continue;
      const informer = p.source.kind === 'Domain' ? domains : endpoints;
      const obj = informer.get(`${p.source.namespace}/${p.source.name}`);
      log.info('DNS record skipped', { object: `${p.source.kind} ${p.source.namespace}/${p.source.name}`, reason: p.reason, message: p.message });
      if (obj) o.events.event(withTypeMeta(obj, p.source.kind), 'Warning', p.reason, p.message);
    }
    reported = now;
  };
  const source = new DnsRecordSource({
    onZones: (zones) => {
      server.update(zones);
      report(zones);
    },
  });
  const forward = (informer: Informer, handlers: DnsRecordSource['domainHandlers']): () => void =>
    informer.addEventHandler({
      onAdd: (obj) => handlers.onAdd(obj),
      onUpdate: (old, obj) => handlers.onUpdate(old, obj),
      onDelete: (obj) => handlers.onDelete(deletedObject(obj)),
    });
  const unsubscribe = [forward(domains, source.domainHandlers), forward(endpoints, source.dnsEndpointHandlers)];
  const address = `${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`;
  o.log.info('dns serving', { addr: address });
  return {
    address,
    server,
    source,
    async close() {
      for (const u of unsubscribe) u();
      source.close();
      await server.close();
      await o.factory.release(domainSpec);
      await o.factory.release(endpointSpec);
    },
  };
}

/** Informer objects may lack apiVersion/kind (lists omit them per item); events need both. */
function withTypeMeta(obj: KubeObject, kind: 'Domain' | 'DNSEndpoint'): KubeObject {
  return { ...obj, apiVersion: obj.apiVersion || MULTICLUSTER_DNS_V1ALPHA1, kind: obj.kind || kind };
}
