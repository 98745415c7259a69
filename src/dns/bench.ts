// DNS benchmark: a server on loopback with a zone shaped like KubeFed's service and ingress records, queried over
// UDP by `concurrency` in-flight clients until `queries` have been sent or `maxSeconds` have passed. Client and
// server share this process (and its one event loop), so the figure is a lower bound on what the server alone does.
import * as dgram from 'node:dgram';
import * as packet from 'dns-packet';
import type { RecordType } from 'dns-packet';
import { encodeQuery, queryUdp } from './client.js';
import type { DNSEndpointInput, EndpointInput } from './input.js';
import { startDnsServer } from './server.js';
import { DnsRecordSource } from './source.js';

export interface DnsBenchOptions {
  /** Queries to send in total. */
  queries: number;
  /** Queries in flight at once, one UDP socket each. */
  concurrency: number;
  /** Stop sending after this long even if queries remain; default 30. */
  maxSeconds?: number;
  /** Services in the zone, each in 3 clusters over 2 regions; default 200. */
  services?: number;
}

export interface DnsBenchResult {
  sent: number;
  answered: number;
  /** Queries with no answer within the per-query timeout. */
  lost: number;
  seconds: number;
  queriesPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  rcodes: Record<string, number>;
  rrsets: number;
  /** From handing a changed DNSEndpoint to the record source to the first UDP answer carrying the new address. */
  updateToAnswerMs: number;
}

const QUERY_TIMEOUT_MS = 500;
const DOMAIN = 'example.com';
const REGIONS: Record<string, string[]> = { 'us-east1': ['us-east1-b', 'us-east1-c'], 'europe-west1': ['europe-west1-b'] };

/** KubeFed-shaped records (§3.9): global and region A records, zone CNAMEs to the region where a zone has no targets. */
function serviceEndpoints(index: number): DNSEndpointInput {
  const prefix = `svc${index}.default.myfed.svc`;
  const ip = (cluster: number): string => `10.${cluster}.${Math.floor(index / 250)}.${(index % 250) + 1}`;
  const endpoints: EndpointInput[] = [{ dnsName: `${prefix}.${DOMAIN}`, targets: [ip(1), ip(2), ip(3)], recordType: 'A', recordTTL: 180 }];
  let cluster = 1;
  for (const [region, zones] of Object.entries(REGIONS)) {
    endpoints.push({ dnsName: `${prefix}.${region}.${DOMAIN}`, targets: zones.map(() => ip(cluster++)), recordType: 'A', recordTTL: 180 });
    zones.forEach((zone, i) => endpoints.push(i === 0
      ? { dnsName: `${prefix}.${zone}.${region}.${DOMAIN}`, targets: [ip(cluster - zones.length)], recordType: 'A', recordTTL: 180 }
      : { dnsName: `${prefix}.${zone}.${region}.${DOMAIN}`, targets: [`${prefix}.${region}.${DOMAIN}`], recordType: 'CNAME', recordTTL: 180 }));
  }
  return { metadata: { namespace: 'default', name: `service-svc${index}` }, spec: { endpoints } };
}

/** The query mix: mostly global A hits, some zone-level CNAME chains, some misses. */
function questionFor(i: number, services: number): { name: string; type: RecordType } {
  const svc = `svc${i % services}.default.myfed.svc`;
  switch (i % 10) {
    case 0: case 1:
      return { name: `${svc}.us-east1-c.us-east1.${DOMAIN}`, type: 'A' };
    case 2:
      return { name: `missing${i}.${DOMAIN}`, type: 'A' };
    default:
      return { name: `${svc}.${DOMAIN}`, type: 'A' };
  }
}

export async function benchDns(options: DnsBenchOptions): Promise<DnsBenchResult> {
  const services = options.services ?? 200;
  const maxMs = (options.maxSeconds ?? 30) * 1000;
  const server = await startDnsServer({ host: '127.0.0.1', port: 0 });
  const source = new DnsRecordSource({ onZones: (zones) => server.update(zones) });
  const lanes: dgram.Socket[] = [];
  try {
    source.upsertDomain({ metadata: { namespace: 'kube-federation-system', name: 'example' }, domain: DOMAIN });
    source.replaceDNSEndpoints(Array.from({ length: services }, (_, i) => serviceEndpoints(i)));
    const zones = source.flush();

    const latencies: number[] = [];
    const rcodes: Record<string, number> = {};
    let sent = 0;
    let lost = 0;
    const started = performance.now();
    const lane = async (): Promise<void> => {
      const socket = dgram.createSocket('udp4');
      lanes.push(socket);
      await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
      let waiting: { id: number; resolve: (rcode: string | undefined) => void } | undefined;
      socket.on('message', (message) => {
        try {
          const reply = packet.decode(message) as packet.DecodedPacket & { rcode: string };
          if (waiting && reply.id === waiting.id) waiting.resolve(reply.rcode);
        } catch {
          // an undecodable reply counts as lost when the timeout fires
        }
      });
      while (sent < options.queries && performance.now() - started < maxMs) {
        const n = sent++;
        const id = n & 0xffff;
        const q = questionFor(n, services);
        const t0 = performance.now();
        const rcode = await new Promise<string | undefined>((resolve) => {
          const timer = setTimeout(() => resolve(undefined), QUERY_TIMEOUT_MS);
          waiting = { id, resolve: (r) => { clearTimeout(timer); resolve(r); } };
          socket.send(encodeQuery(q.name, q.type, id), server.port, '127.0.0.1');
        });
        waiting = undefined;
        if (rcode === undefined) lost++;
        else {
          latencies.push(performance.now() - t0);
          rcodes[rcode] = (rcodes[rcode] ?? 0) + 1;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
    const seconds = (performance.now() - started) / 1000;

    const changed = serviceEndpoints(0);
    const newIp = '192.0.2.99';
    (changed.spec?.endpoints ?? [])[0].targets = [newIp];
    const t0 = performance.now();
    source.upsertDNSEndpoint(changed);
    let updateToAnswerMs = Number.NaN;
    while (performance.now() - t0 < 2000) {
      const reply = await queryUdp('127.0.0.1', server.port, `svc0.default.myfed.svc.${DOMAIN}`, 'A');
      if (reply.answers?.some((a) => (a as { data?: unknown }).data === newIp)) {
        updateToAnswerMs = performance.now() - t0;
        break;
      }
    }

    latencies.sort((a, b) => a - b);
    const pick = (q: number): number => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : Number.NaN);
    return {
      sent,
      answered: latencies.length,
      lost,
      seconds,
      queriesPerSecond: latencies.length / seconds,
      latencyMs: { p50: pick(0.5), p99: pick(0.99), max: latencies.at(-1) ?? Number.NaN },
      rcodes,
      rrsets: zones.rrsetCount,
      updateToAnswerMs,
    };
  } finally {
    for (const socket of lanes) socket.close();
    source.close();
    await server.close();
  }
}
