// The demo's control plane, built the way a user would: three local clusters, `kubefedctl init` on cluster1, the
// controller manager as a background process logging to a file, and cluster1..3 joined. It also tears all of it
// down again, including what a previous, interrupted demo left in the same folder.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { ClusterReader } from './cluster-reader.js';
import { hasExited, startBackground, stopProcess } from './processes.js';
import { shellLine, type Printer } from './printer.js';
import { Shell } from './shell.js';
import { waitUntil } from './wait.js';

export const HOST_CONTEXT = 'cluster1';
export const CLUSTERS = ['cluster1', 'cluster2', 'cluster3'] as const;
export const KUBEFED_NAMESPACE = 'kube-federation-system';

/** A step without which the rest of the walkthrough cannot run. */
export class SetupError extends Error {}

export interface EnvironmentOptions {
  repoRoot: string;
  dir: string;
  printer: Printer;
  timeoutMs: number;
  signal: AbortSignal;
  /** kubefed-local's --engine for the clusters. */
  engine: 'builtin' | 'kube-apiserver';
}

const MANAGER_LOG = 'controller-manager.log';
const MANAGER_PID = 'controller-manager.pid';
/** `kubefed-local up` waits up to 60 s (180 s for real control planes) itself; a loaded machine needs headroom. */
const UP_TIMEOUT_MS = 400_000;
/** The controller manager's start is setup, not a walkthrough step: --timeout does not shorten it. */
const MANAGER_START_TIMEOUT_MS = 120_000;

export class DemoEnvironment {
  readonly dir: string;
  readonly kubeconfig: string;
  readonly shell: Shell;
  readonly reader: ClusterReader;
  /** Port of the controller manager's DNS server; undefined when the controller manager has no --dns-addr. */
  dnsPort: number | undefined;
  readonly #o: EnvironmentOptions;
  #manager: ChildProcess | undefined;
  #stopped = false;

  constructor(o: EnvironmentOptions) {
    this.#o = o;
    this.dir = o.dir;
    this.kubeconfig = join(o.dir, 'kubeconfig');
    this.shell = new Shell({ repoRoot: o.repoRoot, kubeconfig: this.kubeconfig, printer: o.printer });
    this.reader = new ClusterReader(this.kubeconfig);
  }

  get managerLog(): string {
    return join(this.dir, MANAGER_LOG);
  }

  async setUp(): Promise<void> {
    const p = this.#o.printer;
    p.section('Local clusters and the KubeFed control plane');
    await this.#clearPreviousDemo();
    await this.#must('start 3 local clusters', { program: 'kubefed-local', args: ['up', '--clusters', String(CLUSTERS.length), '--dir', this.shell.displayPath(this.dir), ...(this.#o.engine === 'builtin' ? [] : ['--engine', this.#o.engine])], timeoutMs: UP_TIMEOUT_MS });
    p.command(shellLine(['export', `KUBECONFIG=${this.kubeconfig}`]));
    p.blank();
    // The default KubeFedConfig enables the multi-cluster DNS gates the networking part needs, as the seed's release did.
    await this.#must('install the control plane', { program: 'kubefedctl', args: ['init', '--host-cluster-context', HOST_CONTEXT] });
    p.blank();
    await this.#startManager();
    p.blank();
    p.section('Multicluster management: kubefedctl join');
    const joins = await this.shell.runAll(CLUSTERS.map((c) => ({
      program: 'kubefedctl' as const,
      args: ['join', c, '--cluster-context', c, '--host-cluster-context', HOST_CONTEXT, '--v=2'],
    })));
    joins.forEach((r, i) => {
      if (r.code !== 0) throw new SetupError(`kubefedctl join ${CLUSTERS[i]} failed with exit status ${r.code} (its output is above)`);
    });
    p.stepDone();
  }

  async #must(what: string, inv: Parameters<Shell['run']>[0]): Promise<void> {
    const r = await this.shell.run(inv);
    if (r.code !== 0) throw new SetupError(`${what}: ${this.shell.line(inv)} failed with exit status ${r.code} (its output is above)`);
    this.#o.printer.stepDone();
  }

  /** A previous demo in the same folder (maybe killed without cleaning up): stop what it left running, start fresh. */
  async #clearPreviousDemo(): Promise<void> {
    const p = this.#o.printer;
    if (!existsSync(this.dir)) {
      mkdirSync(this.dir, { recursive: true });
      return;
    }
    const entries = readdirSync(this.dir);
    const isDemoDir = entries.length === 0 || ['state.json', 'kubeconfig', MANAGER_LOG, MANAGER_PID].some((f) => entries.includes(f));
    if (!isDemoDir) {
      throw new SetupError(`${this.dir} exists and is not a demo folder (it has no state.json, kubeconfig or ${MANAGER_LOG}); remove it or pass another --dir`);
    }
    if (entries.length > 0) p.note(`${this.shell.displayPath(this.dir)} holds a previous demo: stopping what it left running and starting fresh`);
    const oldManager = readPid(join(this.dir, MANAGER_PID));
    if (oldManager !== undefined && processMatches(oldManager, 'kubefed-controller-manager')) {
      p.note(`stopping the previous demo's controller manager (pid ${oldManager})`);
      await terminatePid(oldManager);
    }
    if (existsSync(join(this.dir, 'state.json'))) {
      await this.shell.run({ program: 'kubefed-local', args: ['down', '--dir', this.shell.displayPath(this.dir)] });
    }
    this.#killLeftoverApiServers();
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  async #startManager(): Promise<void> {
    const p = this.#o.printer;
    const help = await this.shell.exec({ program: 'kubefed-controller-manager', args: ['--help'] });
    const args = ['--kubeconfig', this.shell.displayPath(this.kubeconfig), '--context', HOST_CONTEXT, '--healthz-addr', '127.0.0.1:0', '--metrics-addr', '127.0.0.1:0'];
    if (help.output.includes('--dns-addr')) {
      this.dnsPort = await freeDnsPort();
      args.push('--dns-addr', `127.0.0.1:${this.dnsPort}`);
    }
    const logDisplay = this.shell.displayPath(this.managerLog);
    p.command(`${shellLine(['kubefed-controller-manager', ...args])} > ${logDisplay} 2>&1 &`);
    const script = join(this.#o.repoRoot, 'bin', 'kubefed-controller-manager.js');
    const child = startBackground(process.execPath, [script, ...args], this.managerLog, { env: { ...process.env, KUBECONFIG: this.kubeconfig } });
    this.#manager = child;
    if (child.pid !== undefined) writeFileSync(join(this.dir, MANAGER_PID), `${child.pid}\n`);
    if (this.dnsPort === undefined) p.note('this kubefed-controller-manager has no --dns-addr option yet: no DNS server is started');

    const wanted = ['"serving"', '"controllers started"'];
    const started = await waitUntil('the controller manager to serve and start its controllers', async () => {
      // An exited manager ends the wait at once; the check below turns it into the setup error.
      if (hasExited(child)) return { value: '' };
      const log = existsSync(this.managerLog) ? readFileSync(this.managerLog, 'utf8') : '';
      const missing = wanted.filter((w) => !log.includes(w));
      return missing.length === 0 ? { value: log } : `no ${missing.join(' or ')} line in ${logDisplay} yet`;
    }, { timeoutMs: Math.max(MANAGER_START_TIMEOUT_MS, this.#o.timeoutMs), onProgress: (l) => p.progress(l), signal: this.#o.signal });
    if (hasExited(child)) {
      throw new SetupError(`kubefed-controller-manager exited (status ${child.exitCode ?? child.signalCode}); last lines of ${logDisplay}:\n${tail(this.managerLog, 15)}`);
    }
    if (!started.reached) throw new SetupError(`${started.detail}; last lines of ${logDisplay}:\n${tail(this.managerLog, 15)}`);
    p.command(`grep -E '"(serving|controllers started)"' ${logDisplay}`);
    p.output(started.value.split('\n').filter((l) => wanted.some((w) => l.includes(w))).join('\n'));
    p.stepDone();
  }

  /** Stops the controller manager, then the clusters (`kubefed-local down`). Safe to call twice. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.reader.close();
    await this.stopManager();
    if (existsSync(join(this.dir, 'state.json'))) {
      await this.shell.run({ program: 'kubefed-local', args: ['down', '--dir', this.shell.displayPath(this.dir)] });
    }
    this.#killLeftoverApiServers();
  }

  async stopManager(): Promise<void> {
    if (this.#manager && !hasExited(this.#manager)) {
      this.#o.printer.note(`stopping kubefed-controller-manager (pid ${this.#manager.pid})`);
      await stopProcess(this.#manager);
    }
    rmSync(join(this.dir, MANAGER_PID), { force: true });
  }

  /** Synchronous last resort when the demo process exits without `stop()` having run. */
  stopNow(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#manager && !hasExited(this.#manager)) this.#manager.kill('SIGKILL');
    if (existsSync(join(this.dir, 'state.json'))) {
      spawnSync(process.execPath, [join(this.#o.repoRoot, 'bin', 'kubefed-local.js'), 'down', '--dir', this.dir], { stdio: 'ignore', timeout: 30_000 });
    }
    this.#killLeftoverApiServers();
  }

  /** API servers whose pid files are still in DIR (an `up` interrupted before it wrote state.json). */
  #killLeftoverApiServers(): void {
    if (!existsSync(this.dir)) return;
    for (const e of readdirSync(this.dir)) {
      const pid = readPid(join(this.dir, e, 'apiserver.pid'));
      if (pid !== undefined && processMatches(pid, 'apiserver')) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone in the meantime.
        }
      }
    }
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Only a live process running our program is ours to stop: a pid from an old file may have been reused. */
function processMatches(pid: number, fragment: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(fragment);
  } catch {
    return false;
  }
}

async function terminatePid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && processMatches(pid, 'kubefed-controller-manager')) await new Promise((r) => setTimeout(r, 200));
  if (processMatches(pid, 'kubefed-controller-manager')) process.kill(pid, 'SIGKILL');
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A loopback port free for both UDP and TCP, since the DNS server answers on both. */
async function freeDnsPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = createSocket('udp4');
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, '127.0.0.1', () => resolve(udp.address().port));
    });
    const tcpFree = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (tcpFree) return port;
  }
  throw new SetupError('found no loopback port free for both UDP and TCP for the DNS server');
}
