// Prometheus metrics of the controller manager, named as KubeFed's (kubefed-behaviour.md §3.10) so existing
// dashboards keep working. One registry per process; tests create their own.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WorkQueueMetrics } from '../client/workqueue.js';

/** KubeFed's duration buckets (pkg/metrics/metrics.go). */
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 7.5, 10, 12.5, 15, 17.5, 20, 22.5, 25, 27.5, 30, 50, 75, 100, 1000];
/** controller-runtime's reconcile_time_seconds buckets. */
const RECONCILE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];

export type ReconcileResult = 'success' | 'error' | 'requeue_after' | 'not_synced';

/** KubeFed's result label values: a reconcile that asks to look again later is `needs_recheck`. */
const RESULT_LABEL: Record<ReconcileResult, string> = { success: 'success', error: 'error', requeue_after: 'needs_recheck', not_synced: 'not_synced' };
export type ClusterState = 'ready' | 'notready' | 'offline';

export class Metrics {
  readonly registry: Registry;
  readonly #clusterTotal: Gauge;
  readonly #joinedClusters: Gauge;
  readonly #leader: Gauge;
  readonly #clusters = new Set<string>();
  readonly #queues = new Set<string>();
  readonly #clusterHealthDuration: Histogram;
  readonly #dispatchDuration: Histogram;
  readonly #reconcileTotal: Counter;
  readonly #reconcileErrors: Counter;
  readonly #reconcileTime: Histogram;
  readonly #maxConcurrent: Gauge;
  readonly #activeWorkers: Gauge;
  readonly #queueDepth: Gauge;
  readonly #queueAdds: Counter;
  readonly #queueLatency: Histogram;
  readonly #queueWork: Histogram;
  readonly #queueRetries: Counter;

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    const registers = [(this.registry = new Registry())];
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.#clusterTotal = new Gauge({ name: 'kubefedcluster_total', help: 'Number of KubeFedClusters by state', labelNames: ['state', 'cluster'], registers });
    this.#joinedClusters = new Gauge({ name: 'joined_cluster_total', help: 'Number of joined KubeFedClusters', registers });
    // client-go's leader election metric (tools/leaderelection/metrics.go): 1 while this process holds the lease.
    this.#leader = new Gauge({ name: 'leader_election_master_status', help: 'Whether this process is the leader (1) or a standby (0)', labelNames: ['name'], registers });
    this.#clusterHealthDuration = new Histogram({ name: 'cluster_health_status_duration_seconds', help: 'Time to probe the health of all clusters', buckets: DURATION_BUCKETS, registers });
    this.#dispatchDuration = new Histogram({ name: 'dispatch_operation_duration_seconds', help: 'Time of create/update/delete operations in member clusters', labelNames: ['action'], buckets: DURATION_BUCKETS, registers });
    this.#reconcileTotal = new Counter({ name: 'controller_runtime_reconcile_total', help: 'Total number of reconciliations per controller', labelNames: ['controller', 'result'], registers });
    this.#reconcileErrors = new Counter({ name: 'controller_runtime_reconcile_errors_total', help: 'Total number of reconciliation errors per controller', labelNames: ['controller'], registers });
    this.#reconcileTime = new Histogram({ name: 'controller_runtime_reconcile_time_seconds', help: 'Length of time per reconciliation per controller', labelNames: ['controller'], buckets: RECONCILE_BUCKETS, registers });
    this.#maxConcurrent = new Gauge({ name: 'controller_runtime_max_concurrent_reconciles', help: 'Maximum number of concurrent reconciles per controller', labelNames: ['controller'], registers });
    this.#activeWorkers = new Gauge({ name: 'controller_runtime_active_workers', help: 'Number of currently used workers per controller', labelNames: ['controller'], registers });
    this.#queueDepth = new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames: ['name'], registers });
    this.#queueAdds = new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames: ['name'], registers });
    this.#queueLatency = new Histogram({ name: 'workqueue_queue_duration_seconds', help: 'How long in seconds an item stays in workqueue before being requested', labelNames: ['name'], buckets: RECONCILE_BUCKETS, registers });
    this.#queueWork = new Histogram({ name: 'workqueue_work_duration_seconds', help: 'How long in seconds processing an item from workqueue takes', labelNames: ['name'], buckets: RECONCILE_BUCKETS, registers });
    this.#queueRetries = new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames: ['name'], registers });
  }

  /** Sets the cluster's current state to 1 and the other two to 0, as KubeFed does. */
  clusterState(cluster: string, state: ClusterState): void {
    for (const s of ['ready', 'notready', 'offline'] as const) this.#clusterTotal.set({ state: s, cluster }, s === state ? 1 : 0);
    this.#clusters.add(cluster);
    this.#joinedClusters.set(this.#clusters.size);
  }

  leader(lease: string, isLeader: boolean): void {
    this.#leader.set({ name: lease }, isLeader ? 1 : 0);
  }

  clusterRemoved(cluster: string): void {
    for (const s of ['ready', 'notready', 'offline'] as const) this.#clusterTotal.remove({ state: s, cluster });
    this.#clusters.delete(cluster);
    this.#joinedClusters.set(this.#clusters.size);
  }

  clusterHealthDuration(seconds: number): void {
    this.#clusterHealthDuration.observe(seconds);
  }

  dispatchDuration(action: 'create' | 'update' | 'delete', seconds: number): void {
    this.#dispatchDuration.observe({ action }, seconds);
  }

  reconciled(controller: string, result: ReconcileResult, seconds: number): void {
    this.#reconcileTotal.inc({ controller, result: RESULT_LABEL[result] });
    if (result === 'error') this.#reconcileErrors.inc({ controller });
    this.#reconcileTime.observe({ controller }, seconds);
  }

  workers(controller: string, max: number, active: number): void {
    // A controller's queue is named after it. client-go exports a queue's depth from its creation on; our queue
    // reports depth only when keys wait for a worker, so an idle queue would otherwise have no series at all.
    if (!this.#queues.has(controller)) {
      this.#queues.add(controller);
      this.#queueDepth.set({ name: controller }, 0);
    }
    this.#maxConcurrent.set({ controller }, max);
    this.#activeWorkers.set({ controller }, active);
  }

  /** Hooks for a WorkQueue named after its controller. */
  get workQueue(): WorkQueueMetrics {
    return {
      depth: (name, depth) => this.#queueDepth.set({ name }, depth),
      adds: (name) => this.#queueAdds.inc({ name }),
      latency: (name, s) => this.#queueLatency.observe({ name }, s),
      workDuration: (name, s) => this.#queueWork.observe({ name }, s),
      retries: (name) => this.#queueRetries.inc({ name }),
    };
  }
}
