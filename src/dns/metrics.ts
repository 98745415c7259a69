// Counters for the DNS server and its record source, fed by the hooks `startDnsServer({ onQuery })` and
// `new DnsRecordSource({ onRebuild })` expose. Plain numbers, so the controller manager can export them through
// whichever metrics registry it uses without this folder depending on one.
import type { DnsQueryEvent } from './server.js';
import type { RebuildStats } from './source.js';

export interface DnsMetricsSnapshot {
  queries: number;
  /** Answers by rcode ('NOERROR', 'NXDOMAIN', 'REFUSED', 'FORMERR', 'BADVERS', ...). */
  responsesByRcode: Record<string, number>;
  queriesByTransport: { udp: number; tcp: number };
  truncated: number;
  /** Messages dropped without an answer (too short to parse, or not a query). */
  dropped: number;
  rebuilds: number;
  lastRebuild?: RebuildStats;
}

export class DnsMetrics {
  #snapshot: DnsMetricsSnapshot = {
    queries: 0, responsesByRcode: {}, queriesByTransport: { udp: 0, tcp: 0 }, truncated: 0, dropped: 0, rebuilds: 0,
  };

  /** Pass as `onQuery` to startDnsServer. */
  readonly observeQuery = (event: DnsQueryEvent): void => {
    const s = this.#snapshot;
    s.queries++;
    s.queriesByTransport[event.transport]++;
    if (event.truncated) s.truncated++;
    if (event.rcode === undefined) s.dropped++;
    else s.responsesByRcode[event.rcode] = (s.responsesByRcode[event.rcode] ?? 0) + 1;
  };

  /** Pass as `onRebuild` to DnsRecordSource. */
  readonly observeRebuild = (stats: RebuildStats): void => {
    this.#snapshot.rebuilds++;
    this.#snapshot.lastRebuild = stats;
  };

  snapshot(): DnsMetricsSnapshot {
    const s = this.#snapshot;
    return { ...s, responsesByRcode: { ...s.responsesByRcode }, queriesByTransport: { ...s.queriesByTransport } };
  }
}
