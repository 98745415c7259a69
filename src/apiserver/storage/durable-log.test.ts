import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DurableLog } from './durable-log.js';
import { Store } from './store.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'apiserver-log-'));
}

function cm(name: string, value: string): { apiVersion: string; kind: string; metadata: { name: string; namespace: string; uid: string }; data: { v: string } } {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', uid: `uid-${name}` }, data: { v: value } };
}

test('a restarted store replays the log and keeps its resourceVersion counter', () => {
  const dir = tempDir();
  try {
    const a = new Store({ log: new DurableLog(dir) });
    a.create('/configmaps', cm('a', '1'));
    const b = a.create('/configmaps', cm('b', '1'));
    a.delete('/configmaps', b);
    const rv = a.resourceVersion;
    a.close();
    const again = new Store({ log: new DurableLog(dir) });
    assert.equal(again.resourceVersion, rv);
    assert.equal(again.get('/configmaps', 'default', 'a')?.data !== undefined, true);
    assert.equal(again.get('/configmaps', 'default', 'b'), undefined);
    const c = again.create('/configmaps', cm('c', '1'));
    assert.equal(Number(c.metadata.resourceVersion), rv + 1);
    again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without a clean shutdown the log alone restores every write', () => {
  const dir = tempDir();
  try {
    const log = new DurableLog(dir);
    const a = new Store({ log });
    a.create('/configmaps', cm('a', '1'));
    a.create('/configmaps', cm('b', '2'));
    // No close(): simulates a crash after the writes.
    const again = new Store({ log: new DurableLog(dir) });
    assert.deepEqual([...again.list('/configmaps')].map((o) => o.metadata.name), ['a', 'b']);
    assert.equal(again.resourceVersion, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a torn last line is dropped and cut off so later appends stay readable', () => {
  const dir = tempDir();
  try {
    const a = new Store({ log: new DurableLog(dir) });
    a.create('/configmaps', cm('a', '1'));
    appendFileSync(join(dir, 'log.jsonl'), '{"rv":2,"k":"/configmaps","o":{"apiVersion":"v1","kin');
    const b = new Store({ log: new DurableLog(dir) });
    assert.equal(b.resourceVersion, 1);
    b.create('/configmaps', cm('c', '1'));
    const lines = readFileSync(join(dir, 'log.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, 2);
    for (const l of lines) JSON.parse(l);
    const c = new Store({ log: new DurableLog(dir) });
    assert.deepEqual([...c.list('/configmaps')].map((o) => o.metadata.name), ['a', 'c']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt line in the middle of the log refuses to start instead of losing data', () => {
  const dir = tempDir();
  try {
    const a = new Store({ log: new DurableLog(dir) });
    a.create('/configmaps', cm('a', '1'));
    appendFileSync(join(dir, 'log.jsonl'), 'garbage\n{"rv":3,"k":"/configmaps","d":"default/a"}\n');
    assert.throws(() => new Store({ log: new DurableLog(dir) }), /corrupt/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('snapshot plus log replay skips records the snapshot already holds', () => {
  const dir = tempDir();
  try {
    const a = new Store({ log: new DurableLog(dir) });
    a.create('/configmaps', cm('a', '1'));
    a.persist();
    const cur = a.get('/configmaps', 'default', 'a');
    assert.ok(cur);
    a.update('/configmaps', { ...cur, data: { v: '2' } }, cur);
    const b = new Store({ log: new DurableLog(dir) });
    assert.deepEqual(b.get('/configmaps', 'default', 'a')?.data, { v: '2' });
    assert.equal(b.resourceVersion, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
