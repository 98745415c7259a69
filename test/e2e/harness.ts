// The end-to-end harness: real processes only. Clusters come from the compiled `kubefed-local` CLI, commands from
// the real `kubectl` on PATH (with a fresh HOME, so no discovery or HTTP cache leaks between test files) and from
// our compiled bin/ scripts. Everything a test file starts is stopped, and every temporary folder removed, in a
// root-level `after` hook (so also when a test fails) and, as a last resort, when the test process exits.
//
// Usage, at the top level of a test file (top-level await; hooks registered there belong to the file):
//   const c = await startClusters(2);
//   test('kubectl sees the server version', async () => {
//     const r = await c.kubectl(['version']);
//     assert.match(r.stdout, /Server Version: v1\.32/);
//   });
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root (this file runs as dist/test/e2e/harness.js). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to the command's stdin (then closed). */
  input?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** The command is killed after this long and `code` is -1 (default 60 s). */
  timeoutMs?: number;
  cwd?: string;
}

export interface KubectlOptions extends RunOptions {
  /** `--context NAME`; the kubeconfig's current context (cluster1) when omitted. */
  context?: string;
  /** Another kubeconfig instead of the clusters' one (for example one without a token). */
  kubeconfig?: string;
}

/** A long-running process (kubectl get -w, the controller manager, ...) whose output a test can wait for. */
export interface LongProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /**
   * Resolves with the stream's text once it matches `pattern` (stdout unless `stream` says stderr); rejects with the
   * output so far after `timeoutMs` or when the process exits first.
   */
  waitForOutput(pattern: RegExp, timeoutMs?: number, stream?: 'stdout' | 'stderr'): Promise<string>;
  /** Sends SIGTERM (SIGKILL after 5 s) and resolves with the final result. */
  stop(): Promise<CommandResult>;
  /** Resolves when the process exits by itself. */
  exited(): Promise<CommandResult>;
}

export interface ClusterCredentials {
  name: string;
  server: string;
  token: string;
  caPem: string;
}

/** The engines end-to-end tests run on; `npm test` runs every e2e file once per engine. */
export type Engine = 'builtin' | 'kube-apiserver';

/** The engine this test process runs on: KUBEFED_E2E_ENGINE (set by scripts/run-tests.mjs), builtin by default. */
export const ENGINE: Engine = process.env.KUBEFED_E2E_ENGINE === 'kube-apiserver' ? 'kube-apiserver' : 'builtin';

/** True on the real control plane (kube-apiserver + kube-controller-manager + kube-scheduler + etcd). */
export const REAL_ENGINE = ENGINE === 'kube-apiserver';

/**
 * The Kubernetes version an engine's clusters report: the built-in server implements v1.32; the real engine is
 * what `npm run build:tools` built (tools/kstack/go.mod pins k8s.io/kubernetes), recorded in .tools/bin/versions.json.
 */
export function serverVersion(engine: Engine = ENGINE): { major: number; minor: number; gitVersion: string } {
  if (engine === 'builtin') return { major: 1, minor: 32, gitVersion: 'v1.32' };
  const built = JSON.parse(readFileSync(join(REPO_ROOT, '.tools', 'bin', 'versions.json'), 'utf8')) as { kubernetes: string };
  const [, major = '0', minor = '0'] = /^v(\d+)\.(\d+)/.exec(built.kubernetes) ?? [];
  return { major: Number(major), minor: Number(minor), gitVersion: built.kubernetes };
}

export interface Clusters {
  /** The engine the clusters run on. */
  readonly engine: Engine;
  /** The kubefed-local folder (DIR). */
  readonly dir: string;
  readonly kubeconfig: string;
  /** Context names, `cluster1` … `clusterN`. */
  readonly contexts: string[];
  /** The temporary HOME every kubectl of this set runs with. */
  readonly home: string;
  /** What `kubefed-local up` printed. */
  readonly upOutput: string;
  /** Runs the real kubectl with `--kubeconfig` (and `--context` if given). */
  kubectl(args: string[], opts?: KubectlOptions): Promise<CommandResult>;
  /** Starts a kubectl that keeps running (`get -w`); stopped at the end of the file if the test does not. */
  spawnKubectl(args: string[], opts?: KubectlOptions): LongProcess;
  /** Runs `node bin/kubefed-local.js ARGS`, adding `--dir DIR` unless ARGS has one. */
  kubefedLocal(args: string[], opts?: RunOptions): Promise<CommandResult>;
  /** Server URL, admin token and CA of one cluster, read from the kubeconfig. */
  credentials(context: string): ClusterCredentials;
  /** Writes a file (a manifest) into this set's scratch folder and returns its path. */
  writeFile(name: string, content: string): string;
  /** `kubefed-local down`, then removes the temporary folders. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartClustersOptions {
  /** Use this DIR instead of a temporary one; it is then not removed at the end. */
  dir?: string;
  /** Extra `kubefed-local up` flags (`--nodes 1`, `--cluster-config FILE`, ...). */
  upArgs?: string[];
  /** The engine, when a test compares both in one file (default: ENGINE, the engine of this run). */
  engine?: Engine;
}

const DEFAULT_TIMEOUT_MS = 60_000;

const liveProcesses = new Set<ChildProcess>();
const liveClusterSets = new Set<LocalClusterSet>();

/**
 * Registers the cleanup hooks once per test file, when the file imports this module: that is the root context, so
 * the `after` hook runs once the whole file is done (called later, from inside a test or hook, node:test would bind
 * it to that test or run it at once). The process exit handlers cover a file that is killed or times out.
 */
function registerCleanup(): void {
  after(async () => {
    await Promise.all([...liveProcesses].map((p) => stopChild(p)));
    await Promise.all([...liveClusterSets].map((c) => c.stop()));
  });
  process.once('exit', killEverythingNow);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killEverythingNow();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

registerCleanup();

/** Synchronous last-resort cleanup: SIGKILL every process we know of, including detached API servers. */
function killEverythingNow(): void {
  for (const p of liveProcesses) {
    try {
      p.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const c of liveClusterSets) {
    c.killNow();
    c.removeScratch();
  }
}

/** Resolves the path of one of our CLIs: `kubefedctl` → REPO_ROOT/bin/kubefedctl.js; paths are kept. */
export function binPath(bin: string): string {
  if (isAbsolute(bin)) return bin;
  if (bin.includes('/')) return resolve(REPO_ROOT, bin);
  return join(REPO_ROOT, 'bin', bin.endsWith('.js') ? bin : `${bin}.js`);
}

/** Runs a command to completion, collecting its output. Never rejects: a failure is a non-zero `code`. */
export function run(command: string, args: string[], opts: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, {
      cwd: opts.cwd ?? REPO_ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    liveProcesses.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => {
      stderr += `\n[harness] ${command} ${args.join(' ')} killed after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      stderr += `\n[harness] could not run ${command}: ${err.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      liveProcesses.delete(child);
      resolvePromise({ code: code ?? (signal ? -1 : 0), stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs one of our compiled CLIs (`kubefedctl`, `kubefed-controller-manager`, `kubefed-local`, or a path) with node. */
export function runCli(bin: string, args: string[], opts: RunOptions = {}): Promise<CommandResult> {
  return run(process.execPath, [binPath(bin), ...args], opts);
}

/** Starts a long-running command; it is stopped at the end of the test file unless the test stops it first. */
export function startCommand(command: string, args: string[], opts: Omit<RunOptions, 'timeoutMs' | 'input'> = {}): LongProcess {
  const child = spawn(command, args, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveProcesses.add(child);
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  const notify = (): void => waiters.splice(0).forEach((w) => w());
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    notify();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    notify();
  });
  child.on('error', (e) => {
    err += `\n[harness] could not run ${command}: ${e.message}`;
  });
  const exited = new Promise<CommandResult>((resolveExit) => {
    child.on('close', (code, signal) => {
      liveProcesses.delete(child);
      notify();
      resolveExit({ code: code ?? (signal ? -1 : 0), stdout: out, stderr: err });
    });
  });
  let closed = false;
  void exited.then(() => (closed = true));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForOutput(pattern, timeoutMs = 15_000, stream = 'stdout') {
      return new Promise((resolveWait, rejectWait) => {
        const timer = setTimeout(() => {
          rejectWait(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern} in ${stream} of ${command} ${args.join(' ')}\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        const check = (): void => {
          const text = stream === 'stdout' ? out : err;
          if (pattern.test(text)) {
            clearTimeout(timer);
            resolveWait(text);
          } else if (closed) {
            clearTimeout(timer);
            rejectWait(new Error(`${command} exited before printing ${pattern}\nstdout:\n${out}\nstderr:\n${err}`));
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    },
    async stop() {
      await stopChild(child);
      return exited;
    },
    exited: () => exited,
  };
}

/** Starts one of our long-running CLIs (`kubefed-controller-manager`, ...) with node. */
export function startProcess(bin: string, args: string[], opts: Omit<RunOptions, 'timeoutMs' | 'input'> = {}): LongProcess {
  return startCommand(process.execPath, [binPath(bin), ...args], opts);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('close', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}

/**
 * Polls `fn` until it returns a truthy value (which is returned) or `timeoutMs` passes; then rejects with the last
 * error `fn` threw, or with `what`. Use it instead of sleeps.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition', intervalMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

interface KubeconfigFile {
  clusters?: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
  users?: { name: string; user: { token?: string } }[];
}

class LocalClusterSet implements Clusters {
  readonly engine: Engine;
  readonly dir: string;
  readonly kubeconfig: string;
  readonly contexts: string[];
  readonly home: string;
  upOutput = '';
  readonly #scratch: string;
  #stopped = false;

  constructor(count: number, scratch: string, dir: string | undefined, engine: Engine) {
    this.engine = engine;
    this.#scratch = scratch;
    this.dir = dir === undefined ? join(scratch, 'clusters') : resolve(dir);
    this.kubeconfig = join(this.dir, 'kubeconfig');
    this.home = join(scratch, 'home');
    this.contexts = Array.from({ length: count }, (_, i) => `cluster${i + 1}`);
  }

  kubectl(args: string[], opts: KubectlOptions = {}): Promise<CommandResult> {
    return run('kubectl', this.#kubectlArgs(args, opts), { ...opts, env: this.#kubectlEnv(opts) });
  }

  spawnKubectl(args: string[], opts: KubectlOptions = {}): LongProcess {
    return startCommand('kubectl', this.#kubectlArgs(args, opts), { env: this.#kubectlEnv(opts), ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  }

  kubefedLocal(args: string[], opts: RunOptions = {}): Promise<CommandResult> {
    const withDir = args.includes('--dir') || args.some((a) => a.startsWith('--dir=')) ? args : [...args, '--dir', this.dir];
    return runCli('kubefed-local', withDir, opts);
  }

  credentials(context: string): ClusterCredentials {
    const doc = parse(readFileSync(this.kubeconfig, 'utf8')) as KubeconfigFile;
    const cluster = doc.clusters?.find((c) => c.name === context);
    const user = doc.users?.find((u) => u.name === context);
    if (!cluster || !user) throw new Error(`no context ${context} in ${this.kubeconfig}`);
    return {
      name: context,
      server: cluster.cluster.server,
      token: user.user.token ?? '',
      caPem: Buffer.from(cluster.cluster['certificate-authority-data'] ?? '', 'base64').toString('utf8'),
    };
  }

  writeFile(name: string, content: string): string {
    const path = join(this.#scratch, 'files', name);
    writeFileSync(path, content);
    return path;
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (existsSync(join(this.dir, 'state.json'))) {
      const r = await runCli('kubefed-local', ['down', '--dir', this.dir]);
      if (r.code !== 0) this.killNow();
    }
    liveClusterSets.delete(this);
    this.removeScratch();
  }

  /** Removes the temporary folder; a caller-supplied DIR lives outside it and is left in place. */
  removeScratch(): void {
    rmSync(this.#scratch, { recursive: true, force: true });
  }

  /** SIGKILLs every API server whose pid file is in DIR (used when the test process is dying). */
  killNow(): void {
    let entries: string[] = [];
    try {
      entries = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const e of entries) {
      try {
        const pid = Number.parseInt(readFileSync(join(this.dir, e, 'apiserver.pid'), 'utf8'), 10);
        // The process group: a real-engine cluster's etcd and Kubernetes components are in its group.
        if (pid > 0) {
          try {
            process.kill(-pid, 'SIGKILL');
          } catch {
            process.kill(pid, 'SIGKILL');
          }
        }
      } catch {
        // No pid file or no such process.
      }
    }
  }

  #kubectlArgs(args: string[], opts: KubectlOptions): string[] {
    return [`--kubeconfig=${opts.kubeconfig ?? this.kubeconfig}`, ...(opts.context ? [`--context=${opts.context}`] : []), ...args];
  }

  #kubectlEnv(opts: KubectlOptions): Record<string, string> {
    // KUBECONFIG is cleared so only --kubeconfig counts; HOME keeps kubectl's caches inside this set's scratch folder.
    return { HOME: this.home, KUBECONFIG: '', ...opts.env };
  }
}

/**
 * Starts `n` local clusters with the real `kubefed-local up` in a temporary folder and returns handles to drive
 * them. Call it at the top level of a test file: the clusters are stopped and the folder removed in that file's
 * root `after` hook. If `up` fails, everything started so far is stopped and the error carries the CLI's output.
 */
export async function startClusters(n: number, opts: StartClustersOptions = {}): Promise<Clusters> {
  const scratch = mkdtempSync(join(tmpdir(), 'kubefed-e2e-'));
  for (const sub of ['home', 'files']) mkdirSync(join(scratch, sub));
  const engine = opts.engine ?? ENGINE;
  const set = new LocalClusterSet(n, scratch, opts.dir, engine);
  liveClusterSets.add(set);
  const r = await runCli('kubefed-local', ['up', '--clusters', String(n), '--dir', set.dir, '--engine', engine, ...(opts.upArgs ?? [])], {
    timeoutMs: engine === 'kube-apiserver' ? 400_000 : 120_000,
  });
  if (r.code !== 0) {
    const logs = apiserverLogs(set.dir);
    await set.stop();
    throw new Error(`kubefed-local up failed (exit ${r.code}):\n${r.stdout}${r.stderr}${logs}`);
  }
  set.upOutput = r.stdout;
  return set;
}

function apiserverLogs(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .flatMap((e) => ['apiserver.log', 'kube-apiserver.log'].map((log) => join(e, log)))
    .filter((log) => existsSync(join(dir, log)))
    .map((log) => `\n--- ${log} (tail) ---\n${readFileSync(join(dir, log), 'utf8').split('\n').slice(-20).join('\n')}`)
    .join('');
}

/** Asserts that a command succeeded (exit 0) and returns its stdout; the message carries stderr. */
export function ok(r: CommandResult): string {
  assert.equal(r.code, 0, `expected success, got exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
}

/** Asserts that a command failed with exit code 1 and that its stderr matches `pattern`. */
export function fails(r: CommandResult, pattern: RegExp): void {
  assert.equal(r.code, 1, `expected exit 1, got ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  assert.match(r.stderr, pattern);
}
