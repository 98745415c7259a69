// Cluster health controller (kubefed-behaviour.md §3.3): every `clusterHealthCheck.period` it probes each
// KubeFedCluster's /healthz (with the configured timeout), reads /version when healthy and the nodes' topology
// labels now and then, smooths readiness with the failure/success thresholds and writes status.conditions,
// kubernetesVersion, zones and region. Probes run concurrently and one slow member only delays its own result.
import type { KubeFedCluster, KubeFedClusterStatus } from '../../apis/types.js';
import { EventReasons } from '../../apis/constants.js';
import type { KubeList, KubeObject } from '../../common/object.js';
import { errorMessage, isNotFound } from '../../client/errors.js';
import type { RestClient } from '../../client/rest.js';
import type { EventSink } from '../events.js';
import type { Log } from '../log.js';
import type { ClusterState, Metrics } from '../metrics.js';
import {
  clusterStatusNeedsWrite,
  isClusterReady,
  probeConditions,
  thresholdAdjustedConditions,
  topologyFromNodes,
  type ProbeResult,
  type Thresholds,
} from './conditions.js';
import { KUBEFED_CLUSTERS, type ClusterRegistry, type MemberCluster } from './registry.js';

export interface HealthCheckSettings extends Thresholds {
  periodMs: number;
  timeoutMs: number;
}

/** Node labels change rarely; reading them once a minute keeps the cost of large members low. */
const TOPOLOGY_REFRESH_MS = 60_000;
/** lastProbeTime is refreshed at least this often even when nothing changed (see clusterStatusNeedsWrite). */
const MIN_HEARTBEAT_MS = 60_000;

interface Tracked {
  pending: number;
  topologyReadAt: number;
  lastConfigError?: string;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class ClusterHealthController {
  readonly #host: RestClient;
  readonly #registry: ClusterRegistry;
  readonly #namespace: string;
  readonly #settings: HealthCheckSettings;
  readonly #events: EventSink;
  readonly #metrics: Metrics | undefined;
  readonly #log: Log;
  readonly #tracked = new Map<string, Tracked>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(opts: { host: RestClient; registry: ClusterRegistry; namespace: string; settings: HealthCheckSettings; events: EventSink; metrics?: Metrics; log: Log }) {
    this.#host = opts.host;
    this.#registry = opts.registry;
    this.#namespace = opts.namespace;
    this.#settings = opts.settings;
    this.#events = opts.events;
    this.#metrics = opts.metrics;
    this.#log = opts.log;
  }

  start(): void {
    this.#stopped = false;
    const tick = (): void => {
      if (this.#stopped) return;
      this.#running = this.probeAll().finally(() => {
        if (!this.#stopped) this.#timer = setTimeout(tick, this.#settings.periodMs);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** One round: probe every registered cluster and write what changed. */
  async probeAll(): Promise<void> {
    const started = performance.now();
    const clusters = this.#registry.list();
    const names = new Set(clusters.map((c) => c.name));
    for (const name of [...this.#tracked.keys()]) {
      if (names.has(name)) continue;
      this.#tracked.delete(name);
      this.#metrics?.clusterRemoved(name);
    }
    await Promise.all(clusters.map((c) => this.#check(c).catch((err: unknown) => {
      this.#log.warn('cluster health check failed', { cluster: c.name, error: errorMessage(err) });
    })));
    this.#metrics?.clusterHealthDuration((performance.now() - started) / 1000);
  }

  async #probe(m: MemberCluster): Promise<{ probe: ProbeResult; version?: string }> {
    if (!m.client) return { probe: { kind: 'malformed' } };
    let body: string;
    try {
      const res = await m.client.request({ method: 'GET', path: '/healthz', timeoutMs: this.#settings.timeoutMs, accept: 'text/plain, */*' });
      body = res.body.toString('utf8');
    } catch (err) {
      // The client's message already says the cluster is not reachable; the condition adds that prefix itself.
      const error = errorMessage(err).replace(`cluster "${m.name}" is not reachable: `, '');
      return { probe: { kind: 'unreachable', error } };
    }
    if (body.trim().toLowerCase() !== 'ok') return { probe: { kind: 'notOk' } };
    try {
      const v = await m.client.requestJson<{ gitVersion?: string }>({ method: 'GET', path: '/version', timeoutMs: this.#settings.timeoutMs });
      return { probe: { kind: 'ok' }, version: v?.gitVersion ?? '' };
    } catch {
      return { probe: { kind: 'ok' }, version: '' };
    }
  }

  async #topology(m: MemberCluster, tracked: Tracked, now: number, old: KubeFedClusterStatus | undefined): Promise<{ zones?: string[]; region?: string }> {
    const kept: { zones?: string[]; region?: string } = {};
    if (old?.zones && old.zones.length > 0) kept.zones = old.zones;
    if (old?.region) kept.region = old.region;
    if (!m.client || now - tracked.topologyReadAt < TOPOLOGY_REFRESH_MS) return kept;
    try {
      const nodes = await m.client.listAll({ version: 'v1', resource: 'nodes' });
      tracked.topologyReadAt = now;
      const t = topologyFromNodes((nodes as KubeList<KubeObject>).items ?? []);
      const out = { ...kept };
      if (t.zones.length > 0) out.zones = t.zones;
      if (t.region) out.region = t.region;
      return out;
    } catch (err) {
      tracked.topologyReadAt = now;
      this.#events.event(m.object, 'Warning', EventReasons.RetrievingRegionZonesFailed, `Failed to get zones and region for the cluster: ${errorMessage(err)}`);
      return kept;
    }
  }

  async #check(m: MemberCluster): Promise<void> {
    let tracked = this.#tracked.get(m.name);
    if (!tracked) {
      tracked = { pending: 0, topologyReadAt: 0 };
      this.#tracked.set(m.name, tracked);
    }
    if (!m.client) {
      if (tracked.lastConfigError !== m.clientError) {
        this.#events.event(m.object, 'Warning', EventReasons.MalformedClusterConfig, `The configuration for this cluster may be malformed: ${m.clientError ?? 'unknown error'}`);
      }
      tracked.lastConfigError = m.clientError;
    } else {
      delete tracked.lastConfigError;
    }
    const { probe, version } = await this.#probe(m);
    const nowMs = Date.now();
    const now = rfc3339(nowMs);
    if (probe.kind === 'unreachable') {
      this.#events.event(m.object, 'Warning', EventReasons.RetrievingClusterHealthFailed, `Failed to retrieve health of the cluster: ${probe.error}`);
    }
    const old = m.object.status;
    const smoothed = thresholdAdjustedConditions(old?.conditions, probeConditions(probe, now), tracked.pending, this.#settings, now);
    tracked.pending = smoothed.pending;
    const next: KubeFedClusterStatus = { conditions: smoothed.conditions };
    const ready = isClusterReady(next);
    const kubernetesVersion = probe.kind === 'ok' ? version : old?.kubernetesVersion;
    if (kubernetesVersion) next.kubernetesVersion = kubernetesVersion;
    Object.assign(next, probe.kind === 'ok' ? await this.#topology(m, tracked, nowMs, old) : { ...(old?.zones?.length ? { zones: old.zones } : {}), ...(old?.region ? { region: old.region } : {}) });
    const state: ClusterState = ready ? 'ready' : next.conditions.some((c) => c.type === 'Offline' && c.status === 'True') ? 'offline' : 'notready';
    this.#metrics?.clusterState(m.name, state);
    if (!clusterStatusNeedsWrite(old, next, nowMs, Math.max(MIN_HEARTBEAT_MS, this.#settings.periodMs))) return;
    if (isClusterReady(old) !== ready) this.#log.info(ready ? 'cluster is ready' : 'cluster is not ready', { cluster: m.name, reason: next.conditions[0]?.reason, message: next.conditions[0]?.message });
    await this.#writeStatus(m.object, next);
  }

  async #writeStatus(cluster: KubeFedCluster, status: KubeFedClusterStatus): Promise<void> {
    // A merge patch of the status subresource needs no resourceVersion, so a cache a little behind cannot make the
    // write conflict; lists (conditions, zones) are replaced whole, which is what we want.
    const body = { status: { ...status, zones: status.zones ?? null, region: status.region ?? null, kubernetesVersion: status.kubernetesVersion ?? null } };
    try {
      await this.#host.patch({ ...KUBEFED_CLUSTERS, namespace: this.#namespace, name: cluster.metadata.name, subresource: 'status' }, 'merge', body);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }
}
