// API server throughput and latency: an in-process startApiServer over loopback HTTP (keep-alive), driven the way
// clients drive it (JSON bodies, chunked watch streams). Reported: creates/s and updates/s with 16 requests in
// flight, per-write latency with one request in flight (p50/p99, client-observed, so an upper bound on server time),
// watch events/s delivered to 10 concurrent watchers, and RSS/heap growth for 10,000 stored objects (run node with
// --expose-gc for a settled heap figure). Counts are fixed so a run takes seconds.
import { Agent, request } from 'node:http';
import { startApiServer, type RunningApiServer } from '../src/apiserver/server.js';

const OBJECTS = 10_000;
const CONCURRENCY = 16;
const LATENCY_SAMPLES = 1_000;
const WATCHERS = 10;
const WATCH_WRITES = 1_000;

interface Client {
  send(method: string, path: string, body: unknown, contentType?: string): Promise<number>;
}

function client(server: RunningApiServer): Client {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });
  const url = new URL(server.url);
  return {
    send(method, path, body, contentType = 'application/json') {
      return new Promise((resolve, reject) => {
        const data = Buffer.from(JSON.stringify(body));
        const req = request({ host: url.hostname, port: url.port, method, path, agent, headers: { 'Content-Type': contentType, 'Content-Length': data.length } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(data);
      });
    },
  };
}

const NS = '/api/v1/namespaces/bench/configmaps';
const configMap = (i: number): unknown => ({ metadata: { name: `cm-${i}`, labels: { bench: 'yes' } }, data: { index: String(i), payload: 'x'.repeat(64) } });

async function inParallel(count: number, work: (i: number) => Promise<number>, expect: number): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const code = await work(i);
      if (code !== expect) throw new Error(`request ${i} answered ${code}, expected ${expect}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Opens a watch and resolves `done` once `count` events have arrived. */
function openWatch(server: RunningApiServer, path: string, count: number): { ready: Promise<void>; done: Promise<void>; close(): void } {
  let seen = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  let req: ReturnType<typeof request> | undefined;
  const ready = new Promise<void>((resolveReady, reject) => {
    req = request(`${server.url}${path}`, (res) => {
      resolveReady();
      res.on('data', (chunk: Buffer) => {
        for (const b of chunk) if (b === 10) seen++;
        if (seen >= count) resolveDone();
      });
    });
    req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : reject(e)));
    req.end();
  });
  return { ready, done, close: () => req?.destroy() };
}

function memory(): { rss: number; heap: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

export async function benchApiServer(): Promise<Record<string, number | string>[]> {
  const server = await startApiServer();
  const rows: Record<string, number | string>[] = [];
  try {
    const http = client(server);
    await http.send('POST', '/api/v1/namespaces', { metadata: { name: 'bench' } });
    const mb = (n: number): number => n / (1024 * 1024);

    const before = memory();
    let cpu = process.cpuUsage();
    const createSecs = await inParallel(OBJECTS, (i) => http.send('POST', NS, configMap(i)), 201);
    const createCpu = process.cpuUsage(cpu);
    const after = memory();
    // CPU of this process (server and client together) per write: an upper bound on server time that, unlike wall
    // time, does not depend on how busy the machine is.
    const cpuMs = (u: NodeJS.CpuUsage, n: number): number => (u.user + u.system) / 1000 / n;
    rows.push({ metric: 'creates', count: OBJECTS, seconds: createSecs, 'per second': OBJECTS / createSecs, 'cpu ms/write': cpuMs(createCpu, OBJECTS) });
    rows.push({ metric: `memory for ${OBJECTS} objects`, 'rss MB': mb(after.rss - before.rss), 'heap MB': mb(after.heap - before.heap), gc: (globalThis as { gc?: unknown }).gc ? 'settled' : 'no --expose-gc' });

    cpu = process.cpuUsage();
    const updateSecs = await inParallel(OBJECTS, (i) => http.send('PATCH', `${NS}/cm-${i}`, { data: { index: `u${i}` } }, 'application/merge-patch+json'), 200);
    rows.push({ metric: 'updates (merge patch)', count: OBJECTS, seconds: updateSecs, 'per second': OBJECTS / updateSecs, 'cpu ms/write': cpuMs(process.cpuUsage(cpu), OBJECTS) });

    const samples: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const start = process.hrtime.bigint();
      const code = await http.send('PATCH', `${NS}/cm-${i}`, { data: { index: `l${i}` } }, 'application/merge-patch+json');
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (code !== 200) throw new Error(`latency write ${i} answered ${code}`);
    }
    samples.sort((a, b) => a - b);
    rows.push({ metric: 'write latency (ms, 1 in flight)', count: LATENCY_SAMPLES, p50: percentile(samples, 50), p99: percentile(samples, 99) });

    const rv = String(server.store.resourceVersion);
    const watchers = Array.from({ length: WATCHERS }, () => openWatch(server, `${NS}?watch=true&resourceVersion=${rv}&labelSelector=bench%3Dyes`, WATCH_WRITES));
    await Promise.all(watchers.map((w) => w.ready));
    const watchStart = process.hrtime.bigint();
    await inParallel(WATCH_WRITES, (i) => http.send('PATCH', `${NS}/cm-${i}`, { data: { index: `w${i}` } }, 'application/merge-patch+json'), 200);
    await Promise.all(watchers.map((w) => w.done));
    const watchSecs = Number(process.hrtime.bigint() - watchStart) / 1e9;
    watchers.forEach((w) => w.close());
    rows.push({ metric: `watch events delivered (${WATCHERS} watchers)`, count: WATCHERS * WATCH_WRITES, seconds: watchSecs, 'per second': (WATCHERS * WATCH_WRITES) / watchSecs });
  } finally {
    await server.close();
  }
  return rows;
}

if (process.argv[1]?.endsWith('/bench/apiserver.js')) {
  for (const r of await benchApiServer()) console.log(JSON.stringify(r));
  process.exit(0);
}
