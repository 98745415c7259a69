// The federation the controller end-to-end files share: local clusters from the harness, the control plane installed
// on cluster1 with `kubefedctl init`, every cluster joined, a KubeFedConfig with short test periods, and the real
// kubefed-controller-manager running with its health, metrics (and DNS) addresses read from its log.
//
// Usage, at the top level of a test file (the harness stops everything in that file's root `after` hook):
//   const fed = await startFederation({ clusters: 3 });
//   test('...', async () => { await fed.apply([...]); ... });
import { stringify } from 'yaml';
import { ok, runCli, startClusters, startProcess, waitFor, type Clusters, type CommandResult, type LongProcess } from './harness.js';

/** The namespace `kubefedctl init` installs the control plane into (KubeFed's default). */
export const NS = 'kube-federation-system';

/** Context (and KubeFedCluster) name of the n-th local cluster; cluster1 is the host. */
export const ctx = (n: number): string => `cluster${n}`;

export type GateSetting = 'Enabled' | 'Disabled';

/** Fields of a KubeFedConfig spec; nested objects are merged over the fixture's defaults, arrays replace. */
export type KubeFedConfigSpecPatch = Record<string, unknown>;

export interface ManagerOptions {
  /** Another kubeconfig (a ServiceAccount's); the manager then runs without `--context`. */
  kubeconfig?: string;
  /** Appended to the manager's arguments. */
  args?: string[];
  env?: Record<string, string>;
  /** Serve DNS on a free port (`--dns-addr 127.0.0.1:0`). */
  dns?: boolean;
}

/** One running kubefed-controller-manager and the addresses it logged. */
export interface Manager {
  readonly process: LongProcess;
  /** host:port of /healthz and /readyz. */
  readonly healthz: string;
  /** host:port of /metrics. */
  readonly metrics: string;
  readonly healthzUrl: string;
  readonly metricsUrl: string;
  /** The DNS server's address, when started with `dns`. */
  readonly dns?: { host: string; port: string };
  /** Resolves once this manager leads and its controllers run. */
  started(): Promise<void>;
  /** SIGTERM, then the final result (see LongProcess.stop). */
  stop(): Promise<CommandResult>;
}

export interface FederationOptions {
  clusters: number;
  /** Merged over the test defaults: scope Cluster and a 1 s cluster health check with failureThreshold 3. */
  kubefedConfig?: KubeFedConfigSpecPatch;
  /** spec.featureGates of the KubeFedConfig, in this order. */
  featureGates?: Record<string, GateSetting>;
  /** How the manager is started (default: the admin kubeconfig, context cluster1). */
  manager?: ManagerOptions;
  /** Start no manager: the file starts its own with `startManager` (default true). */
  startManager?: boolean;
  /** Timeout of every wait the fixture makes (default 30 s). */
  waitMs?: number;
}

export interface Federation {
  /** The harness handle of the clusters. */
  readonly c: Clusters;
  readonly waitMs: number;
  /** The manager `startFederation` started (or the last `restartManager` did); throws if there is none. */
  readonly manager: Manager;
  /** Writes the objects to a file and `kubectl apply -f`s it (on cluster1 unless `context` says otherwise). */
  readonly apply: (manifests: unknown[], context?: string) => Promise<void>;
  /** `kubectl get ARGS -o json`, or undefined when the object does not exist. */
  readonly getJson: <T>(context: string, args: string[]) => Promise<T | undefined>;
  /** Runs kubefedctl against the host cluster (`--kubeconfig`, `--host-cluster-context cluster1`, the harness HOME). */
  readonly kubefedctl: (args: string[]) => Promise<CommandResult>;
  /** `kubefedctl join` of every cluster, each under its own context name. */
  readonly joinAll: () => Promise<void>;
  /** Applies the KubeFedConfig: defaults, then the options' patch and gates, then `patch`. */
  readonly applyKubeFedConfig: (patch?: KubeFedConfigSpecPatch) => Promise<void>;
  /** Starts another manager and waits until it serves (not until it leads: see `Manager.started`). */
  readonly startManager: (opts?: ManagerOptions) => Promise<Manager>;
  /** Stops the current manager and resolves with its result. */
  readonly stopManager: () => Promise<CommandResult>;
  /** Starts a new current manager with the fixture's options and waits until its controllers run. */
  readonly restartManager: () => Promise<Manager>;
  /** Waits until every KubeFedCluster is READY True; resolves with the `kubectl get kubefedclusters` table. */
  readonly waitReady: () => Promise<string>;
}

const DEFAULT_KUBEFED_CONFIG_SPEC: KubeFedConfigSpecPatch = {
  scope: 'Cluster',
  // A short health check keeps the not-ready and recovery scenarios fast (KubeFed's default period is 10 s).
  clusterHealthCheck: { period: '1s', timeout: '1s', failureThreshold: 3, successThreshold: 1 },
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const cur = out[k];
    out[k] = isPlainObject(cur) && isPlainObject(v) ? merge(cur, v) : v;
  }
  return out;
}

/** The manager's first log lines name its addresses (src/controllers/main.ts logs "serving", then "dns serving"). */
async function launchManager(c: Clusters, opts: ManagerOptions, waitMs: number): Promise<Manager> {
  const args = [
    '--kubeconfig', opts.kubeconfig ?? c.kubeconfig,
    ...(opts.kubeconfig === undefined ? ['--context', ctx(1)] : []),
    '--healthz-addr', '127.0.0.1:0',
    '--metrics-addr', '127.0.0.1:0',
    ...(opts.dns ? ['--dns-addr', '127.0.0.1:0'] : []),
    '--v', '2',
    ...(opts.args ?? []),
  ];
  const proc = startProcess('kubefed-controller-manager', args, opts.env ? { env: opts.env } : {});
  const out = await proc.waitForOutput(/"serving" healthz=\S+ metrics=\S+/, waitMs);
  const [, healthz = '', metrics = ''] = /"serving" healthz=(\S+) metrics=(\S+)/.exec(out) ?? [];
  let dns: Manager['dns'];
  if (opts.dns) {
    const served = await proc.waitForOutput(/"dns serving" addr=\S+/, waitMs);
    const [, host = '', port = ''] = /"dns serving" addr=(\S+):(\d+)/.exec(served) ?? [];
    dns = { host, port };
  }
  return {
    process: proc,
    healthz,
    metrics,
    healthzUrl: `http://${healthz}`,
    metricsUrl: `http://${metrics}`,
    ...(dns ? { dns } : {}),
    started: async () => {
      await proc.waitForOutput(/controllers started/, waitMs);
    },
    stop: () => proc.stop(),
  };
}

/**
 * Helpers over clusters the file already started, with nothing installed: for files that install the control plane
 * their own way. Options are as for `startFederation`; `clusters` is taken from `c`.
 */
export function federationOf(c: Clusters, opts: Omit<FederationOptions, 'clusters'> = {}): Federation {
  const waitMs = opts.waitMs ?? 30_000;
  let current: Manager | undefined;
  const fed: Federation = {
    c,
    waitMs,
    get manager(): Manager {
      if (!current) throw new Error('no controller manager was started');
      return current;
    },
    async apply(manifests, context = ctx(1)) {
      const path = c.writeFile(`m-${Date.now()}-${Math.random().toString(16).slice(2)}.yaml`, manifests.map((m) => `---\n${stringify(m)}`).join(''));
      ok(await c.kubectl(['apply', '-f', path], { context }));
    },
    async getJson<T>(context: string, args: string[]): Promise<T | undefined> {
      const r = await c.kubectl(['get', ...args, '-o', 'json'], { context });
      if (r.code !== 0) {
        if (/NotFound|not found/.test(r.stderr)) return undefined;
        throw new Error(r.stderr);
      }
      return JSON.parse(r.stdout) as T;
    },
    kubefedctl(args) {
      return runCli('kubefedctl', [...args, '--kubeconfig', c.kubeconfig, '--host-cluster-context', ctx(1)], { env: { HOME: c.home } });
    },
    async joinAll() {
      for (const context of c.contexts) ok(await fed.kubefedctl(['join', context, '--cluster-context', context]));
    },
    async applyKubeFedConfig(patch = {}) {
      const gates = Object.entries(opts.featureGates ?? {}).map(([name, configuration]) => ({ name, configuration }));
      const spec = merge(merge(merge(DEFAULT_KUBEFED_CONFIG_SPEC, opts.kubefedConfig ?? {}), gates.length ? { featureGates: gates } : {}), patch);
      await fed.apply([{ apiVersion: 'core.kubefed.io/v1beta1', kind: 'KubeFedConfig', metadata: { name: 'kubefed', namespace: NS }, spec }]);
    },
    startManager(managerOpts = opts.manager ?? {}) {
      return launchManager(c, managerOpts, waitMs);
    },
    async stopManager() {
      return fed.manager.stop();
    },
    async restartManager() {
      const next = await fed.startManager();
      await next.started();
      current = next;
      return next;
    },
    waitReady() {
      return waitFor(async () => {
        const r = ok(await c.kubectl(['get', 'kubefedclusters', '-n', NS]));
        return (r.match(/\sTrue\s/g) ?? []).length === c.contexts.length ? r : undefined;
      }, waitMs, `${c.contexts.length} Ready KubeFedClusters`);
    },
  };
  return fed;
}

/**
 * Starts `clusters` local clusters and federates them: `kubefedctl init` on cluster1, the KubeFedConfig, `kubefedctl
 * join` of each cluster, then (unless `startManager: false`) the controller manager, resolved once its controllers
 * run. Call it at the top level of a test file, like `startClusters`: the clusters and the manager are stopped in
 * that file's root `after` hook.
 */
export async function startFederation(opts: FederationOptions): Promise<Federation> {
  const fed = federationOf(await startClusters(opts.clusters), opts);
  ok(await fed.kubefedctl(['init']));
  await fed.applyKubeFedConfig();
  await fed.joinAll();
  if (opts.startManager ?? true) await fed.restartManager();
  return fed;
}
