// The authoritative record store: zones built from Domains and DNSEndpoints, and the lookup an authoritative server
// performs for one question (RFC 1034 §4.3.2). Pure: no sockets, no clocks; the server and the record source own
// the I/O. A ZoneSet is immutable once built, so the server can swap a whole new one in atomically.
import { isIPv4, isIPv6 } from 'node:net';
import type { Answer as PacketRecord, SoaData } from 'dns-packet';
import { isObject } from '../common/object.js';
import { refKey, refOf, type DNSEndpointInput, type DomainInput, type EndpointInput, type ObjectRef } from './input.js';
import { canonicalName, invalidNameReason, isInZone, parentName } from './name.js';

/** KubeFed's DNSEndpoint controller default when a record sets no `recordTTL` (kubefed-behaviour.md §3.9). */
export const DEFAULT_RECORD_TTL = 180;
/** TTL of the synthesized SOA and NS records at each apex; they change only when a Domain does. */
export const APEX_TTL = 300;
/**
 * SOA timers. No secondaries transfer these zones, so refresh/retry/expire are conventional values; `minimum` is
 * the negative-caching TTL (RFC 2308 §4) and is short so a name created after a miss resolves within 30 s.
 */
export const SOA_TIMERS = { refresh: 3600, retry: 600, expire: 86400, minimum: 30 } as const;
/** RFC 2181 §8: TTLs are unsigned 31-bit values. */
const MAX_TTL = 2 ** 31 - 1;
/** Chains longer than this are cut off, as resolvers give up on them too (BIND follows at most 16 hops). */
const MAX_CNAME_HOPS = 16;
/** RFC 1035 §3.3: a TXT character-string holds at most 255 octets. */
const MAX_TXT_CHUNK = 255;

/** Record types the server stores; the rest of ExternalDNS's types are reported as unsupported. */
export type StoredType = 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'SOA' | 'NS';

/** One RRset: every record of one type at one name, with one TTL (RFC 2181 §5.2). */
export interface RRset {
  readonly type: StoredType;
  readonly ttl: number;
  readonly values: readonly string[];
  readonly source: ObjectRef;
}

export interface Zone {
  /** Canonical zone name: lower case, no trailing dot. */
  readonly name: string;
  readonly serial: number;
  readonly soa: SoaData;
  /** Content digest; the serial changes exactly when it does. */
  readonly fingerprint: string;
  readonly source: ObjectRef;
  readonly nodes: ReadonlyMap<string, ReadonlyMap<StoredType, RRset>>;
  /** Names with records plus their ancestors up to the apex (empty non-terminals exist: RFC 8020). */
  readonly existing: ReadonlySet<string>;
}

export type ProblemReason =
  | 'InvalidObject'
  | 'InvalidDomain'
  | 'DuplicateDomain'
  | 'InvalidDNSName'
  | 'NoMatchingDomain'
  | 'UnsupportedRecordType'
  | 'InvalidTTL'
  | 'InvalidTarget'
  | 'NoTargets'
  | 'ConflictingRecord';

/** A Domain or an endpoint the server skipped (wholly or in part), for the controller to surface as a condition or event. */
export interface RecordProblem {
  source: ObjectRef;
  /** Index into `spec.endpoints` and the entry itself, for DNSEndpoint problems. */
  index?: number;
  endpoint?: EndpointInput;
  reason: ProblemReason;
  message: string;
}

export interface DnsQuestion {
  name: string;
  type: string;
  class?: string;
}

export type Rcode = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED';

export interface DnsAnswer {
  rcode: Rcode;
  /** The AA bit: set for every answer from a zone we serve, clear for REFUSED. */
  authoritative: boolean;
  answers: PacketRecord[];
  authority: PacketRecord[];
  additional: PacketRecord[];
}

export interface ZoneSet {
  /** Zones by canonical name. */
  readonly zones: ReadonlyMap<string, Zone>;
  /** Everything skipped while building, in input order. */
  readonly problems: readonly RecordProblem[];
  /** Number of RRsets served from DNSEndpoints, across zones. */
  readonly rrsetCount: number;
  /** The deepest zone containing `name`, if any. */
  findZone(name: string): Zone | undefined;
  answer(question: DnsQuestion): DnsAnswer;
}

export interface BuildOptions {
  /** The set being replaced: zones whose content is unchanged keep their serial, changed ones get the next one. */
  previous?: ZoneSet;
  /** Serial of a zone seen for the first time; a clock-derived value keeps serials rising across restarts. */
  initialSerial?: number;
}

interface MutableZone {
  name: string;
  mname: string;
  source: ObjectRef;
  nodes: Map<string, Map<StoredType, RRset>>;
}

/** Builds every zone from the current Domains and DNSEndpoints; invalid input is skipped and reported, never thrown. */
export function buildZones(
  domains: readonly DomainInput[],
  endpoints: readonly DNSEndpointInput[],
  options: BuildOptions = {},
): ZoneSet {
  const problems: RecordProblem[] = [];
  const building = new Map<string, MutableZone>();
  for (const domain of [...domains].sort(byRef('Domain'))) addDomain(building, domain, problems);
  const zoneNames = [...building.keys()].sort();
  let rrsetCount = 0;
  for (const object of [...endpoints].sort(byRef('DNSEndpoint'))) {
    rrsetCount += addEndpoints(building, zoneNames, object, problems);
  }
  const zones = new Map<string, Zone>();
  for (const zone of building.values()) zones.set(zone.name, freeze(zone, options));
  return makeZoneSet(zones, problems, rrsetCount);
}

function byRef(kind: ObjectRef['kind']) {
  return (a: DomainInput | DNSEndpointInput, b: DomainInput | DNSEndpointInput): number => {
    const ka = refKey(refOf(kind, a));
    const kb = refKey(refOf(kind, b));
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

function addDomain(building: Map<string, MutableZone>, domain: DomainInput, problems: RecordProblem[]): void {
  const source = refOf('Domain', domain);
  const where = `Domain ${refKey(source)}`;
  if (typeof domain.domain !== 'string' || domain.domain.trim() === '') {
    problems.push({ source, reason: 'InvalidDomain', message: `${where}: field "domain" is required and must name the DNS zone to serve, e.g. "example.com"` });
    return;
  }
  const zoneName = canonicalName(domain.domain.trim());
  const bad = invalidNameReason(zoneName, false);
  if (bad !== undefined) {
    problems.push({ source, reason: 'InvalidDomain', message: `${where}: domain "${domain.domain}" is not a valid DNS name: ${bad}` });
    return;
  }
  let mname = `ns1.${zoneName}`;
  if (typeof domain.nameServer === 'string' && domain.nameServer !== '') {
    const ns = canonicalName(domain.nameServer.trim());
    const badNs = invalidNameReason(ns, false);
    if (badNs === undefined) mname = ns;
    else {
      problems.push({ source, reason: 'InvalidDomain', message: `${where}: nameServer "${domain.nameServer}" is not a valid DNS name (${badNs}); serving the zone with ${mname} instead` });
    }
  }
  const existing = building.get(zoneName);
  if (existing) {
    if (existing.mname !== mname) {
      problems.push({ source, reason: 'DuplicateDomain', message: `${where}: zone "${zoneName}" is already served from Domain ${refKey(existing.source)} with nameServer ${existing.mname}; delete one of the two Domains or give them the same nameServer` });
    }
    return;
  }
  const apex = new Map<StoredType, RRset>([
    ['SOA', { type: 'SOA', ttl: APEX_TTL, values: [], source }],
    ['NS', { type: 'NS', ttl: APEX_TTL, values: [mname], source }],
  ]);
  building.set(zoneName, { name: zoneName, mname, source, nodes: new Map([[zoneName, apex]]) });
}

/** Adds one DNSEndpoint's entries; returns how many RRsets it created. */
function addEndpoints(
  building: Map<string, MutableZone>,
  zoneNames: readonly string[],
  object: DNSEndpointInput,
  problems: RecordProblem[],
): number {
  const source = refOf('DNSEndpoint', object);
  const list: unknown = isObject(object.spec) ? object.spec.endpoints : undefined;
  if (list === undefined) return 0;
  if (!Array.isArray(list)) {
    problems.push({ source, reason: 'InvalidObject', message: `DNSEndpoint ${refKey(source)}: spec.endpoints must be a list` });
    return 0;
  }
  let created = 0;
  list.forEach((entry: unknown, index: number) => {
    const where = `DNSEndpoint ${refKey(source)} spec.endpoints[${index}]`;
    if (!isObject(entry)) {
      problems.push({ source, index, reason: 'InvalidObject', message: `${where} must be an object with dnsName, targets and recordType` });
      return;
    }
    // Every field is checked where it is read, so the cast only names them.
    const endpoint = entry as unknown as EndpointInput;
    const report = (reason: ProblemReason, message: string): void => {
      problems.push({ source, index, endpoint, reason, message: `${where}${message}` });
    };
    for (const rrset of endpointRRsets(endpoint, zoneNames, source, report)) {
      const zone = building.get(rrset.zone);
      if (zone && addRRset(zone, rrset.name, rrset.set, report)) created++;
    }
  });
  return created;
}

interface PlannedRRset {
  zone: string;
  name: string;
  set: RRset;
}

/** Validates one endpoint and turns it into RRsets; an A endpoint with IPv6 targets yields AAAA records too. */
function endpointRRsets(
  endpoint: EndpointInput,
  zoneNames: readonly string[],
  source: ObjectRef,
  report: (reason: ProblemReason, message: string) => void,
): PlannedRRset[] {
  if (typeof endpoint.dnsName !== 'string') {
    report('InvalidDNSName', '.dnsName is required');
    return [];
  }
  const name = canonicalName(endpoint.dnsName.trim());
  const bad = invalidNameReason(name, true);
  if (bad !== undefined) {
    report('InvalidDNSName', `.dnsName "${endpoint.dnsName}" is not a valid DNS name: ${bad}`);
    return [];
  }
  const zone = deepestZone(zoneNames, name);
  if (zone === undefined) {
    const served = zoneNames.length ? zoneNames.join(', ') : 'none';
    report('NoMatchingDomain', `.dnsName "${endpoint.dnsName}" is in no zone served by a Domain (served zones: ${served}); create a Domain for its zone or correct the name`);
    return [];
  }
  const recordType = (typeof endpoint.recordType === 'string' && endpoint.recordType !== '' ? endpoint.recordType : 'A').toUpperCase();
  if (recordType !== 'A' && recordType !== 'AAAA' && recordType !== 'CNAME' && recordType !== 'TXT') {
    report('UnsupportedRecordType', `.recordType "${endpoint.recordType}" is not served; supported types are A, AAAA, CNAME and TXT`);
    return [];
  }
  const ttlValue: unknown = endpoint.recordTTL;
  let ttl = DEFAULT_RECORD_TTL;
  if (ttlValue !== undefined && ttlValue !== null && ttlValue !== 0) {
    if (typeof ttlValue !== 'number' || !Number.isInteger(ttlValue) || ttlValue < 0 || ttlValue > MAX_TTL) {
      report('InvalidTTL', `.recordTTL ${JSON.stringify(ttlValue)} must be a whole number of seconds between 0 and ${MAX_TTL}`);
      return [];
    }
    ttl = ttlValue;
  }
  const rawTargets: unknown = endpoint.targets;
  const targets = Array.isArray(rawTargets) ? rawTargets : [];
  if (targets.length === 0) {
    report('NoTargets', `.targets is empty; an endpoint needs at least one target`);
    return [];
  }
  const byType = new Map<StoredType, Set<string>>();
  const add = (type: StoredType, value: string): void => {
    const set = byType.get(type) ?? new Set<string>();
    set.add(value);
    byType.set(type, set);
  };
  targets.forEach((target: unknown, i: number) => {
    if (typeof target !== 'string') {
      report('InvalidTarget', `.targets[${i}] must be a string`);
      return;
    }
    const t = target.trim();
    if (recordType === 'TXT') add('TXT', target);
    else if (recordType === 'CNAME') {
      const alias = canonicalName(t);
      const badAlias = invalidNameReason(alias, false);
      if (badAlias === undefined) add('CNAME', alias);
      else report('InvalidTarget', `.targets[${i}] "${target}" is not a valid DNS name for a CNAME: ${badAlias}`);
    } else if (isIPv4(t)) add('A', t);
    else if (isIPv6(t)) add('AAAA', t.toLowerCase());
    else report('InvalidTarget', `.targets[${i}] "${target}" is not an IPv4 or IPv6 address; an ${recordType} record needs addresses (use a CNAME record for host names)`);
  });
  const cnames = byType.get('CNAME');
  if (cnames && cnames.size > 1) {
    report('InvalidTarget', `.targets has ${cnames.size} names, but a CNAME record has exactly one target (RFC 1034 §3.6.2)`);
    return [];
  }
  return [...byType].map(([type, values]) => ({ zone, name, set: { type, ttl, values: [...values].sort(), source } }));
}

function deepestZone(zoneNames: readonly string[], name: string): string | undefined {
  let best: string | undefined;
  for (const zone of zoneNames) {
    if (isInZone(name, zone) && (best === undefined || zone.length > best.length)) best = zone;
  }
  return best;
}

/**
 * Adds an RRset unless it conflicts with what is already at the name; the first writer (in namespace/name order)
 * keeps the name, so one bad object cannot take a name away from another.
 */
function addRRset(zone: MutableZone, name: string, set: RRset, report: (reason: ProblemReason, message: string) => void): boolean {
  const node = zone.nodes.get(name) ?? new Map<StoredType, RRset>();
  if (set.type === 'CNAME' && name === zone.name) {
    report('ConflictingRecord', `: "${name}" is the apex of zone ${zone.name}, which holds SOA and NS records, so it cannot be a CNAME (RFC 1034 §3.6.2); use A records`);
    return false;
  }
  const clash = [...node.values()].filter((r) => (set.type === 'CNAME') !== (r.type === 'CNAME'));
  if (clash.length > 0) {
    const what = clash.map((r) => `${r.type} from ${r.source.kind} ${refKey(r.source)}`).join(', ');
    report('ConflictingRecord', `: "${name}" already has ${what}; a CNAME cannot share its name with other records (RFC 1034 §3.6.2)`);
    return false;
  }
  const current = node.get(set.type);
  if (current) {
    const sameSource = refKey(current.source) === refKey(set.source) && current.source.kind === set.source.kind;
    if (sameSource && current.ttl === set.ttl && set.type !== 'CNAME') {
      node.set(set.type, { ...current, values: [...new Set([...current.values, ...set.values])].sort() });
      return false;
    }
    if (current.ttl === set.ttl && sameValues(current.values, set.values)) return false;
    report('ConflictingRecord', `: ${set.type} records for "${name}" are already defined by ${current.source.kind} ${refKey(current.source)} (targets ${current.values.join(', ')}, TTL ${current.ttl}); records for one name must agree on targets and TTL, so this endpoint is skipped`);
    return false;
  }
  node.set(set.type, set);
  zone.nodes.set(name, node);
  return true;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function freeze(zone: MutableZone, options: BuildOptions): Zone {
  const names = [...zone.nodes.keys()].sort();
  const fingerprint = JSON.stringify([
    zone.mname,
    names.map((n) => [n, [...(zone.nodes.get(n) ?? new Map<StoredType, RRset>()).values()].map((r) => [r.type, r.ttl, r.values]).sort()]),
  ]);
  const previous = options.previous?.zones.get(zone.name);
  let serial = ((options.initialSerial ?? 1) >>> 0) || 1;
  if (previous !== undefined) serial = previous.fingerprint === fingerprint ? previous.serial : nextSerial(previous.serial);
  const existing = new Set<string>();
  for (const name of names) {
    for (let n: string | undefined = name; n !== undefined && isInZone(n, zone.name); n = parentName(n)) existing.add(n);
  }
  const soa: SoaData = { mname: zone.mname, rname: `hostmaster.${zone.name}`, serial, ...SOA_TIMERS };
  return { name: zone.name, serial, soa, fingerprint, source: zone.source, nodes: zone.nodes, existing };
}

/** RFC 1982 serial arithmetic: 32-bit, wrapping; 0 is skipped because some tools treat it as "unset". */
function nextSerial(serial: number): number {
  const next = (serial + 1) % 2 ** 32;
  return next === 0 ? 1 : next;
}

function makeZoneSet(zones: Map<string, Zone>, problems: RecordProblem[], rrsetCount: number): ZoneSet {
  const findZone = (name: string): Zone | undefined => {
    for (let n: string | undefined = name; n !== undefined; n = parentName(n)) {
      const zone = zones.get(n);
      if (zone) return zone;
    }
    return undefined;
  };
  const set: ZoneSet = {
    zones,
    problems,
    rrsetCount,
    findZone,
    answer: (question) => answerQuestion(set, question),
  };
  return set;
}

const EMPTY_NODE: ReadonlyMap<StoredType, RRset> = new Map();

/** The node answering for `name`: its own, an empty non-terminal, a wildcard match (RFC 4592 §4.1), or none (NXDOMAIN). */
function lookupNode(zone: Zone, name: string): ReadonlyMap<StoredType, RRset> | undefined {
  const node = zone.nodes.get(name);
  if (node) return node;
  if (zone.existing.has(name)) return EMPTY_NODE;
  let encloser = parentName(name);
  while (encloser !== undefined && !zone.existing.has(encloser)) encloser = parentName(encloser);
  return encloser === undefined ? undefined : zone.nodes.get(`*.${encloser}`);
}

function answerQuestion(set: ZoneSet, question: DnsQuestion): DnsAnswer {
  const qclass = (question.class ?? 'IN').toUpperCase();
  const qtype = question.type.toUpperCase();
  let name = canonicalName(question.name);
  let zone = set.findZone(name);
  if (zone === undefined || (qclass !== 'IN' && qclass !== 'ANY')) {
    return { rcode: 'REFUSED', authoritative: false, answers: [], authority: [], additional: [] };
  }
  const result: DnsAnswer = { rcode: 'NOERROR', authoritative: true, answers: [], authority: [], additional: [] };
  // The first owner keeps the asker's letter case, as servers that compress against the question do.
  let owner = question.name.endsWith('.') ? question.name.slice(0, -1) : question.name;
  const visited = new Set<string>();
  for (let hop = 0; ; hop++) {
    visited.add(name);
    const node = lookupNode(zone, name);
    if (node === undefined) {
      result.rcode = 'NXDOMAIN';
      result.authority.push(negativeSoa(zone));
      break;
    }
    const cname = node.get('CNAME');
    if (cname && qtype !== 'CNAME' && qtype !== 'ANY') {
      result.answers.push(...toRecords(owner, cname, zone));
      // RFC 1034 §4.3.2 step 3a: restart with the alias when it is ours; the rcode then describes the chain's end (RFC 6604).
      const target = cname.values[0];
      const next = set.findZone(target);
      if (next === undefined || visited.has(target) || hop + 1 >= MAX_CNAME_HOPS) break;
      name = target;
      owner = target;
      zone = next;
      continue;
    }
    const sets = qtype === 'ANY' ? [...node.values()] : [node.get(qtype as StoredType)].filter((r): r is RRset => r !== undefined);
    if (sets.length === 0) {
      result.authority.push(negativeSoa(zone));
      break;
    }
    for (const rrset of sets) result.answers.push(...toRecords(owner, rrset, zone));
    const ns = sets.find((r) => r.type === 'NS');
    if (ns) result.additional.push(...glue(set, ns.values));
    break;
  }
  return result;
}

/** Addresses of in-zone name servers, so resolvers need not look them up separately (RFC 1034 §4.3.2 step 6). */
function glue(set: ZoneSet, servers: readonly string[]): PacketRecord[] {
  const out: PacketRecord[] = [];
  for (const server of servers) {
    const zone = set.findZone(server);
    const node = zone?.nodes.get(server);
    if (!zone || !node) continue;
    for (const type of ['A', 'AAAA'] as const) {
      const rrset = node.get(type);
      if (rrset) out.push(...toRecords(server, rrset, zone));
    }
  }
  return out;
}

/** RFC 2308 §3: the SOA in a negative answer carries min(SOA TTL, SOA minimum), the time the miss may be cached. */
function negativeSoa(zone: Zone): PacketRecord {
  return { name: zone.name, type: 'SOA', class: 'IN', ttl: Math.min(APEX_TTL, SOA_TIMERS.minimum), data: zone.soa };
}

function toRecords(owner: string, rrset: RRset, zone: Zone): PacketRecord[] {
  switch (rrset.type) {
    case 'SOA':
      return [{ name: owner, type: 'SOA', class: 'IN', ttl: rrset.ttl, data: zone.soa }];
    case 'TXT':
      return rrset.values.map((v) => ({ name: owner, type: 'TXT', class: 'IN', ttl: rrset.ttl, data: txtChunks(v) }));
    default: {
      const type = rrset.type;
      return rrset.values.map((v) => ({ name: owner, type, class: 'IN', ttl: rrset.ttl, data: v }));
    }
  }
}

/** A TXT value longer than one character-string is split into several, as zone-file parsers do. */
function txtChunks(value: string): Buffer[] {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length === 0) return [bytes];
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += MAX_TXT_CHUNK) chunks.push(bytes.subarray(i, i + MAX_TXT_CHUNK));
  return chunks;
}
