import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DelayedKeys } from './delayed-keys.js';

test('a key is added once after its delay; an earlier pending time wins; clear drops everything', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const added: string[] = [];
  const keys = new DelayedKeys((k) => added.push(k));
  keys.schedule('now', 0);
  assert.deepEqual(added, ['now']);
  keys.schedule('a', 100);
  keys.schedule('a', 500); // later: ignored, 100 ms stays
  keys.schedule('b', 300);
  keys.schedule('b', 50); // earlier: replaces 300 ms
  t.mock.timers.tick(60);
  assert.deepEqual(added, ['now', 'b']);
  t.mock.timers.tick(60);
  assert.deepEqual(added, ['now', 'b', 'a']);
  t.mock.timers.tick(1000);
  assert.deepEqual(added, ['now', 'b', 'a'], 'the replaced and ignored timers never fire');
  keys.schedule('c', 10);
  keys.clear();
  t.mock.timers.tick(100);
  assert.deepEqual(added, ['now', 'b', 'a']);
});
