import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue, type WorkQueueMetrics } from './workqueue.js';
import { ItemExponentialFailureRateLimiter, kubefedRateLimiter, defaultControllerRateLimiter, TokenBucket, Backoff } from './ratelimiter.js';
import { sleep } from './testing/fake-api.js';

test('keys added repeatedly before processing come out once, in first-added order', async () => {
  const q = new WorkQueue();
  for (const k of ['a', 'b', 'a', 'c', 'b', 'a']) q.add(k);
  assert.equal(q.len(), 3);
  assert.deepEqual([await q.get(), await q.get(), await q.get()], ['a', 'b', 'c']);
  assert.equal(q.len(), 0);
});

test('a key added while processing is queued again only after done, never handed out concurrently', async () => {
  const q = new WorkQueue();
  q.add('a');
  const first = await q.get();
  assert.equal(first, 'a');
  q.add('a');
  q.add('a');
  assert.equal(q.len(), 0, 'the re-added key must wait for done');
  let second: string | undefined;
  void q.get().then((k) => (second = k));
  await sleep(5);
  assert.equal(second, undefined);
  q.done('a');
  await sleep(0);
  assert.equal(second, 'a');
  q.done('a');
  assert.equal(q.len(), 0);
});

test('a waiting get is woken by add', async () => {
  const q = new WorkQueue();
  const pending = q.get();
  q.add('x');
  assert.equal(await pending, 'x');
});

test('addAfter delivers later; scheduling twice keeps the earlier time', async () => {
  const q = new WorkQueue();
  q.addAfter('k', 400);
  q.addAfter('k', 30);
  q.addAfter('k', 500);
  const start = performance.now();
  assert.equal(await q.get(), 'k');
  const waited = performance.now() - start;
  assert.ok(waited >= 25 && waited < 300, `expected ~30 ms, waited ${waited.toFixed(0)} ms`);
  q.done('k');
  await sleep(550);
  assert.equal(q.len(), 0, 'the later schedules were dropped');
  q.shutDown();
});

test('addRateLimited backs off exponentially per key; forget resets', async () => {
  const q = new WorkQueue({ rateLimiter: new ItemExponentialFailureRateLimiter({ baseDelayMs: 20, maxDelayMs: 80 }) });
  const delays: number[] = [];
  for (let i = 0; i < 4; i++) {
    const start = performance.now();
    q.addRateLimited('k');
    const k = await q.get();
    delays.push(performance.now() - start);
    assert.equal(k, 'k');
    q.done('k');
  }
  assert.equal(q.numRequeues('k'), 4);
  const want = [20, 40, 80, 80];
  delays.forEach((d, i) => assert.ok(d >= (want[i] as number) - 5 && d < (want[i] as number) + 60, `retry ${i}: ${d.toFixed(0)} ms, want ~${want[i]}`));
  q.forget('k');
  assert.equal(q.numRequeues('k'), 0);
});

test('rate limiter delay sequences: KubeFed 5 s→60 s, client-go 5 ms→1000 s', () => {
  const kf = kubefedRateLimiter();
  assert.deepEqual(Array.from({ length: 6 }, () => kf.when('x')), [5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
  const cg = defaultControllerRateLimiter();
  const seq = Array.from({ length: 20 }, () => cg.when('y'));
  assert.deepEqual(seq.slice(0, 4), [5, 10, 20, 40]);
  assert.equal(seq.at(-1), 1_000_000, '5 ms × 2^19 is capped at 1000 s');
  assert.equal(cg.numRequeues('y'), 20);
});

test('shutDown wakes waiting getters with undefined and ignores new keys', async () => {
  const q = new WorkQueue();
  const waiting = q.get();
  q.addAfter('later', 10_000);
  q.shutDown();
  assert.equal(await waiting, undefined);
  q.add('x');
  assert.equal(q.len(), 0);
  assert.equal(await q.get(), undefined);
});

test('shutDownWithDrain waits for keys in processing to be done', async () => {
  const q = new WorkQueue();
  q.add('a');
  const key = await q.get();
  let drained = false;
  const drain = q.shutDownWithDrain().then(() => (drained = true));
  await sleep(10);
  assert.equal(drained, false);
  q.done(key as string);
  await drain;
  assert.equal(drained, true);
});

test('metrics hooks observe adds, depth, latency, work duration and retries', async () => {
  const seen: Record<string, number[]> = { depth: [], adds: [], latency: [], work: [], retries: [] };
  const metrics: WorkQueueMetrics = {
    depth: (_q, d) => seen['depth']?.push(d),
    adds: () => seen['adds']?.push(1),
    latency: (_q, s) => seen['latency']?.push(s),
    workDuration: (_q, s) => seen['work']?.push(s),
    retries: () => seen['retries']?.push(1),
  };
  const q = new WorkQueue({ name: 'sync', metrics, rateLimiter: new ItemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: 1 }) });
  q.add('a');
  q.add('a');
  await sleep(15);
  const k = await q.get();
  await sleep(15);
  q.done(k as string);
  q.addRateLimited('a');
  assert.equal(seen['adds']?.length, 2);
  assert.deepEqual(seen['depth'], [1, 0]);
  assert.ok((seen['latency']?.[0] ?? 0) >= 0.01);
  assert.ok((seen['work']?.[0] ?? 0) >= 0.01);
  assert.equal(seen['retries']?.length, 1);
  q.shutDown();
});

test('token bucket admits the burst at once, then refills at qps', async () => {
  const b = new TokenBucket(50, 3);
  assert.equal([b.tryAcquire(), b.tryAcquire(), b.tryAcquire(), b.tryAcquire()].filter(Boolean).length, 3);
  const start = performance.now();
  await b.acquire();
  await b.acquire();
  const waited = performance.now() - start;
  assert.ok(waited >= 30, `two tokens at 50 qps should take ~40 ms, took ${waited.toFixed(0)} ms`);
});

test('reflector backoff doubles with jitter up to the cap', () => {
  const b = new Backoff({ initialMs: 800, maxMs: 30_000, factor: 2, jitter: 1, resetAfterMs: 120_000 }, () => 0.5);
  assert.deepEqual(Array.from({ length: 8 }, () => b.next()), [1200, 2400, 4800, 9600, 19200, 38400, 45000, 45000]);
  b.reset();
  assert.equal(b.next(), 1200);
});
