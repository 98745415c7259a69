// Liveness and termination of API server processes that may not be our children: `up` spawns them detached and
// exits, and later `down`/`stop` run in another process that only has the pid from the pid file.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/**
 * Whether `pid` is a live process whose command line contains `marker` (the cluster's config path), if one is
 * given. The marker check guards against a stale pid file whose pid the OS has since given to an unrelated
 * process; it needs /proc, so elsewhere a live pid is trusted. Zombies (exited, not yet reaped) count as dead.
 */
export function isAlive(pid: number, marker?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    // ESRCH: no such process. EPERM: it belongs to another user, so it is not a server we started.
    return false;
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return true;
  }
  // The state letter follows the parenthesised command name, which may itself contain spaces or parentheses.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  if (state === 'Z' || state === 'X') return false;
  if (marker === undefined) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((arg) => arg.includes(marker));
  } catch {
    return false;
  }
}

export function readPidFile(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

const POLL_MS = 25;

/** Resolves true once `alive()` is false, or false after `timeoutMs`. */
export async function waitUntilGone(alive: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive()) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return true;
}

/**
 * Sends SIGTERM (the API server persists its state on it), waits up to `graceMs`, then SIGKILLs.
 * Returns how the process ended.
 */
export async function terminate(pid: number, marker: string, graceMs: number): Promise<'terminated' | 'killed' | 'gone'> {
  if (!isAlive(pid, marker)) return 'gone';
  signal(pid, 'SIGTERM');
  if (await waitUntilGone(() => isAlive(pid, marker), graceMs)) return 'terminated';
  // The whole process group: a real-engine cluster's components are its children in the group spawnDetached made.
  signal(-pid, 'SIGKILL');
  signal(pid, 'SIGKILL');
  await waitUntilGone(() => isAlive(pid, marker), graceMs);
  return 'killed';
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already exited between the liveness check and the signal.
  }
}

/**
 * Starts `node entry args...` in its own process group, detached from this process, with stdout and stderr
 * appended to `logFile`, so it outlives the CLI and a Ctrl-C in the terminal does not reach it.
 */
export function spawnDetached(entry: string, args: string[], logFile: string): ChildProcess {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(process.execPath, [entry, ...args], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: process.env,
    });
    child.unref();
    return child;
  } finally {
    closeSync(fd);
  }
}
