import assert from 'node:assert/strict';
import { test } from 'node:test';
import { abortableSleep } from './abortable-sleep.js';

test('abortableSleep resolves after its delay when nothing aborts', async () => {
  const start = performance.now();
  await abortableSleep(30, new AbortController().signal);
  assert.ok(performance.now() - start >= 25, 'waited about the delay');
});

test('abortableSleep resolves at once when the signal aborts during the wait', async () => {
  const ac = new AbortController();
  const start = performance.now();
  const done = abortableSleep(10_000, ac.signal);
  setTimeout(() => ac.abort(), 10);
  await done;
  assert.ok(performance.now() - start < 1_000, 'did not sleep out the delay');
});

test('abortableSleep resolves at once on an already aborted signal', async () => {
  const ac = new AbortController();
  ac.abort();
  const start = performance.now();
  await abortableSleep(10_000, ac.signal);
  assert.ok(performance.now() - start < 1_000);
});
