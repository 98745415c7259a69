// One component process of a real control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler),
// run from the kstack binary with its output appended to DIR/<cluster>/<component>.log. Components are spawned in
// the engine process's own process group, so a SIGKILL of the group (the supervisor's last resort) takes them all.
// Once the cluster is up, a component that dies is started again with backoff, as the kubelet restarts static pods.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface ComponentSpec {
  name: string;
  binary: string;
  args: string[];
  logFile: string;
}

const RESTART_BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

export class Component {
  readonly spec: ComponentSpec;
  readonly #log: (line: string) => void;
  #child: ChildProcess | undefined;
  #exit: string | undefined;
  #restart = false;
  #restarts = 0;
  #stopping = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(spec: ComponentSpec, log: (line: string) => void) {
    this.spec = spec;
    this.#log = log;
  }

  /** Why the process is not running, or undefined while it runs. */
  get exitReason(): string | undefined {
    return this.#exit;
  }

  start(): void {
    this.#exit = undefined;
    const fd = openSync(this.spec.logFile, 'a');
    try {
      const child = spawn(this.spec.binary, [this.spec.name, ...this.spec.args], { stdio: ['ignore', fd, fd] });
      this.#child = child;
      child.once('error', (err) => this.#exited(child, `could not be started: ${err.message}`));
      child.once('exit', (code, sig) => this.#exited(child, sig ? `was killed by ${sig}` : `exited with code ${code}`));
    } finally {
      closeSync(fd);
    }
  }

  /** From now on an unexpected exit restarts the process after a backoff instead of staying down. */
  keepRunning(): void {
    this.#restart = true;
  }

  #exited(child: ChildProcess, reason: string): void {
    if (this.#child !== child || this.#exit !== undefined) return;
    this.#exit = reason;
    if (this.#stopping) return;
    this.#log(`${this.spec.name} ${reason}${this.#lastLogLine()}`);
    if (!this.#restart) return;
    const delay = RESTART_BACKOFF_MS[Math.min(this.#restarts, RESTART_BACKOFF_MS.length - 1)] ?? 30_000;
    this.#restarts++;
    this.#timer = setTimeout(() => {
      this.#log(`restarting ${this.spec.name} (restart ${this.#restarts})`);
      this.start();
    }, delay);
  }

  #lastLogLine(): string {
    try {
      const lines = readFileSync(this.spec.logFile, 'utf8').trimEnd().split('\n');
      const last = lines[lines.length - 1]?.trim();
      return last ? `: ${last.slice(0, 300)}` : '';
    } catch {
      return '';
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(kill);
  }
}
