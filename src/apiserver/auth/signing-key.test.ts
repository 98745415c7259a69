import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { signJwt, verifyJwt } from './jwt.js';
import { loadOrCreateSigningKey, SIGNING_KEY_FILE } from './signing-key.js';

test('the signing key is kept in the data folder, so tokens survive a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sa-key-'));
  try {
    const first = loadOrCreateSigningKey(join(dir, 'data'));
    assert.equal(statSync(join(dir, 'data', SIGNING_KEY_FILE)).mode & 0o777, 0o600);
    const token = signJwt({ sub: 'x' }, first);
    const second = loadOrCreateSigningKey(join(dir, 'data'));
    assert.equal(second.kid, first.kid);
    assert.equal(verifyJwt(token, second).ok, true);
    const memoryOnly = loadOrCreateSigningKey(undefined);
    assert.notEqual(memoryOnly.kid, first.kid);
    assert.equal(verifyJwt(token, memoryOnly).ok, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
