import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles from the initial delay up to the cap', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 500, jitter: 0, now: () => 0 });
    assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next()], [100, 200, 400, 500, 500]);
  });

  it('stretches each delay by up to the jitter fraction', () => {
    const b = new Backoff({ initialMs: 100, jitter: 1, random: () => 0.5, now: () => 0 });
    assert.equal(b.next(), 150);
  });

  it('starts again after reset', () => {
    const b = new Backoff({ initialMs: 100, jitter: 0, now: () => 0 });
    b.next();
    b.next();
    b.reset();
    assert.equal(b.next(), 100);
  });

  it('starts again when the last failure is older than resetAfterMs', () => {
    let t = 0;
    const b = new Backoff({ initialMs: 100, jitter: 0, resetAfterMs: 1000, now: () => t });
    b.next();
    t = 500;
    assert.equal(b.next(), 200);
    t = 2000;
    assert.equal(b.next(), 100);
  });
});
