// `kubefedctl plan-replicas RSP_NAME [-n NS] [-o yaml|json]`: the split the RSP controller would write now, and why
// (per cluster: weight, min, max, current, capacity, plan, overflow, result) — the scheduling equivalent of
// `kubectl describe`. Read-only: it gathers live the inputs the controller caches (host objects, member workloads
// and pods) and runs the controller's own decision, so both always agree.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { KUBEFED_CONFIG_NAME, MANAGED_LABEL, MANAGED_LABEL_TRUE, RSP_TARGET_KINDS, type Scope } from '../../apis/constants.js';
import type { FederatedTypeConfig, KubeFedCluster, ReplicaSchedulingPreference } from '../../apis/types.js';
import { parseDuration } from '../../common/duration.js';
import { isObject, type KubeObject } from '../../common/object.js';
import { connectionFromKubeFedCluster, errorMessage, isNotFound, RestClient } from '../../client/index.js';
import { decide, type ClusterState, type Decision, type PlanRow } from '../../federation/rsp-decision.js';
import { DEFAULT_UNSCHEDULABLE_THRESHOLD_MS, type PodView } from '../../federation/rsp-pod-analysis.js';
import { applyReplicaSchedule } from '../../federation/replica-schedule.js';
import { CliError } from '../errors.js';
import { parseOutputFormat, type OutputFormat } from '../output.js';
import type { Session } from '../session.js';

export interface PlanReplicasOptions {
  namespace?: string;
  output?: OutputFormat;
  unschedulableThresholdMs?: number;
}

/** Why a registered cluster is not part of the plan. */
export interface ExcludedCluster {
  cluster: string;
  reason: string;
}

/** What the command prints, also as `-o yaml|json`. */
export interface ReplicaPlanReport {
  replicaSchedulingPreference: string;
  target: string;
  totalReplicas: number;
  rebalance: boolean;
  intersectWithClusterSelector: boolean;
  scheduled: boolean;
  reason: string;
  message: string;
  /** Whether the federated object already holds this split (the controller would write nothing). */
  upToDate?: boolean;
  clusters: PlanRow[];
  excluded: ExcludedCluster[];
}

const RSPS = { group: 'scheduling.kubefed.io', version: 'v1alpha1', resource: 'replicaschedulingpreferences' } as const;
const KUBEFED_CLUSTERS = { group: 'core.kubefed.io', version: 'v1beta1', resource: 'kubefedclusters' } as const;
const KUBEFED_CONFIGS = { group: 'core.kubefed.io', version: 'v1beta1', resource: 'kubefedconfigs' } as const;
const FTCS = { group: 'core.kubefed.io', version: 'v1beta1', resource: 'federatedtypeconfigs' } as const;
const FTC_FOR_KIND: Record<string, string> = { FederatedDeployment: 'deployments.apps', FederatedReplicaSet: 'replicasets.apps' };

function isReady(cluster: KubeFedCluster): boolean {
  return (cluster.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

async function getOrUndefined<T extends KubeObject>(fetch: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fetch();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** The member's workload and pods, read as the controller's caches hold them. */
async function memberState(client: RestClient, ftc: FederatedTypeConfig, namespace: string, name: string, state: ClusterState): Promise<void> {
  const t = ftc.spec.targetType;
  const workload = await getOrUndefined(() => client.get({ group: t.group ?? '', version: t.version, resource: t.pluralName, namespace, name }));
  if (!workload || workload.metadata.labels?.[MANAGED_LABEL] !== MANAGED_LABEL_TRUE) return;
  const spec = isObject(workload['spec']) ? workload['spec'] : {};
  const status = isObject(workload['status']) ? workload['status'] : {};
  const selector = isObject(spec['selector']) ? spec['selector'] : {};
  const matchLabels = isObject(selector['matchLabels']) ? (selector['matchLabels'] as Record<string, string>) : undefined;
  state.workload = {
    replicas: typeof spec['replicas'] === 'number' ? spec['replicas'] : 0,
    readyReplicas: typeof status['readyReplicas'] === 'number' ? status['readyReplicas'] : 0,
    ...(matchLabels ? { matchLabels } : {}),
  };
  if (!matchLabels || state.workload.replicas === state.workload.readyReplicas) return;
  const labelSelector = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = await client.listAll({ version: 'v1', resource: 'pods', namespace }, { labelSelector });
  state.pods = pods.items as PodView[];
}

/** Gathers the inputs and runs the controller's decision for RSP `namespace/name`. */
export async function planReplicasReport(session: Session, name: string, opts: PlanReplicasOptions): Promise<ReplicaPlanReport> {
  const host = session.host();
  const kfNs = session.options.kubefedNamespace;
  const namespace = opts.namespace || host.connection.namespace || 'default';
  const key = `${namespace}/${name}`;
  const rsp = await getOrUndefined(() => host.client.get<ReplicaSchedulingPreference>({ ...RSPS, namespace, name }));
  if (!rsp) throw new CliError(`ReplicaSchedulingPreference "${key}" not found in the host cluster "${host.context}"`);
  const spec = rsp.spec ?? { targetKind: '', totalReplicas: 0 };
  const config = await getOrUndefined(() => host.client.get({ ...KUBEFED_CONFIGS, namespace: kfNs, name: KUBEFED_CONFIG_NAME }));
  const configSpec = config && isObject(config['spec']) ? config['spec'] : {};
  const scope: Scope = configSpec['scope'] === 'Namespaced' ? 'Namespaced' : 'Cluster';

  const ftcName = FTC_FOR_KIND[spec.targetKind];
  const ftc = ftcName ? await getOrUndefined(() => host.client.get<FederatedTypeConfig>({ ...FTCS, namespace: kfNs, name: ftcName })) : undefined;
  let federated: KubeObject | undefined;
  if (ftc) {
    const f = ftc.spec.federatedType;
    federated = await getOrUndefined(() => host.client.get({ group: f.group ?? '', version: f.version, resource: f.pluralName, namespace, name }));
  }
  const federatedNamespace = await getOrUndefined(() =>
    host.client.get({ group: 'types.kubefed.io', version: 'v1beta1', resource: 'federatednamespaces', namespace, name: namespace }),
  );

  const kfcs = (await host.client.listAll<KubeFedCluster>({ ...KUBEFED_CLUSTERS, namespace: kfNs })).items;
  const excluded: ExcludedCluster[] = [];
  const clusters: ClusterState[] = [];
  for (const kfc of kfcs.sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))) {
    const cname = kfc.metadata.name ?? '';
    const state: ClusterState = { name: cname, labels: kfc.metadata.labels ?? {}, ready: isReady(kfc) };
    clusters.push(state);
    if (!state.ready) {
      excluded.push({ cluster: cname, reason: 'not Ready' });
      continue;
    }
    if (!ftc || !federated) continue;
    let client: RestClient | undefined;
    try {
      const secretName = kfc.spec?.secretRef?.name ?? '';
      const secret = await host.client.get({ version: 'v1', resource: 'secrets', namespace: kfNs, name: secretName });
      const data = isObject(secret['data']) ? secret['data'] : {};
      const token = typeof data['token'] === 'string' ? Buffer.from(data['token'], 'base64').toString('utf8') : '';
      client = new RestClient(
        connectionFromKubeFedCluster({ name: cname, apiEndpoint: kfc.spec.apiEndpoint, caBundle: kfc.spec.caBundle, token, disabledTLSValidations: kfc.spec.disabledTLSValidations, proxyURL: kfc.spec.proxyURL }),
        { userAgent: 'kubefedctl', timeoutMs: 15_000 },
      );
      await memberState(client, ftc, namespace, name, state);
    } catch (err) {
      // The controller would read this cluster from its cache; the command can only say it could not look.
      state.ready = false;
      excluded.push({ cluster: cname, reason: `unreachable: ${errorMessage(err)}` });
    } finally {
      client?.close();
    }
  }

  let decision: Decision = decide({
    rsp,
    federated,
    federatedNamespace,
    clusters,
    scope,
    now: Date.now(),
    unschedulableThresholdMs: opts.unschedulableThresholdMs ?? DEFAULT_UNSCHEDULABLE_THRESHOLD_MS,
  });
  if (!decision.scheduled && RSP_TARGET_KINDS.includes(spec.targetKind) && !ftc) {
    decision = { ...decision, message: `propagation of ${spec.targetKind} is not enabled: no FederatedTypeConfig "${ftcName ?? ''}" in "${kfNs}"` };
  }
  if (decision.scheduled) {
    const planned = new Set(decision.rows.map((r) => r.cluster));
    for (const c of clusters) {
      if (c.ready && !planned.has(c.name)) excluded.push({ cluster: c.name, reason: 'not selected (intersectWithClusterSelector)' });
    }
  }
  const report: ReplicaPlanReport = {
    replicaSchedulingPreference: key,
    target: `${spec.targetKind} ${key}`,
    totalReplicas: spec.totalReplicas,
    rebalance: spec.rebalance === true,
    intersectWithClusterSelector: spec.intersectWithClusterSelector === true,
    scheduled: decision.scheduled,
    reason: decision.scheduled ? 'ReplicasScheduled' : decision.reason,
    message: decision.message,
    clusters: decision.scheduled ? decision.rows : [],
    excluded: excluded.sort((a, b) => (a.cluster < b.cluster ? -1 : 1)),
  };
  if (decision.scheduled && federated) report.upToDate = !applyReplicaSchedule(federated as KubeObject & { spec?: unknown }, decision.replicas).changed;
  return report;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3))).join('').trimEnd()).join('\n');
}

/** The human-readable form: a header, the per-cluster table, exclusions, and the verdict. */
export function formatReport(r: ReplicaPlanReport): string {
  const lines = [
    `ReplicaSchedulingPreference: ${r.replicaSchedulingPreference}`,
    `Target:                      ${r.target}`,
    `Total replicas:              ${r.totalReplicas}`,
    `Rebalance:                   ${r.rebalance}`,
    `Intersect with selector:     ${r.intersectWithClusterSelector}`,
    `Scheduled:                   ${r.scheduled ? 'True' : 'False'} (${r.reason})`,
    `Message:                     ${r.message}`,
  ];
  if (r.upToDate !== undefined) lines.push(`Federated object:            ${r.upToDate ? 'up to date' : 'would be updated'}`);
  if (r.clusters.length > 0) {
    const dash = (v: number | undefined, none: string): string => (v === undefined ? none : String(v));
    lines.push(
      '',
      table([
        ['CLUSTER', 'WEIGHT', 'MIN', 'MAX', 'CURRENT', 'CAPACITY', 'PLAN', 'OVERFLOW', 'RESULT'],
        ...r.clusters.map((c) => [
          c.cluster, String(c.weight), String(c.minReplicas), dash(c.maxReplicas, '-'), dash(c.current, '-'), dash(c.capacity, '-'),
          String(c.plan), String(c.overflow), String(c.replicas),
        ]),
      ]),
    );
  }
  if (r.excluded.length > 0) {
    lines.push('', 'Not considered:');
    for (const e of r.excluded) lines.push(`  ${e.cluster}: ${e.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function planReplicasCommand(session: Session, name: string, opts: PlanReplicasOptions): Promise<void> {
  const report = await planReplicasReport(session, name, opts);
  if (opts.output === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else if (opts.output === 'yaml') process.stdout.write(stringify(report, { lineWidth: 0 }));
  else process.stdout.write(formatReport(report));
}

/** Runs a handler with a Session built from the global flags (program.ts `withSession`). */
export type SessionRunner = (cmd: Command, source: string, handler: (session: Session) => Promise<void>) => Promise<void>;

/** Adds `plan-replicas` to the kubefedctl command tree. */
export function registerPlanReplicas(program: Command, withSession: SessionRunner): void {
  program
    .command('plan-replicas')
    .summary('Show how a ReplicaSchedulingPreference splits replicas across clusters now, and why')
    .argument('<RSP_NAME>', 'name of the ReplicaSchedulingPreference (and of the FederatedDeployment/FederatedReplicaSet it schedules)')
    .description(
      'Show the replicas the controller manager would write for a ReplicaSchedulingPreference now: per cluster its weight, minReplicas, maxReplicas, ' +
        'the replicas running there (CURRENT), the capacity estimated from pods unschedulable for longer than the threshold (CAPACITY), the planner\'s ' +
        'share (PLAN), the extra replicas offered where capacity may appear (OVERFLOW) and the total written (RESULT). Read-only.\n\n' +
        'Example: kubefedctl plan-replicas test-deployment -n test-namespace',
    )
    .option('-n, --namespace <namespace>', 'namespace of the ReplicaSchedulingPreference (default: the context\'s namespace, else default)')
    .option('-o, --output <format>', 'yaml or json instead of the table')
    .option('--unschedulable-threshold <duration>', 'how long a pod must be unschedulable to lower the capacity estimate (the controller\'s setting)', '60s')
    .action(async (name: string, opts: { namespace?: string; output?: string; unschedulableThreshold: string }, cmd: Command) => {
      const output = parseOutputFormat(opts.output);
      let thresholdMs: number;
      try {
        thresholdMs = parseDuration(opts.unschedulableThreshold);
      } catch {
        throw new CliError(`invalid --unschedulable-threshold "${opts.unschedulableThreshold}": expected a duration such as 60s`);
      }
      await withSession(cmd, 'plan-replicas', (s) =>
        planReplicasCommand(s, name, { unschedulableThresholdMs: thresholdMs, ...(opts.namespace ? { namespace: opts.namespace } : {}), ...(output ? { output } : {}) }),
      );
    });
}
