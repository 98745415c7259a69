import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchDns } from './bench.js';

test('benchDns answers every query of a small run and reports the update latency', async () => {
  const result = await benchDns({ queries: 300, concurrency: 4, services: 20, maxSeconds: 20 });
  assert.equal(result.sent, 300);
  assert.equal(result.answered + result.lost, 300);
  assert.equal(result.lost, 0);
  assert.equal(result.rcodes.NOERROR, 270, '9 in 10 questions of the mix name existing records');
  assert.equal(result.rcodes.NXDOMAIN, 30);
  assert.equal(result.rrsets, 20 * 6);
  assert.ok(result.queriesPerSecond > 0);
  assert.ok(result.updateToAnswerMs < 1000, `update took ${result.updateToAnswerMs} ms`);
});
