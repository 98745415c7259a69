// A lock file per kubefed-local folder, so two commands (an `up` racing a `down`, two `up`s) never interleave
// their reads and writes of state.json and the pid files. A lock left by a crashed command is taken over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalError } from './errors.js';
import { isAlive } from './processes.js';

export function lockFile(dir: string): string {
  return join(dir, '.kubefed-local.lock');
}

/** Takes the folder's lock or throws a LocalError naming the command that holds it; returns the release function. */
export function acquireLock(dir: string): () => void {
  const file = lockFile(dir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        try {
          unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(safeRead(file), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new LocalError(`another kubefed-local command (pid ${holder}) is working on ${dir}; wait for it to finish`);
      }
      try {
        unlinkSync(file);
      } catch {
        // Another command removed the stale lock first; the next attempt decides.
      }
    }
  }
  throw new LocalError(`could not lock ${dir}: another kubefed-local command keeps taking ${file}`);
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
