// One controller per DNS record kind (ServiceDNSRecord or IngressDNSRecord; kubefed-behaviour.md §3.9). KubeFed split
// this into a record-status controller and a DNSEndpoint controller linked by a watch; one reconcile does both here,
// so an address change in a member reaches the DNSEndpoint (and the DNS server) without a second queue hop:
//   member Services/Endpoints or Ingresses + KubeFedCluster readiness/topology + Domain
//     → record status (record-status.ts) → endpoints (federation/dns-endpoints.ts) → DNSEndpoint `<source>-<name>`
//     → Ready condition and Warning events for every problem.
// Reconciles read caches only; keys are the record's `namespace/name`.
import { MULTICLUSTER_DNS_GROUP, MULTICLUSTER_DNS_V1ALPHA1, Plurals, V1ALPHA1 } from '../../apis/constants.js';
import type { Condition, DNSEndpoint, DNSEndpointRecord, Domain, IngressDNSRecord, IngressDNSRecordStatus, KubeFedCluster, ServiceDNSRecord, ServiceDNSRecordStatus } from '../../apis/types.js';
import type { KubeObject, OwnerReference } from '../../common/object.js';
import { isAlreadyExists, isNotFound } from '../../client/errors.js';
import { deletedObject, type Informer } from '../../client/informer.js';
import { ItemExponentialFailureRateLimiter } from '../../client/ratelimiter.js';
import type { RestClient } from '../../client/rest.js';
import { objectKey, splitKey } from '../../client/store.js';
import { dnsEndpointName, ingressDnsEndpoints, loadBalancerHostnames, serviceDnsEndpoints, type DnsEndpointsResult } from '../../federation/dns-endpoints.js';
import type { ClusterRegistry } from '../cluster/registry.js';
import { KUBEFED_CLUSTERS } from '../cluster/registry.js';
import { Controller, type ReconcileResult } from '../controller.js';
import type { EventSink } from '../events.js';
import type { Log } from '../log.js';
import type { InformerFactory, InformerSpec } from '../manager/informer-factory.js';
import type { Metrics } from '../metrics.js';
import { HostnameResolver } from './hostname-resolver.js';
import { MemberInformers } from './member-informers.js';
import type { NameClaims } from './name-claims.js';
import { readyCondition } from './ready-condition.js';
import { DnsRecordReasons, ingressRecordStatus, serviceRecordStatus, type ComputedStatus, type DnsClusterInfo, type DnsRecordProblem } from './record-status.js';

export type DnsRecordKind = 'ServiceDNSRecord' | 'IngressDNSRecord';
type DnsRecord = ServiceDNSRecord | IngressDNSRecord;
type DnsRecordStatus = ServiceDNSRecordStatus | IngressDNSRecordStatus;

export interface RecordControllerOptions {
  kind: DnsRecordKind;
  host: RestClient;
  factory: InformerFactory;
  registry: ClusterRegistry;
  /** KubeFed namespace: Domains live here. */
  kubefedNamespace: string;
  /** Namespace of records and member objects in a Namespaced control plane; all namespaces when absent. */
  targetNamespace?: string;
  claims: NameClaims;
  /** Called with `Kind namespace/name` of other records whose published names may have changed. */
  requeueClaimant: (ownerKey: string) => void;
  events: EventSink;
  log: Log;
  metrics?: Metrics;
  resolver?: HostnameResolver;
  workers?: number;
}

/** Caches not listed yet: look again soon without counting a failure. */
const NOT_SYNCED_RETRY_MS = 250;
const SERVICES = { version: 'v1', resource: 'services' } as const;
const ENDPOINTS = { version: 'v1', resource: 'endpoints' } as const;
const INGRESSES = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses' } as const;

function statusChanged(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
}

function withoutTimes(conditions: readonly Condition[] | undefined): unknown {
  return (conditions ?? []).map(({ lastTransitionTime: _t, ...rest }) => rest);
}

export class RecordController {
  readonly kind: DnsRecordKind;
  readonly #o: RecordControllerOptions;
  readonly #source: 'service' | 'ingress';
  readonly #log: Log;
  readonly #controller: Controller;
  readonly #members: MemberInformers;
  readonly #resolver: HostnameResolver;
  readonly #specs: { records: InformerSpec; dnsEndpoints: InformerSpec; domains: InformerSpec; clusters: InformerSpec };
  readonly #cleanup: (() => void)[] = [];
  /** Problems last reported by event, per record key, so a persisting problem is not re-announced every reconcile. */
  readonly #reported = new Map<string, string>();
  /** Conditions last written per record key: the installed CRD may prune `status.conditions`, which must not loop. */
  readonly #writtenConditions = new Map<string, string>();
  #records: Informer<DnsRecord> | undefined;
  #dnsEndpoints: Informer<DNSEndpoint> | undefined;
  #domains: Informer<Domain> | undefined;
  #clusters: Informer<KubeFedCluster> | undefined;

  constructor(o: RecordControllerOptions) {
    this.#o = o;
    this.kind = o.kind;
    this.#source = o.kind === 'ServiceDNSRecord' ? 'service' : 'ingress';
    const name = o.kind === 'ServiceDNSRecord' ? 'servicedns' : 'ingressdns';
    this.#log = o.log.with({ controller: name });
    this.#resolver = o.resolver ?? new HostnameResolver();
    const dnsGroup = { group: MULTICLUSTER_DNS_GROUP, version: V1ALPHA1 };
    this.#specs = {
      records: { ...dnsGroup, resource: Plurals[o.kind], namespace: o.targetNamespace },
      dnsEndpoints: { ...dnsGroup, resource: Plurals.DNSEndpoint, namespace: o.targetNamespace },
      domains: { ...dnsGroup, resource: Plurals.Domain, namespace: o.kubefedNamespace },
      clusters: { ...KUBEFED_CLUSTERS, namespace: o.kubefedNamespace },
    };
    this.#members = new MemberInformers({
      registry: o.registry,
      resources: this.#source === 'service' ? [SERVICES, ENDPOINTS] : [INGRESSES],
      namespace: o.targetNamespace,
      onObject: (_cluster, key) => {
        if (this.#records?.get(key)) this.#controller.enqueue(key);
      },
      onCluster: () => this.#enqueueAll(),
      log: this.#log,
    });
    this.#controller = new Controller({
      name,
      reconcile: (key) => this.reconcile(key),
      workers: o.workers ?? 2,
      // KubeFed's DNSEndpoint controller backed off 5 s → 300 s; a first retry after 1 s heals write conflicts quickly.
      rateLimiter: new ItemExponentialFailureRateLimiter<string>({ baseDelayMs: 1_000, maxDelayMs: 300_000, resetAfterIdleMs: 600_000 }),
      log: this.#log,
      metrics: o.metrics,
    });
  }

  start(): void {
    const { factory } = this.#o;
    this.#records = factory.acquire<DnsRecord>(this.#specs.records);
    this.#dnsEndpoints = factory.acquire<DNSEndpoint>(this.#specs.dnsEndpoints);
    this.#clusters = factory.acquire<KubeFedCluster>(this.#specs.clusters);
    const enqueue = (obj: KubeObject): void => this.#controller.enqueue(objectKey(obj));
    this.#cleanup.push(
      this.#records.addEventHandler({
        onAdd: enqueue,
        onUpdate: (old, obj) => {
          if (statusChanged([old.metadata.generation, old.metadata.deletionTimestamp, old.spec], [obj.metadata.generation, obj.metadata.deletionTimestamp, obj.spec])) enqueue(obj);
        },
        onDelete: (obj) => enqueue(deletedObject(obj)),
      }),
      this.#dnsEndpoints.addEventHandler({
        onAdd: (ep) => this.#enqueueOwner(ep),
        onUpdate: (_old, ep) => this.#enqueueOwner(ep),
        onDelete: (ep) => this.#enqueueOwner(deletedObject(ep)),
      }),
      this.#clusters.addEventHandler({
        onUpdate: (old, c) => {
          if (statusChanged([old.status?.zones, old.status?.region], [c.status?.zones, c.status?.region])) this.#enqueueAll();
        },
      }),
    );
    if (this.#source === 'service') {
      this.#domains = factory.acquire<Domain>(this.#specs.domains);
      const all = (): void => this.#enqueueAll();
      this.#cleanup.push(this.#domains.addEventHandler({ onAdd: all, onUpdate: all, onDelete: all }));
    }
    this.#members.start();
    this.#controller.start();
    this.#log.info('started DNS record controller', { kind: this.kind });
  }

  async stop(): Promise<void> {
    for (const c of this.#cleanup) c();
    this.#cleanup.length = 0;
    await this.#controller.stop();
    await this.#members.stop();
    const { factory } = this.#o;
    await factory.release(this.#specs.records);
    await factory.release(this.#specs.dnsEndpoints);
    await factory.release(this.#specs.clusters);
    if (this.#domains) await factory.release(this.#specs.domains);
  }

  /** Reconciles `Kind namespace/name` again if it is one of this controller's records. */
  requeueClaimant(ownerKey: string): void {
    const prefix = `${this.kind} `;
    if (ownerKey.startsWith(prefix)) this.#controller.enqueue(ownerKey.slice(prefix.length));
  }

  #enqueueAll(): void {
    for (const key of this.#records?.store.listKeys() ?? []) this.#controller.enqueue(key);
  }

  #enqueueOwner(ep: DNSEndpoint): void {
    const prefix = `${this.#source}-`;
    const name = ep.metadata.name ?? '';
    if (!name.startsWith(prefix)) return;
    const owner = (ep.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (owner && owner.kind !== this.kind) return;
    this.#controller.enqueue(`${ep.metadata.namespace ?? ''}/${owner?.name ?? name.slice(prefix.length)}`);
  }

  #synced(): boolean {
    return (
      (this.#records?.hasSynced() ?? false) &&
      (this.#dnsEndpoints?.hasSynced() ?? false) &&
      (this.#domains?.hasSynced() ?? true) &&
      this.#o.registry.hasSynced() &&
      this.#members.synced()
    );
  }

  #clusterInfos(): DnsClusterInfo[] {
    return this.#o.registry.list().map((c) => {
      const info: DnsClusterInfo = { name: c.name, ready: c.ready && c.client !== undefined };
      if (c.object.status?.zones) info.zones = c.object.status.zones;
      if (c.object.status?.region) info.region = c.object.status.region;
      return info;
    });
  }

  async reconcile(key: string): Promise<ReconcileResult | void> {
    if (!this.#synced()) return { notSyncedRetryMs: NOT_SYNCED_RETRY_MS };
    const { namespace = '', name } = splitKey(key);
    const ownerKey = `${this.kind} ${key}`;
    const epName = dnsEndpointName(this.#source, name);
    const record = this.#records?.get(key);
    if (!record || record.metadata.deletionTimestamp) {
      this.#reported.delete(key);
      this.#writtenConditions.delete(key);
      for (const k of this.#o.claims.release(ownerKey)) this.#o.requeueClaimant(k);
      await this.#deleteDnsEndpoint(namespace, epName, name);
      return;
    }

    const clusters = this.#clusterInfos();
    let computed: ComputedStatus<DnsRecordStatus>;
    let domain: string | undefined;
    if (this.#source === 'service') {
      const svcRecord = record as ServiceDNSRecord;
      domain = this.#domains?.get(`${this.#o.kubefedNamespace}/${svcRecord.spec.domainRef}`)?.domain;
      computed = serviceRecordStatus({
        record: svcRecord,
        domain,
        kubefedNamespace: this.#o.kubefedNamespace,
        clusters,
        service: (c) => this.#members.get(c, 0, key),
        endpoints: (c) => this.#members.get(c, 1, key),
      });
    } else {
      computed = ingressRecordStatus({ record: record as IngressDNSRecord, clusters, ingress: (c) => this.#members.get(c, 0, key) });
    }
    const problems = [...computed.problems];

    let generated: DnsEndpointsResult = { endpoints: [], problems: [] };
    if (this.#source === 'ingress' || domain !== undefined) {
      const resolved = await this.#resolver.resolveAll(loadBalancerHostnames((computed.status.dns ?? []).map((e) => e.loadBalancer)));
      const options = { resolveHostname: (h: string) => resolved.get(h) };
      generated = this.#source === 'service'
        ? serviceDnsEndpoints({ ...(record as ServiceDNSRecord), status: computed.status as ServiceDNSRecordStatus }, options)
        : ingressDnsEndpoints({ ...(record as IngressDNSRecord), status: computed.status }, options);
    }
    for (const message of generated.problems) {
      problems.push({ reason: /not a valid DNS name/.test(message) ? DnsRecordReasons.InvalidHostName : DnsRecordReasons.UnresolvableHostname, message });
    }

    // An Ingress host is claimed from the spec, before any cluster has an address for it, so a duplicate shows at once.
    const wanted = new Set(generated.endpoints.map((e) => e.dnsName));
    if (this.#source === 'ingress') for (const h of (record as IngressDNSRecord).spec.hosts ?? []) if (!generated.problems.some((p) => p.includes(`"${h}"`))) wanted.add(h);
    const claim = this.#o.claims.claim({ key: ownerKey, created: record.metadata.creationTimestamp ?? '' }, wanted);
    for (const k of claim.affected) this.#o.requeueClaimant(k);
    for (const [dnsName, holder] of claim.lost) {
      problems.push({ reason: DnsRecordReasons.DuplicateRecord, message: `DNS name "${dnsName}" is already published by ${holder}, which is older; this record's entry for it is left out` });
    }
    const endpoints = generated.endpoints.filter((e) => !claim.lost.has(e.dnsName));

    const conflict = await this.#ensureDnsEndpoint(record, namespace, epName, endpoints);
    if (conflict) problems.push(conflict);

    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const condition = readyCondition(problems, { names: endpoints.length, dnsEndpoint: `${namespace}/${epName}` }, record.metadata.generation, this.#currentConditions(record), now);
    await this.#writeStatus(record, key, computed.status, condition);
    this.#report(record, key, problems, condition);
  }

  #currentConditions(record: DnsRecord): Condition[] | undefined {
    const status = record.status as { conditions?: Condition[] } | undefined;
    return status?.conditions;
  }

  #ownerReference(record: DnsRecord): OwnerReference {
    return { apiVersion: MULTICLUSTER_DNS_V1ALPHA1, kind: this.kind, name: record.metadata.name ?? '', uid: record.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
  }

  /** Creates or updates the DNSEndpoint; returns a problem when one of that name belongs to something else. */
  async #ensureDnsEndpoint(record: DnsRecord, namespace: string, name: string, endpoints: DNSEndpointRecord[]): Promise<DnsRecordProblem | undefined> {
    const ref = { group: MULTICLUSTER_DNS_GROUP, version: V1ALPHA1, resource: Plurals.DNSEndpoint, namespace };
    const current = this.#dnsEndpoints?.get(`${namespace}/${name}`);
    const owner = this.#ownerReference(record);
    if (!current) {
      const desired: DNSEndpoint = {
        apiVersion: MULTICLUSTER_DNS_V1ALPHA1,
        kind: 'DNSEndpoint',
        metadata: { name, namespace, ownerReferences: [owner] },
        spec: { endpoints },
      };
      try {
        await this.#o.host.create(ref, desired);
        this.#log.v(2).info('created DNSEndpoint', { dnsEndpoint: `${namespace}/${name}`, endpoints: endpoints.length });
      } catch (err) {
        // Created meanwhile (by us before the cache caught up, or by someone else): the watch event brings it back here.
        if (!isAlreadyExists(err)) throw err;
      }
      return undefined;
    }
    const controllerRef = (current.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (controllerRef && (controllerRef.kind !== this.kind || controllerRef.name !== owner.name || (controllerRef.uid !== owner.uid && owner.uid !== ''))) {
      return {
        reason: DnsRecordReasons.DuplicateRecord,
        message: `DNSEndpoint "${namespace}/${name}" belongs to ${controllerRef.kind} "${controllerRef.name}" (uid ${controllerRef.uid}), so this record's names are not published`,
      };
    }
    if (controllerRef && !statusChanged(current.spec?.endpoints ?? [], endpoints)) return undefined;
    const others = (current.metadata.ownerReferences ?? []).filter((r) => !r.controller);
    await this.#o.host.update(ref, { ...current, metadata: { ...current.metadata, ownerReferences: [...others, owner] }, spec: { ...current.spec, endpoints } });
    this.#log.v(2).info('updated DNSEndpoint', { dnsEndpoint: `${namespace}/${name}`, endpoints: endpoints.length });
    return undefined;
  }

  async #deleteDnsEndpoint(namespace: string, name: string, recordName: string): Promise<void> {
    const current = this.#dnsEndpoints?.get(`${namespace}/${name}`);
    const owner = (current?.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (!current || !owner || owner.kind !== this.kind || owner.name !== recordName) return;
    try {
      await this.#o.host.delete({ group: MULTICLUSTER_DNS_GROUP, version: V1ALPHA1, resource: Plurals.DNSEndpoint, namespace, name }, { preconditions: { uid: current.metadata.uid ?? '' } });
      this.#log.v(2).info('deleted DNSEndpoint of a deleted record', { dnsEndpoint: `${namespace}/${name}` });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async #writeStatus(record: DnsRecord, key: string, status: DnsRecordStatus, condition: Condition): Promise<void> {
    const current = (record.status ?? {}) as { domain?: string; dns?: unknown[]; conditions?: Condition[] };
    const conditionsText = JSON.stringify(withoutTimes([condition]));
    const dataChanged = statusChanged(current.dns ?? [], status.dns ?? []) || (this.#source === 'service' && (current.domain ?? null) !== ((status as ServiceDNSRecordStatus).domain ?? null));
    const conditionsChanged = current.conditions !== undefined
      ? JSON.stringify(withoutTimes(current.conditions)) !== conditionsText
      : this.#writtenConditions.get(key) !== `${record.metadata.uid ?? ''}:${conditionsText}`;
    if (!dataChanged && !conditionsChanged) return;
    const body: Record<string, unknown> = { dns: status.dns ?? [], conditions: [condition] };
    if (this.#source === 'service') body['domain'] = (status as ServiceDNSRecordStatus).domain ?? null;
    const { namespace, name } = splitKey(key);
    await this.#o.host.patch(
      { group: MULTICLUSTER_DNS_GROUP, version: V1ALPHA1, resource: Plurals[this.kind], namespace, name, subresource: 'status' },
      'merge',
      { status: body },
    );
    this.#writtenConditions.set(key, `${record.metadata.uid ?? ''}:${conditionsText}`);
  }

  /** Informer objects may lack apiVersion/kind; events need both. */
  #withTypeMeta(record: DnsRecord): DnsRecord {
    return { ...record, apiVersion: MULTICLUSTER_DNS_V1ALPHA1, kind: this.kind } as DnsRecord;
  }

  /** A Warning event per newly seen problem, and one Normal event when every problem is gone. */
  #report(record: DnsRecord, key: string, problems: readonly DnsRecordProblem[], condition: Condition): void {
    const fingerprint = JSON.stringify(problems);
    const before = this.#reported.get(key);
    if (before === fingerprint) return;
    this.#reported.set(key, fingerprint);
    const seen = new Set((before ? (JSON.parse(before) as DnsRecordProblem[]) : []).map((p) => `${p.reason}\u0000${p.message}`));
    for (const p of problems) {
      if (seen.has(`${p.reason}\u0000${p.message}`)) continue;
      this.#o.events.event(this.#withTypeMeta(record), 'Warning', p.reason, p.message);
      this.#log.info('DNS record problem', { kind: this.kind, record: key, reason: p.reason, message: p.message });
    }
    if (problems.length === 0 && before !== undefined && before !== '[]') this.#o.events.event(this.#withTypeMeta(record), 'Normal', condition.reason, condition.message);
  }
}
