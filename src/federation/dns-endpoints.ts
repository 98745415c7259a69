// DNS records for ServiceDNSRecords and IngressDNSRecords (kubefed-behaviour.md §3.9, KubeFed v0.6.1
// `controller/dnsendpoint`). Names, record types, the CNAME fall-back chain zone → region → global, the default TTL
// and the merge rules are KubeFed's, so ExternalDNS users see the same records. One deliberate difference: clusters
// that are not Ready are left out (KubeFed meant to but never did, quirk 10), so clients stop being sent to them.
import { isIP } from 'node:net';
import type { DNSEndpointRecord, IngressDNSRecord, LoadBalancerStatus, ServiceDNSRecord } from '../apis/types.js';

/** TTL in seconds when a record's `recordTTL` is 0 or absent. */
export const DEFAULT_DNS_TTL = 180;
export const RECORD_TYPE_A = 'A';
export const RECORD_TYPE_CNAME = 'CNAME';

export interface DnsEndpointOptions {
  /** Clusters whose addresses may be published; the others' entries are ignored. Absent: all. */
  readyClusters?: ReadonlySet<string>;
  /**
   * Addresses of a load-balancer host name (AWS ELBs publish names, not IPs). The caller resolves them, keeping this
   * function pure; a name it cannot resolve contributes no address.
   */
  resolveHostname?: (hostname: string) => readonly string[] | undefined;
}

export interface DnsEndpointsResult {
  /** Sorted by DNS name, merged, without empty targets. */
  endpoints: DNSEndpointRecord[];
  /** Input problems worth a condition or event (unresolvable host names, invalid DNS names); never fatal. */
  problems: string[];
}

/** Name of the DNSEndpoint generated for a record: `service-<name>` or `ingress-<name>`. */
export function dnsEndpointName(source: 'service' | 'ingress', recordName: string): string {
  return `${source}-${recordName}`;
}

/** The load-balancer host names (not IPs) of a status, for the caller to resolve. */
export function loadBalancerHostnames(lbs: readonly (LoadBalancerStatus | undefined)[]): string[] {
  const names = new Set<string>();
  for (const lb of lbs) for (const ing of lb?.ingress ?? []) if (ing.hostname) names.add(ing.hostname);
  return [...names].sort();
}

function ttlOf(recordTTL: number | undefined): number {
  return recordTTL === undefined || recordTTL === 0 ? DEFAULT_DNS_TTL : recordTTL;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** LB IPs plus resolved host names, as a sorted set. */
function targetsOf(lbs: readonly (LoadBalancerStatus | undefined)[], options: DnsEndpointOptions, problems: Set<string>): string[] {
  const out = new Set<string>();
  for (const lb of lbs) {
    for (const ing of lb?.ingress ?? []) {
      if (ing.ip) out.add(ing.ip);
      if (!ing.hostname) continue;
      if (isIP(ing.hostname)) {
        out.add(ing.hostname);
        continue;
      }
      const resolved = options.resolveHostname?.(ing.hostname);
      if (!resolved || resolved.length === 0) problems.add(`load balancer host name "${ing.hostname}" did not resolve to an address`);
      for (const ip of resolved ?? []) out.add(ip);
    }
  }
  return [...out].sort(byString);
}

/**
 * KubeFed's DedupeAndMergeEndpoints: sort by name, drop empty targets and then target-less endpoints, and merge
 * endpoints of the same name (an A record wins over a CNAME; A targets are unioned, sorted and de-duplicated).
 */
export function mergeEndpoints(endpoints: readonly DNSEndpointRecord[]): DNSEndpointRecord[] {
  const byName = new Map<string, DNSEndpointRecord>();
  for (const ep of endpoints) {
    const targets = (ep.targets ?? []).filter((t) => t !== '');
    if (targets.length === 0) continue;
    const prev = byName.get(ep.dnsName);
    const next = { ...ep, targets };
    if (!prev || (prev.recordType !== RECORD_TYPE_A && next.recordType === RECORD_TYPE_A)) {
      byName.set(ep.dnsName, next);
    } else if (prev.recordType === RECORD_TYPE_A && next.recordType === RECORD_TYPE_A) {
      prev.targets = [...new Set([...(prev.targets ?? []), ...targets])].sort(byString);
    }
  }
  return [...byName.values()].sort((a, b) => byString(a.dnsName, b.dnsName));
}

/** An A record of `targets`, or else a CNAME to `upLevel` (target-less when there is none, so merging drops it). */
function endpoint(dnsName: string, targets: string[], upLevel: string | undefined, ttl: number, labels: Record<string, string> | undefined): DNSEndpointRecord {
  const ep: DNSEndpointRecord =
    targets.length > 0
      ? { dnsName, targets, recordType: RECORD_TYPE_A, recordTTL: ttl }
      : { dnsName, targets: upLevel === undefined ? [] : [upLevel], recordType: RECORD_TYPE_CNAME, recordTTL: ttl };
  if (labels) ep.labels = { ...labels };
  return ep;
}

/**
 * Endpoints of a ServiceDNSRecord from its status: for each cluster entry with region R and zones Z, names
 * `P.<z>.R.D` (zone), `P.R.D` (region) and `P.D` (global), where P = `<name>.<namespace>.<domainRef>.svc` (with
 * `externalName` in place of the name, and label `serviceName: <name>` on every endpoint) and D = `status.domain`.
 * A level with addresses is an A record of the addresses of all clusters in that zone/region/everywhere; a level
 * without is a CNAME to the level above (a global name without addresses is dropped). `dnsPrefix` adds
 * `CNAME <dnsPrefix>.D → P.D`. A cluster without a region publishes only the global name.
 */
export function serviceDnsEndpoints(record: Pick<ServiceDNSRecord, 'metadata' | 'spec' | 'status'>, options: DnsEndpointOptions = {}): DnsEndpointsResult {
  const problems = new Set<string>();
  const domain = record.status?.domain ?? '';
  const spec = record.spec;
  const name = record.metadata.name ?? '';
  const namespace = record.metadata.namespace ?? '';
  const prefix = [spec.externalName || name, namespace, spec.domainRef, 'svc'].join('.');
  const labels = spec.externalName ? { serviceName: name } : undefined;
  const ttl = ttlOf(spec.recordTTL);
  const entries = (record.status?.dns ?? []).filter((e) => !options.readyClusters || options.readyClusters.has(e.cluster));
  const join = (...parts: string[]): string => parts.filter((p) => p !== '').join('.');
  const globalName = join(prefix, domain);

  const out: DNSEndpointRecord[] = [];
  const global = targetsOf(entries.map((e) => e.loadBalancer), options, problems);
  for (const entry of entries) {
    const region = entry.region ?? '';
    out.push(endpoint(globalName, global, undefined, ttl, labels));
    if (region === '') continue;
    const inRegion = entries.filter((e) => (e.region ?? '') === region);
    const regionName = join(prefix, region, domain);
    out.push(endpoint(regionName, targetsOf(inRegion.map((e) => e.loadBalancer), options, problems), globalName, ttl, labels));
    for (const zone of entry.zones ?? []) {
      if (zone === '') continue;
      const inZone = inRegion.filter((e) => (e.zones ?? []).includes(zone));
      out.push(endpoint(join(prefix, zone, region, domain), targetsOf(inZone.map((e) => e.loadBalancer), options, problems), regionName, ttl, labels));
    }
  }
  if (spec.dnsPrefix && entries.length > 0) {
    out.push({ dnsName: join(spec.dnsPrefix, domain), targets: [globalName], recordType: RECORD_TYPE_CNAME, recordTTL: ttl });
  }
  return { endpoints: mergeEndpoints(out), problems: [...problems].sort(byString) };
}

// A DNS name as Ingress hosts allow it: RFC 1123 labels, optionally a leading `*.` wildcard.
const hostRe = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Endpoints of an IngressDNSRecord: one A record per host in `spec.hosts` with the addresses of every (ready)
 * cluster; none for a host while no cluster has an address. Invalid host names are skipped and reported.
 */
export function ingressDnsEndpoints(record: Pick<IngressDNSRecord, 'spec' | 'status'>, options: DnsEndpointOptions = {}): DnsEndpointsResult {
  const problems = new Set<string>();
  const entries = (record.status?.dns ?? []).filter((e) => !options.readyClusters || options.readyClusters.has(e.cluster));
  const targets = targetsOf(entries.map((e) => e.loadBalancer), options, problems);
  const ttl = ttlOf(record.spec.recordTTL);
  const out: DNSEndpointRecord[] = [];
  for (const [i, host] of (record.spec.hosts ?? []).entries()) {
    if (host.length > 253 || !hostRe.test(host)) {
      problems.add(`spec.hosts[${i}] "${host}" is not a valid DNS name`);
      continue;
    }
    out.push({ dnsName: host, targets: [...targets], recordType: RECORD_TYPE_A, recordTTL: ttl });
  }
  return { endpoints: mergeEndpoints(out), problems: [...problems].sort(byString) };
}
