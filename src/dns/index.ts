// Public surface of the DNS server: build zones from Domains and DNSEndpoints, serve them over UDP and TCP, feed
// them from watches, count what happens, and query the result without `dig`.
export { buildZones, DEFAULT_RECORD_TTL, APEX_TTL, SOA_TIMERS } from './zone.js';
export type { BuildOptions, DnsAnswer, DnsQuestion, ProblemReason, Rcode, RecordProblem, RRset, StoredType, Zone, ZoneSet } from './zone.js';
export type { DNSEndpointInput, DomainInput, EndpointInput, ObjectRef } from './input.js';
export { handleMessage, CLASSIC_UDP_PAYLOAD, DEFAULT_MAX_UDP_PAYLOAD } from './message.js';
export type { HandledMessage, HandleOptions, Transport } from './message.js';
export { startDnsServer } from './server.js';
export type { DnsQueryEvent, DnsServer, DnsServerOptions } from './server.js';
export { DnsRecordSource, MAX_DEBOUNCE_MS } from './source.js';
export type { DnsRecordSourceOptions, ObjectEventHandlers, RebuildStats } from './source.js';
export { DnsMetrics } from './metrics.js';
export type { DnsMetricsSnapshot } from './metrics.js';
export { queryTcp, queryUdp, encodeQuery } from './client.js';
export type { DnsReply, QueryOptions } from './client.js';
export { benchDns } from './bench.js';
export type { DnsBenchOptions, DnsBenchResult } from './bench.js';
