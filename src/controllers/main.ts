// kubefed-controller-manager: connects to the host cluster, reads KubeFedConfig `kubefed`, and runs the cluster
// health, FederatedTypeConfig and sync controllers until SIGTERM/SIGINT (kubefed-behaviour.md §3.1).
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_KUBEFED_NAMESPACE } from '../apis/constants.js';
import { errorMessage } from '../client/errors.js';
import { loadClusterConnection, SERVICE_ACCOUNT_DIR } from '../client/kubeconfig.js';
import { RestClient } from '../client/rest.js';
import { ConfigError, controllerSettings, loadKubeFedConfig } from './config.js';
import { Leadership, LEADER_ELECTION_LEASE } from './leaderelection.js';
import { createLog, type Log } from './log.js';
import { close, healthHandler, listen, metricsHandler, parseHostPort, type Endpoint } from './manager/http-server.js';
import { Manager } from './manager/manager.js';
import { startDnsServing } from './dns/index.js';
import { EventRecorder } from './events.js';
import { Metrics } from './metrics.js';

interface Options {
  kubeconfig?: string;
  context?: string;
  kubefedNamespace?: string;
  healthzAddr: string;
  metricsAddr: string;
  dnsAddr?: string;
  v: number;
}

/** KubeFed's host client limits since v0.9.0 (--rest-config-qps / --rest-config-burst defaults). */
const HOST_QPS = 100;
const HOST_BURST = 200;
/** How long shutdown waits for reconciles in flight before exiting anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

function parseVerbosity(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

/** In a pod without --kubefed-namespace, KubeFed uses the service account's namespace. */
function inClusterNamespace(): string | undefined {
  try {
    return readFileSync(`${SERVICE_ACCOUNT_DIR}/namespace`, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

async function run(opts: Options, log: Log): Promise<number> {
  const namespace = opts.kubefedNamespace ?? (opts.kubeconfig ? DEFAULT_KUBEFED_NAMESPACE : (inClusterNamespace() ?? DEFAULT_KUBEFED_NAMESPACE));
  const connection = loadClusterConnection({ kubeconfig: opts.kubeconfig, context: opts.context });
  const host = new RestClient({ ...connection, qps: HOST_QPS, burst: HOST_BURST }, { userAgent: 'kubefed-controller-manager' });
  const config = await loadKubeFedConfig(host, namespace);
  const settings = controllerSettings(config.spec);
  log.info('loaded KubeFedConfig', {
    namespace,
    scope: settings.scope,
    healthCheckPeriod: config.spec.clusterHealthCheck.period,
    failureThreshold: settings.failureThreshold,
    syncWorkers: settings.syncWorkers,
  });
  if (settings.scope === 'Namespaced') log.info(`KubeFed will be limited to the "${namespace}" namespace`);

  const metrics = new Metrics();
  const stop = new AbortController();
  const manager = new Manager({ host, namespace, settings, log, metrics });
  const healthAddr = parseHostPort(opts.healthzAddr, '--healthz-addr');
  const metricsAddr = parseHostPort(opts.metricsAddr, '--metrics-addr');
  const endpoints: Endpoint[] = [];
  const leadership = new Leadership({
    host,
    namespace,
    spec: settings.spec,
    log,
    lead: async () => {
      try {
        await manager.start(stop.signal);
      } catch (err) {
        log.error(`cannot start the controllers: ${errorMessage(err)}`);
        process.exit(1);
      }
    },
    onLeader: (_identity, self) => metrics.leader(LEADER_ELECTION_LEASE, self),
  });
  metrics.leader(LEADER_ELECTION_LEASE, false);
  // A standby is ready (to take over); a leader once its controllers run. Liveness is the process answering.
  const health = await listen(healthAddr, healthHandler(() => leadership.state === 'candidate' || (leadership.state === 'leading' && manager.started)));
  endpoints.push(health);
  const metricsEndpoint = await listen(metricsAddr, metricsHandler(metrics.registry));
  endpoints.push(metricsEndpoint);
  log.info('serving', { healthz: health.address, metrics: metricsEndpoint.address });
  // Every replica answers DNS (reads only, so no leadership needed): more replicas, more name servers.
  const dns = opts.dnsAddr === undefined ? undefined : await startDnsServing({
    factory: manager.factory,
    kubefedNamespace: namespace,
    targetNamespace: settings.scope === 'Namespaced' ? namespace : undefined,
    ...parseHostPort(opts.dnsAddr, '--dns-addr'),
    events: new EventRecorder({ client: host, component: 'dns-server', host: process.env['HOSTNAME'], logger: log }),
    log,
  });

  let signalled = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    signalled++;
    if (signalled > 1) {
      log.warn('second signal: exiting now', { signal: sig });
      process.exit(1);
    }
    log.info('shutting down', { signal: sig });
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  const campaign = leadership.run();
  const stopped = new Promise<'stop'>((resolve) => {
    if (stop.signal.aborted) resolve('stop');
    else stop.signal.addEventListener('abort', () => resolve('stop'), { once: true });
  });
  if ((await Promise.race([campaign, stopped])) === 'lost') {
    // KubeFed exits with "lost lease" and lets its Deployment restart it: another replica may already be acting.
    log.error('lost lease');
    return 1;
  }
  const timer = setTimeout(() => {
    log.warn('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  timer.unref();
  // Drain first, release the lease last: a successor must not start while our writes are still in flight.
  const leading = leadership.state === 'leading';
  await dns?.close();
  if (leading) await manager.stop();
  leadership.stop();
  await campaign;
  if (leading) log.info('released leader lease', { lease: `${namespace}/${LEADER_ELECTION_LEASE}` });
  await Promise.all(endpoints.map((e) => close(e.server)));
  log.info('stopped');
  return 0;
}

const program = new Command('kubefed-controller-manager')
  .description('Keep member clusters in the state that federated resources declare')
  .option('--kubeconfig <file>', 'kubeconfig of the host cluster (default: the in-cluster service account)')
  .option('--context <name>', 'kubeconfig context of the host cluster')
  .option('--kubefed-namespace <ns>', `namespace of the KubeFed control plane (default: ${DEFAULT_KUBEFED_NAMESPACE}, in a pod: its own namespace)`)
  .option('--healthz-addr <host:port>', 'address of /healthz and /readyz (port 0: a free port)', ':8080')
  .option('--metrics-addr <host:port>', 'address of /metrics (port 0: a free port)', ':9090')
  .option('--dns-addr <host:port>', 'serve the DNSEndpoints of the host cluster as an authoritative DNS server on this address, UDP and TCP (port 0: a free port; off when absent)')
  .option('--v <level>', 'log verbosity', parseVerbosity, 0)
  .showHelpAfterError();

program.parse(process.argv);
const opts = program.opts<Options>();
const log = createLog(opts.v);
run(opts, log).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof ConfigError ? err.message : `kubefed-controller-manager: ${errorMessage(err)}`;
    log.error(message);
    process.exit(1);
  },
);
