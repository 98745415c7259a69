import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { StaticTokens } from './static-tokens.js';

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the token file is re-read when a line is added or removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'static-tokens-'));
  const file = join(dir, 'tokens.csv');
  const admin = 'admintoken,kubernetes-admin,kubernetes-admin,"system:masters"\n';
  writeFileSync(file, admin);
  const tokens = new StaticTokens(admin, file);
  try {
    assert.equal(tokens.get('alicetoken'), undefined);
    appendFileSync(file, 'alicetoken,alice,alice-uid,"devs,qa"\n');
    await until(() => tokens.get('alicetoken') !== undefined);
    assert.deepEqual(tokens.get('alicetoken'), { name: 'alice', uid: 'alice-uid', groups: ['devs', 'qa'] });
    writeFileSync(file, admin);
    await until(() => tokens.get('alicetoken') === undefined);
    assert.equal(tokens.get('admintoken')?.name, 'kubernetes-admin');
  } finally {
    tokens.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
