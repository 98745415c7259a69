// The kubefed-local supervisor: lays out a folder of local clusters and starts, stops and reports on one API server
// process per cluster. Processes are detached, so the folder (state.json, pid files) is the only link between
// commands; data under DIR/<cluster>/ is never deleted by any command.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configuredNodes, mergeSimulation, type SimulationRequest } from './cluster-settings.js';
import { buildConfig, writeConfig } from './config.js';
import { DEFAULT_ENGINE, engineEntry, engineTraits, kstackBinary, requireEngineBuilt, type EngineName } from './engines.js';
import { writeKubeEngineConfig } from './kube-engine/config.js';
import { LocalError } from './errors.js';
import { writeKubeconfig, type KubeconfigCluster } from './kubeconfig.js';
import { acquireLock } from './lock.js';
import { pkiPaths } from './pki-paths.js';
import { freePorts, isPortFree, LOOPBACK } from './ports.js';
import { isAlive, readPidFile, spawnDetached, terminate } from './processes.js';
import { probeReady, waitUntilReady } from './readiness.js';
import { readState, writeState, type ClusterRecord, type LocalState } from './state.js';
import { ensureAdminToken, readAdminToken } from './tokens.js';

/** The compiled API server entry point, beside this module in dist/src. */
export const DEFAULT_APISERVER_ENTRY = fileURLToPath(new URL('../apiserver/main.js', import.meta.url));

export interface SupervisorOptions {
  /** The API server script run with `node ENTRY --config FILE`; tests substitute a stand-in. */
  apiserverEntry?: string;
  /** The engine `up` creates new folders with (default builtin); a folder keeps the engine it was created with. */
  engine?: EngineName;
  /** How long `up`/`start` wait for `/readyz` (default: the engine's). */
  readyTimeoutMs?: number;
  /** How long `down`/`stop` wait after SIGTERM before SIGKILL (default: the engine's). */
  stopGraceMs?: number;
  /** Receives one progress line at a time (`cluster2 ready at https://127.0.0.1:40123`). */
  log?: (line: string) => void;
}

export type ClusterState = 'Running' | 'NotReady' | 'Stopped';

export interface ClusterStatus {
  name: string;
  port: number;
  server: string;
  pid?: number;
  state: ClusterState;
  /** Nodes its simulation creates on first start (settings changed later do not touch existing nodes). */
  nodes: number;
  engine: EngineName;
}

export interface UpResult {
  kubeconfig: string;
  clusters: ClusterStatus[];
}

// Ready and stop timeouts default per engine (engines.ts): a cold Node start of the built-in server stays well
// below a minute on a loaded 2-core machine, a real control plane needs etcd, the API server and its controllers.
const MAX_CLUSTERS = 64;

export function clusterName(index: number): string {
  return `cluster${index}`;
}

export class Supervisor {
  readonly dir: string;
  readonly #entry: string;
  readonly #engine: EngineName | undefined;
  readonly #readyTimeoutMs: number | undefined;
  readonly #stopGraceMs: number | undefined;
  /** The engine of the folder, known once its state is read (or chosen by `up`). */
  #folderEngine: EngineName = DEFAULT_ENGINE;
  readonly #log: (line: string) => void;

  constructor(dir: string, options: SupervisorOptions = {}) {
    this.dir = resolve(dir);
    this.#entry = options.apiserverEntry ?? DEFAULT_APISERVER_ENTRY;
    this.#engine = options.engine;
    this.#readyTimeoutMs = options.readyTimeoutMs;
    this.#stopGraceMs = options.stopGraceMs;
    this.#log = options.log ?? ((line) => console.log(line));
  }

  get kubeconfigPath(): string {
    return join(this.dir, 'kubeconfig');
  }

  clusterDir(name: string): string {
    return join(this.dir, name);
  }

  /**
   * Starts cluster1..clusterN, creating the folder and whatever each cluster lacks (PKI, tokens, port). Clusters
   * the folder already knows keep their port and data; `basePort` only places new ones (cluster i on basePort+i-1).
   * `simulation` overrides the stored simulation settings field by field: `all` for the clusters this call starts,
   * `perCluster` for the clusters it names; the result is kept in state.json for later `up` and `start`.
   */
  async up(count: number, basePort?: number, simulation: SimulationRequest = {}): Promise<UpResult> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_CLUSTERS) {
      throw new LocalError(`--clusters must be a whole number from 1 to ${MAX_CLUSTERS}, got ${count}`);
    }
    if (basePort !== undefined && (!Number.isInteger(basePort) || basePort < 1 || basePort + count - 1 > 65535)) {
      throw new LocalError(`--base-port must leave room for ${count} ports below 65536, got ${basePort}`);
    }
    if (existsSync(this.dir) && !statSync(this.dir).isDirectory()) {
      throw new LocalError(`${this.dir} exists and is not a folder`);
    }
    await mkdir(this.dir, { recursive: true });
    const release = acquireLock(this.dir);
    try {
      const stored = await readState(this.dir);
      const previous: LocalState = stored ?? { clusters: [] };
      const engine = this.#chooseEngine(stored);
      this.#folderEngine = engine;
      this.#requireEntry();
      const running = previous.clusters.filter((c) => this.#livePid(c.name) !== undefined);
      if (running.length > 0) {
        const list = running.map((c) => `${c.name} pid ${this.#livePid(c.name)}`).join(', ');
        throw new LocalError(
          `clusters in ${this.dir} are already running (${list}); use \`kubefed-local status --dir ${this.dir}\` or \`down\` first`,
        );
      }
      const placed = await this.#placeClusters(previous, count, basePort);
      const state = this.#applySimulation(placed, count, simulation);
      if (engine !== DEFAULT_ENGINE) state.engine = engine;
      const wanted = state.clusters.filter((c) => Number(c.name.slice('cluster'.length)) <= count);
      await this.#checkPorts(wanted);
      const prepared = await Promise.all(state.clusters.map((c) => this.#prepare(c)));
      await writeState(this.dir, state);
      await writeKubeconfig(this.kubeconfigPath, prepared, clusterName(1));
      await this.#launch(wanted, prepared);
      this.#log(`kubeconfig: ${this.kubeconfigPath}`);
      return { kubeconfig: this.kubeconfigPath, clusters: await this.status() };
    } finally {
      release();
    }
  }

  /** Stops every running cluster of the folder. */
  async down(): Promise<void> {
    const state = await this.#existingState();
    const release = acquireLock(this.dir);
    try {
      await Promise.all(state.clusters.map((c) => this.#stop(c.name)));
    } finally {
      release();
    }
  }

  async stop(name: string): Promise<void> {
    const state = await this.#existingState();
    this.#record(state, name);
    const release = acquireLock(this.dir);
    try {
      await this.#stop(name);
    } finally {
      release();
    }
  }

  /** Starts one stopped cluster again on its port, with its data; a running one is left alone. */
  async start(name: string): Promise<void> {
    const state = await this.#existingState();
    const record = this.#record(state, name);
    this.#requireEntry();
    const release = acquireLock(this.dir);
    try {
      const pid = this.#livePid(name);
      if (pid !== undefined) {
        this.#log(`${name} is already running (pid ${pid}) at ${serverUrl(record.port)}`);
        return;
      }
      await this.#checkPorts([record]);
      const prepared = await this.#prepare(record);
      await this.#launch([record], [prepared]);
    } finally {
      release();
    }
  }

  async status(): Promise<ClusterStatus[]> {
    const state = await this.#existingState();
    return Promise.all(
      state.clusters.map(async (c): Promise<ClusterStatus> => {
        const pid = this.#livePid(c.name);
        const base = {
          name: c.name,
          port: c.port,
          server: serverUrl(c.port),
          nodes: configuredNodes(c.name, c.simulation),
          engine: this.#folderEngine,
        };
        if (pid === undefined) return { ...base, state: 'Stopped' };
        const ready = await this.#probe(c);
        return { ...base, pid, state: ready ? 'Running' : 'NotReady' };
      }),
    );
  }

  async #existingState(): Promise<LocalState> {
    if (!existsSync(this.dir)) throw new LocalError(`${this.dir} does not exist; create clusters with \`kubefed-local up\``);
    const state = await this.#readStateOrFail();
    if (state === undefined) {
      throw new LocalError(`${this.dir} holds no kubefed-local clusters (no state.json); create them with \`kubefed-local up\``);
    }
    this.#folderEngine = state.engine ?? DEFAULT_ENGINE;
    return state;
  }

  /** A new folder takes the requested engine; an existing one keeps its own, and asking for another is an error. */
  #chooseEngine(stored: LocalState | undefined): EngineName {
    const requested = this.#engine ?? DEFAULT_ENGINE;
    if (stored === undefined || stored.clusters.length === 0) return requested;
    const existing = stored.engine ?? DEFAULT_ENGINE;
    if (this.#engine !== undefined && this.#engine !== existing) {
      throw new LocalError(
        `${this.dir} holds ${existing} clusters; --engine ${this.#engine} needs a new --dir (or remove this folder after \`down\`)`,
      );
    }
    return existing;
  }

  get #traits() {
    return engineTraits(this.#folderEngine);
  }

  #configFile(name: string): string {
    return this.#traits.configFile(this.clusterDir(name));
  }

  async #readStateOrFail(): Promise<LocalState | undefined> {
    try {
      return await readState(this.dir);
    } catch (err) {
      throw new LocalError(err instanceof Error ? err.message : String(err));
    }
  }

  #record(state: LocalState, name: string): ClusterRecord {
    const record = state.clusters.find((c) => c.name === name);
    if (!record) {
      const known = state.clusters.map((c) => c.name).join(', ');
      throw new LocalError(`unknown cluster "${name}" in ${this.dir} (it has ${known})`);
    }
    return record;
  }

  #requireEntry(): void {
    requireEngineBuilt(this.#folderEngine, this.#entry);
  }

  async #placeClusters(previous: LocalState, count: number, basePort: number | undefined): Promise<LocalState> {
    const clusters = [...previous.clusters];
    const missing: string[] = [];
    for (let i = 1; i <= count; i++) {
      if (!clusters.some((c) => c.name === clusterName(i))) missing.push(clusterName(i));
    }
    const ports =
      basePort === undefined
        ? await freePorts(missing.length)
        : missing.map((name) => basePort + Number(name.slice('cluster'.length)) - 1);
    // The real engine's etcd needs a client and a peer port, kept like the API server's: etcd records its peer URL
    // in its data.
    const etcd = this.#folderEngine === 'kube-apiserver' ? await freePorts(2 * missing.length) : [];
    missing.forEach((name, i) => {
      const record: ClusterRecord = { name, port: ports[i] ?? 0 };
      if (etcd.length > 0) {
        record.etcdPort = etcd[2 * i] ?? 0;
        record.etcdPeerPort = etcd[2 * i + 1] ?? 0;
      }
      clusters.push(record);
    });
    clusters.sort((a, b) => Number(a.name.slice('cluster'.length)) - Number(b.name.slice('cluster'.length)));
    return { clusters };
  }

  #applySimulation(state: LocalState, count: number, request: SimulationRequest): LocalState {
    const unknown = Object.keys(request.perCluster ?? {}).filter((name) => !state.clusters.some((c) => c.name === name));
    if (unknown.length > 0) {
      const known = state.clusters.map((c) => c.name).join(', ');
      throw new LocalError(`--cluster-config names ${unknown.join(', ')}, which ${this.dir} will not have (it has ${known}); raise --clusters`);
    }
    const clusters = state.clusters.map((c): ClusterRecord => {
      const started = Number(c.name.slice('cluster'.length)) <= count;
      const simulation = mergeSimulation(c.simulation, c.name, started ? request : { perCluster: request.perCluster });
      const { simulation: _old, ...rest } = c;
      return simulation === undefined ? rest : { ...rest, simulation };
    });
    return { clusters };
  }

  async #checkPorts(records: ClusterRecord[]): Promise<void> {
    for (const r of records) {
      for (const [what, port] of [['port', r.port], ['etcd port', r.etcdPort], ['etcd peer port', r.etcdPeerPort]] as const) {
        if (port !== undefined && !(await isPortFree(port))) {
          throw new LocalError(`${what} ${port} for ${r.name} is in use by another process on ${LOOPBACK}`);
        }
      }
    }
  }

  async #prepare(record: ClusterRecord): Promise<KubeconfigCluster> {
    const dir = this.clusterDir(record.name);
    await mkdir(join(dir, 'data'), { recursive: true });
    // Loaded on demand: only up and start need node-forge (see pki-paths.ts).
    const { ensureClusterPki } = await import('./pki.js');
    const pki = await ensureClusterPki(dir, record.name);
    const token = await ensureAdminToken(dir);
    if (this.#folderEngine === 'kube-apiserver') {
      const config = buildConfig(record.name, LOOPBACK, record.port, dir, pki, record.simulation);
      if (record.etcdPort === undefined || record.etcdPeerPort === undefined) {
        throw new LocalError(`${record.name} in ${this.dir}/state.json has no etcd ports; remove the folder and run \`up\` again`);
      }
      const { certFile, keyFile, caFile, tokenFile, dataDir, simulation } = config;
      await writeKubeEngineConfig({
        name: record.name,
        host: LOOPBACK,
        port: record.port,
        etcdPort: record.etcdPort,
        etcdPeerPort: record.etcdPeerPort,
        kstack: kstackBinary(),
        clusterDir: dir,
        caFile,
        caKeyFile: pki.caKeyFile,
        certFile,
        keyFile,
        tokenFile,
        dataDir,
        ...(simulation === undefined ? {} : { simulation }),
      });
    } else {
      await writeConfig(dir, buildConfig(record.name, LOOPBACK, record.port, dir, pki, record.simulation));
    }
    return { name: record.name, server: serverUrl(record.port), caPem: pki.caPem, token };
  }

  /** Spawns the clusters and waits until all are ready; on any failure stops the ones it started and throws. */
  async #launch(records: ClusterRecord[], prepared: KubeconfigCluster[]): Promise<void> {
    const started: { record: ClusterRecord; child: ChildProcess; exit?: string }[] = [];
    for (const record of records) {
      const dir = this.clusterDir(record.name);
      const child = spawnDetached(engineEntry(this.#folderEngine, this.#entry), ['--config', this.#configFile(record.name)], join(dir, 'apiserver.log'));
      const entry: (typeof started)[number] = { record, child };
      child.once('exit', (code, sig) => {
        entry.exit = sig ? `was killed by ${sig}` : `exited with code ${code}`;
      });
      child.once('error', (err) => {
        entry.exit = `could not be started: ${err.message}`;
      });
      if (child.pid !== undefined) writeFileSync(this.#pidFile(record.name), `${child.pid}\n`);
      started.push(entry);
    }
    const results = await Promise.allSettled(
      started.map(async (s) => {
        const target = prepared.find((p) => p.name === s.record.name);
        if (!target) throw new Error('was not prepared');
        const probe = { url: target.server, caPem: target.caPem, token: target.token, paths: this.#traits.readyPaths };
        await waitUntilReady(probe, this.#readyTimeoutMs ?? this.#traits.readyTimeoutMs, () =>
          s.exit === undefined ? undefined : `${s.exit} before answering /readyz`,
        );
        this.#log(`${s.record.name} ready at ${target.server}`);
      }),
    );
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [{ s: started[i], reason: r.reason }] : []));
    if (failures.length === 0) return;
    await Promise.all(started.map((s) => this.#stop(s.record.name, true)));
    const first = failures[0];
    const name = first?.s?.record.name ?? 'a cluster';
    const reason = first?.reason instanceof Error ? first.reason.message : String(first?.reason);
    const log = join(this.clusterDir(name), 'apiserver.log');
    const tail = lastLogLine(log);
    throw new LocalError(`${name} failed to start: ${reason}${tail ? ` (last log line: ${tail})` : ''}; see ${log}`);
  }

  async #stop(name: string, quiet = false): Promise<void> {
    const pid = this.#livePid(name);
    if (pid === undefined) {
      this.#removePidFile(name);
      if (!quiet) this.#log(`${name} already stopped`);
      return;
    }
    const grace = this.#stopGraceMs ?? this.#traits.stopGraceMs;
    const how = await terminate(pid, this.#configFile(name), grace);
    this.#removePidFile(name);
    if (!quiet) this.#log(how === 'killed' ? `${name} killed (did not stop within ${grace / 1000}s)` : `${name} stopped`);
  }

  #pidFile(name: string): string {
    return join(this.clusterDir(name), 'apiserver.pid');
  }

  #livePid(name: string): number | undefined {
    const pid = readPidFile(this.#pidFile(name));
    return pid !== undefined && isAlive(pid, this.#configFile(name)) ? pid : undefined;
  }

  #removePidFile(name: string): void {
    try {
      unlinkSync(this.#pidFile(name));
    } catch {
      // No pid file: nothing stale to remove.
    }
  }

  async #probe(record: ClusterRecord): Promise<boolean> {
    try {
      const dir = this.clusterDir(record.name);
      const caPem = readFileSync(pkiPaths(dir).caFile, 'utf8');
      const token = await readAdminToken(dir);
      if (token === undefined) return false;
      return await probeReady({ url: serverUrl(record.port), caPem, token, paths: this.#traits.readyPaths }, 1000);
    } catch {
      return false;
    }
  }
}

export function serverUrl(port: number): string {
  return `https://${LOOPBACK}:${port}`;
}

function lastLogLine(file: string): string | undefined {
  try {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const last = lines[lines.length - 1]?.trim();
    return last ? last.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}
