// Runs the real programs the demo drives: short commands whose output is shown to the user, and the long-running
// controller manager, whose output goes to a log file. Every child is tracked so that Ctrl-C, an error or the end of
// the demo can stop all of them, and only them.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface CommandResult {
  /** Exit code; -1 when the command was killed (timeout or demo shutdown) or could not start. */
  code: number;
  /** stdout and stderr interleaved in the order they arrived, as a terminal would show them. */
  output: string;
  stdout: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Killed after this long (default 120 s) so that a hung command cannot hang the demo. */
  timeoutMs?: number;
  /** Receives stdout and stderr as they arrive (long commands show their progress live). */
  onOutput?: (chunk: string) => void;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 120_000;
/** A background process gets this long to shut down cleanly after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 10_000;

const running = new Set<ChildProcess>();

/** Runs a command to completion. Never rejects: a failure is a non-zero `code` with the reason in `output`. */
export function runCommand(command: string, args: readonly string[], opts: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let output = '';
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      stdout += d.toString();
      opts.onOutput?.(d.toString());
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
      opts.onOutput?.(d.toString());
    });
    const timeoutMs = opts.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    const timer = setTimeout(() => {
      output += `\n(the demo stopped this command after ${Math.round(timeoutMs / 1000)} s)\n`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => (output += `cannot run ${command}: ${err.message}\n`));
    child.on('close', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code: code ?? -1, output, stdout });
    });
  });
}

/**
 * Starts a long-running process with stdout and stderr appended to `logFile`. It gets its own process group, so a
 * Ctrl-C in the terminal reaches only the demo, which then stops it in order (controller manager before clusters).
 */
export function startBackground(command: string, args: readonly string[], logFile: string, opts: RunOptions = {}): ChildProcess {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', fd, fd], detached: true });
    running.add(child);
    child.on('close', () => running.delete(child));
    child.on('error', () => running.delete(child));
    return child;
  } finally {
    closeSync(fd);
  }
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await gone;
  clearTimeout(timer);
}

/** Stops every command still running (used on Ctrl-C, while a step is in flight). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((c) => stopProcess(c)));
}

/** Last resort when the demo process is exiting without having cleaned up: SIGKILL whatever is left. */
export function killAllNow(): void {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
