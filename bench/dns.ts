// DNS server benchmark (issue 9): queries per second answered over UDP on loopback, and the time from a DNSEndpoint
// change to the first answer carrying it.
import { benchDns } from '../src/dns/bench.js';
import type { BenchRow } from './table.js';

export async function benchDnsServer(): Promise<BenchRow[]> {
  const r = await benchDns({ queries: 20_000, concurrency: 32, maxSeconds: 20 });
  return [{
    'queries sent': r.sent, answered: r.answered, lost: r.lost, 'queries/s': Math.round(r.queriesPerSecond),
    'p50 ms': r.latencyMs.p50, 'p99 ms': r.latencyMs.p99, 'record sets': r.rrsets, 'change→answer ms': r.updateToAnswerMs,
  }];
}
