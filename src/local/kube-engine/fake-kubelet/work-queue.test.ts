import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AsyncWorkQueue } from './work-queue.js';

describe('AsyncWorkQueue', () => {
  it('runs a key once for several adds while it waits', async () => {
    const runs: string[] = [];
    const q = new AsyncWorkQueue({ name: 't', log: () => undefined, reconcile: async (k) => void runs.push(k) });
    q.add('a');
    q.add('a');
    q.add('b');
    await sleep(10);
    assert.deepEqual(runs.sort(), ['a', 'b']);
    await q.stop();
  });

  it('runs a key added during its reconcile again afterwards, never concurrently', async () => {
    let active = 0;
    let peak = 0;
    let runs = 0;
    const q = new AsyncWorkQueue({
      name: 't', log: () => undefined,
      reconcile: async () => {
        active++;
        peak = Math.max(peak, active);
        runs++;
        await sleep(5);
        active--;
      },
    });
    q.add('a');
    await sleep(1);
    q.add('a');
    q.add('a');
    await sleep(30);
    assert.equal(runs, 2);
    assert.equal(peak, 1);
    await q.stop();
  });

  it('bounds the reconciles in flight by workers', async () => {
    let active = 0;
    let peak = 0;
    const q = new AsyncWorkQueue({
      name: 't', log: () => undefined, workers: 2,
      reconcile: async () => {
        active++;
        peak = Math.max(peak, active);
        await sleep(2);
        active--;
      },
    });
    for (let i = 0; i < 10; i++) q.add(`k${i}`);
    await sleep(40);
    assert.equal(peak, 2);
    assert.equal(q.length, 0);
    await q.stop();
  });

  it('retries a failing key with backoff and logs the streak once', async () => {
    const lines: string[] = [];
    let calls = 0;
    const q = new AsyncWorkQueue({
      name: 'pods', log: (l) => lines.push(l), retryMs: 2,
      reconcile: async () => {
        calls++;
        if (calls < 4) throw new Error('conflict');
      },
    });
    q.add('ns/p');
    await sleep(60);
    assert.equal(calls, 4);
    assert.deepEqual(lines, ['fake kubelet: pods ns/p: conflict']);
    await q.stop();
  });

  it('honours a requested later run, the earlier of two delays winning', async () => {
    const runs: number[] = [];
    const start = Date.now();
    const q = new AsyncWorkQueue({ name: 't', log: () => undefined, reconcile: async () => void runs.push(Date.now() - start) });
    q.addAfter('a', 200);
    q.addAfter('a', 15);
    await sleep(50);
    assert.equal(runs.length, 1);
    assert.ok((runs[0] ?? 0) >= 10);
    await q.stop();
  });

  it('stop waits for the running reconcile and drops what waits', async () => {
    let finished = false;
    const q = new AsyncWorkQueue({
      name: 't', log: () => undefined, workers: 1,
      reconcile: async (k) => {
        if (k === 'slow') {
          await sleep(20);
          finished = true;
        } else assert.fail('a dropped key ran');
      },
    });
    q.add('slow');
    q.add('other');
    await sleep(1);
    await q.stop();
    assert.equal(finished, true);
  });
});
