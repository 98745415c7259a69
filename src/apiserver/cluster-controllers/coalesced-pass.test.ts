import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coalescedPass } from './coalesced-pass.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

test('requests made before the pass starts share one pass', async () => {
  let runs = 0;
  const p = coalescedPass('test', () => runs++);
  p.schedule();
  p.schedule();
  p.schedule();
  assert.equal(runs, 0, 'nothing runs synchronously');
  await tick();
  assert.equal(runs, 1);
  p.schedule();
  await tick();
  assert.equal(runs, 2);
});

test('a request made during a pass gets another pass', async () => {
  let runs = 0;
  const p = coalescedPass('test', () => {
    runs++;
    if (runs === 1) p.schedule();
  });
  p.schedule();
  await tick();
  await tick();
  assert.equal(runs, 2);
});

test('no pass runs after stop, not even one already scheduled', async () => {
  let runs = 0;
  const p = coalescedPass('test', () => runs++);
  p.schedule();
  p.stop();
  await tick();
  p.schedule();
  await tick();
  assert.equal(runs, 0);
});

test('a throwing pass is logged with its name and later passes still run', async (t) => {
  const logged: string[] = [];
  t.mock.method(console, 'error', (msg: string) => logged.push(msg));
  let runs = 0;
  const p = coalescedPass('my-controller', () => {
    runs++;
    if (runs === 1) throw new Error('boom');
  });
  p.schedule();
  await tick();
  p.schedule();
  await tick();
  assert.equal(runs, 2);
  assert.deepEqual(logged, ['my-controller: boom']);
});
