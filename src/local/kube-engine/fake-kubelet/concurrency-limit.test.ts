import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConcurrencyLimit } from './concurrency-limit.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('ConcurrencyLimit', () => {
  it('never runs more than max at once and runs every task', async () => {
    const limit = new ConcurrencyLimit(3);
    let now = 0;
    let peak = 0;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => limit.run(async () => {
      now++;
      peak = Math.max(peak, now);
      await tick();
      now--;
      return i;
    })));
    assert.equal(peak, 3);
    assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => i));
    assert.equal(limit.running, 0);
  });

  it('starts waiters in arrival order', async () => {
    const limit = new ConcurrencyLimit(1);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => limit.run(async () => {
      await tick();
      order.push(n);
    })));
    assert.deepEqual(order, [1, 2, 3]);
  });

  it('frees the slot when a task fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await assert.rejects(limit.run(() => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await limit.run(() => Promise.resolve('ok')), 'ok');
  });

  it('rejects a limit below one', () => {
    assert.throws(() => new ConcurrencyLimit(0), /positive integer/);
  });
});
