import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LocalError } from './errors.js';
import { acquireLock, lockFile } from './lock.js';

describe('acquireLock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubefed-local-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a folder another live command holds, naming its pid', () => {
    // The parent of this test process is alive for the whole test, so it stands in for a running command.
    writeFileSync(lockFile(dir), `${process.ppid}\n`);
    assert.throws(() => acquireLock(dir), (err: unknown) => err instanceof LocalError && err.message.includes(`pid ${process.ppid}`));
    rmSync(lockFile(dir));
  });

  it('takes over a lock whose command has died and releases it', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(lockFile(dir), `${dead}\n`);
    const release = acquireLock(dir);
    assert.ok(existsSync(lockFile(dir)));
    release();
    assert.ok(!existsSync(lockFile(dir)));
  });
});
