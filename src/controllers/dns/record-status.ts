// The status of ServiceDNSRecords and IngressDNSRecords from what the member clusters hold (kubefed-behaviour.md
// §3.9, KubeFed v0.6.1 `servicedns` and `ingressdns` controllers), as pure functions of cached objects. Differences
// from KubeFed, each deliberate: a cluster without zones or region still contributes (to the levels it has) instead
// of failing the whole record; a cluster that stops being Ready keeps its entry without addresses, so its zone and
// region names fall back by CNAME to the next level (KubeFed intended this and never did it, quirk 10); and every
// reason a cluster contributes no address is returned as a problem for the record's condition and events.
import type { ClusterDNS, ClusterIngressDNS, IngressDNSRecord, IngressDNSRecordStatus, LoadBalancerIngress, LoadBalancerStatus, ServiceDNSRecord, ServiceDNSRecordStatus } from '../../apis/types.js';
import { isObject, type KubeObject } from '../../common/object.js';

/** Reasons of the problems a record can have; they are the `reason` of its Ready condition and of its events. */
export const DnsRecordReasons = {
  DomainNotFound: 'DomainNotFound',
  ClusterNotReady: 'ClusterNotReady',
  ClusterTopologyMissing: 'ClusterTopologyMissing',
  NoReadyEndpoints: 'NoReadyEndpoints',
  NoLoadBalancerAddress: 'NoLoadBalancerAddress',
  InvalidHostName: 'InvalidHostName',
  UnresolvableHostname: 'UnresolvableHostname',
  DuplicateRecord: 'DuplicateRecord',
} as const;
export type DnsRecordReason = (typeof DnsRecordReasons)[keyof typeof DnsRecordReasons];

export interface DnsRecordProblem {
  reason: DnsRecordReason;
  message: string;
}

/** A registered member cluster as the DNS controllers see it. */
export interface DnsClusterInfo {
  name: string;
  ready: boolean;
  /** KubeFedCluster `status.zones` and `status.region`, collected from node labels by the health controller. */
  zones?: readonly string[];
  region?: string;
}

/** Member objects of the record's namespace/name in one cluster; undefined when absent (or not managed). */
export type MemberLookup = (cluster: string) => KubeObject | undefined;

export interface ComputedStatus<S> {
  status: S;
  problems: DnsRecordProblem[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `status.loadBalancer` of a member object with its ingress list sorted by IP, then host name (KubeFed's order). */
export function sortedLoadBalancer(obj: KubeObject | undefined): LoadBalancerStatus {
  const status = obj && isObject(obj['status']) ? obj['status'] : {};
  const lb = isObject(status['loadBalancer']) ? status['loadBalancer'] : {};
  const list = Array.isArray(lb['ingress']) ? lb['ingress'].filter(isObject) : [];
  const ingress: LoadBalancerIngress[] = list
    .map((i) => {
      const out: LoadBalancerIngress = {};
      if (typeof i['ip'] === 'string' && i['ip'] !== '') out.ip = i['ip'];
      if (typeof i['hostname'] === 'string' && i['hostname'] !== '') out.hostname = i['hostname'];
      return out;
    })
    .filter((i) => i.ip !== undefined || i.hostname !== undefined)
    .sort((a, b) => cmp(a.ip ?? '', b.ip ?? '') || cmp(a.hostname ?? '', b.hostname ?? ''));
  return ingress.length > 0 ? { ingress } : {};
}

/** True when a core/v1 Endpoints object has at least one ready address in any subset. */
export function hasReadyAddress(endpoints: KubeObject | undefined): boolean {
  const subsets = endpoints && Array.isArray(endpoints['subsets']) ? endpoints['subsets'] : [];
  return subsets.some((s) => isObject(s) && Array.isArray(s['addresses']) && s['addresses'].length > 0);
}

function objectName(record: KubeObject): string {
  return `${record.metadata.namespace ?? ''}/${record.metadata.name ?? ''}`;
}

export interface ServiceRecordInputs {
  record: ServiceDNSRecord;
  /** `domain` of the Domain named by `spec.domainRef` in the KubeFed namespace; undefined when it does not exist. */
  domain: string | undefined;
  kubefedNamespace: string;
  /** Every registered cluster. */
  clusters: readonly DnsClusterInfo[];
  service: MemberLookup;
  endpoints: MemberLookup;
}

/**
 * ServiceDNSRecord status: one `dns[]` entry per Ready cluster (sorted by cluster) with its zones and region and, when
 * the member Service has ready endpoints (or `allowServiceWithoutEndpoints`), the Service's load-balancer addresses.
 * A cluster that is not Ready keeps the entry it had, without addresses.
 */
export function serviceRecordStatus(inputs: ServiceRecordInputs): ComputedStatus<ServiceDNSRecordStatus> {
  const { record } = inputs;
  const problems: DnsRecordProblem[] = [];
  const name = objectName(record);
  const previous = new Map((record.status?.dns ?? []).map((e) => [e.cluster, e]));
  const dns: ClusterDNS[] = [];
  if (inputs.domain === undefined) {
    problems.push({
      reason: DnsRecordReasons.DomainNotFound,
      message: `Domain "${inputs.kubefedNamespace}/${record.spec.domainRef}" named by spec.domainRef does not exist; no DNS names are published until it does`,
    });
  }
  for (const c of [...inputs.clusters].sort((a, b) => cmp(a.name, b.name))) {
    const entry: ClusterDNS = { cluster: c.name };
    const zones = (c.zones ?? []).filter((z) => z !== '');
    if (zones.length > 0) entry.zones = [...zones];
    if (c.region) entry.region = c.region;
    if (!c.ready) {
      const had = previous.get(c.name);
      if (!had) continue;
      const kept: ClusterDNS = { cluster: c.name };
      if (had.zones && had.zones.length > 0) kept.zones = [...had.zones];
      if (had.region) kept.region = had.region;
      dns.push(kept);
      problems.push({ reason: DnsRecordReasons.ClusterNotReady, message: `cluster "${c.name}" is not ready; its addresses are left out until it is` });
      continue;
    }
    if (!c.region || zones.length === 0) {
      problems.push({
        reason: DnsRecordReasons.ClusterTopologyMissing,
        message: `cluster "${c.name}" has no ${c.region ? 'zones' : 'region'} in its KubeFedCluster status (node labels topology.kubernetes.io/zone and /region); its addresses appear only at the levels it has`,
      });
    }
    const svc = inputs.service(c.name);
    if (svc) {
      const withEndpoints = hasReadyAddress(inputs.endpoints(c.name));
      if (withEndpoints || record.spec.allowServiceWithoutEndpoints) {
        const lb = sortedLoadBalancer(svc);
        if (lb.ingress) entry.loadBalancer = lb;
        else problems.push({ reason: DnsRecordReasons.NoLoadBalancerAddress, message: `Service "${name}" in cluster "${c.name}" has no load-balancer address (is it of type LoadBalancer?)` });
      } else {
        problems.push({
          reason: DnsRecordReasons.NoReadyEndpoints,
          message: `Service "${name}" in cluster "${c.name}" has no ready endpoints, so its address is left out (spec.allowServiceWithoutEndpoints publishes it anyway)`,
        });
      }
    }
    dns.push(entry);
  }
  const status: ServiceDNSRecordStatus = { dns };
  if (inputs.domain !== undefined) status.domain = inputs.domain;
  return { status, problems };
}

export interface IngressRecordInputs {
  record: IngressDNSRecord;
  clusters: readonly DnsClusterInfo[];
  ingress: MemberLookup;
}

/** IngressDNSRecord status: the load-balancer addresses of the member Ingress of every Ready cluster, by cluster. */
export function ingressRecordStatus(inputs: IngressRecordInputs): ComputedStatus<IngressDNSRecordStatus> {
  const problems: DnsRecordProblem[] = [];
  const name = objectName(inputs.record);
  const dns: ClusterIngressDNS[] = [];
  const previous = new Set((inputs.record.status?.dns ?? []).map((e) => e.cluster));
  for (const c of [...inputs.clusters].sort((a, b) => cmp(a.name, b.name))) {
    if (!c.ready) {
      if (previous.has(c.name)) problems.push({ reason: DnsRecordReasons.ClusterNotReady, message: `cluster "${c.name}" is not ready; its addresses are left out until it is` });
      continue;
    }
    const ing = inputs.ingress(c.name);
    if (!ing) continue;
    const lb = sortedLoadBalancer(ing);
    if (!lb.ingress) problems.push({ reason: DnsRecordReasons.NoLoadBalancerAddress, message: `Ingress "${name}" in cluster "${c.name}" has no load-balancer address yet` });
    dns.push(lb.ingress ? { cluster: c.name, loadBalancer: lb } : { cluster: c.name });
  }
  return { status: { dns }, problems };
}
