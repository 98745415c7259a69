// Lease-based leader election (client-go tools/leaderelection/leaderelection.go with a coordination.k8s.io/v1
// Lease lock). The holder renews the lease every retryPeriod; a candidate takes over once the lease has not changed
// for leaseDuration as measured by its own clock (never by comparing renewTime with its clock, so clock skew
// between machines does not matter). A leader that cannot renew within renewDeadline steps down.
// Lease fields: k8s.io/api/coordination/v1 types.go LeaseSpec.

import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../common/object.js';
import { abortableSleep } from './abortable-sleep.js';
import { errorMessage, isAlreadyExists, isNotFound } from './errors.js';
import { stderrLogger, type Logger } from './logger.js';
import type { RestClient } from './rest.js';

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

export interface LeaderElectionOptions {
  client: RestClient;
  namespace: string;
  /** Lease name (KubeFed: kubefed-controller-manager). */
  name: string;
  /** Defaults to `<hostname>_<uuid>` as KubeFed does. */
  identity?: string;
  /** How long a lease stays valid without renewal (client-go default 15 s). */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying a failed renewal before stepping down (default 10 s). */
  renewDeadlineMs?: number;
  /** Interval between attempts (default 2 s). */
  retryPeriodMs?: number;
  /** Give the lease up when `run`'s signal aborts, so a successor need not wait out the lease (default true). */
  releaseOnCancel?: boolean;
  /** Called on becoming leader; `signal` aborts when leadership ends. */
  onStartedLeading: (signal: AbortSignal) => void | Promise<void>;
  /** Called when leadership ends (lost, or released on cancel). Not called if leadership was never acquired. */
  onStoppedLeading?: () => void;
  /** Called whenever the observed holder changes (including to this candidate). */
  onNewLeader?: (identity: string) => void;
  logger?: Logger;
}

/** `<hostname>_<uuid>`: unique per process even when pods share a hostname. */
export function leaderIdentity(): string {
  return `${os.hostname()}_${randomUUID()}`;
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** client-go wait.JitterUntil with JitterFactor 1.2. */
const JITTER = 1.2;

export class LeaderElector {
  readonly identity: string;
  readonly #opts: LeaderElectionOptions;
  readonly #log: Logger;
  readonly #leaseMs: number;
  readonly #renewMs: number;
  readonly #retryMs: number;
  #observed: LeaseSpec | undefined;
  #observedAt = 0;
  #leader = '';
  #isLeader = false;

  constructor(opts: LeaderElectionOptions) {
    this.#opts = opts;
    this.identity = opts.identity ?? leaderIdentity();
    this.#log = opts.logger ?? stderrLogger;
    this.#leaseMs = opts.leaseDurationMs ?? 15_000;
    this.#renewMs = opts.renewDeadlineMs ?? 10_000;
    this.#retryMs = opts.retryPeriodMs ?? 2_000;
    if (!(this.#leaseMs > this.#renewMs)) throw new Error('leaseDuration must be greater than renewDeadline');
    if (!(this.#renewMs > this.#retryMs * JITTER)) throw new Error('renewDeadline must be greater than retryPeriod × 1.2');
  }

  isLeader(): boolean {
    return this.#isLeader;
  }

  /** The holder last observed on the lease ('' when none). */
  getLeader(): string {
    return this.#leader;
  }

  #ref(name?: string): { group: string; version: string; resource: string; namespace: string; name?: string } {
    return { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: this.#opts.namespace, ...(name ? { name } : {}) };
  }

  #observe(spec: LeaseSpec): void {
    const o = this.#observed;
    const changed = !o || o.holderIdentity !== spec.holderIdentity || o.renewTime !== spec.renewTime || o.acquireTime !== spec.acquireTime || o.leaseTransitions !== spec.leaseTransitions;
    if (changed) {
      this.#observed = spec;
      this.#observedAt = performance.now();
    }
    const holder = spec.holderIdentity ?? '';
    if (holder !== this.#leader) {
      this.#leader = holder;
      if (holder) this.#opts.onNewLeader?.(holder);
    }
  }

  /** One attempt to take or keep the lease. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    const client = this.#opts.client;
    const desired: LeaseSpec = {
      holderIdentity: this.identity,
      leaseDurationSeconds: Math.max(1, Math.round(this.#leaseMs / 1000)),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    let lease: Lease;
    try {
      lease = await client.get<Lease>(this.#ref(this.#opts.name));
    } catch (err) {
      if (!isNotFound(err)) {
        this.#log.warn(`error retrieving lease ${this.#opts.namespace}/${this.#opts.name}: ${errorMessage(err)}`);
        return false;
      }
      try {
        const created = await client.create<Lease>(this.#ref(), {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.#opts.name, namespace: this.#opts.namespace },
          spec: desired,
        });
        this.#observe(created.spec ?? desired);
        return true;
      } catch (createErr) {
        if (!isAlreadyExists(createErr)) this.#log.warn(`error creating lease ${this.#opts.namespace}/${this.#opts.name}: ${errorMessage(createErr)}`);
        return false;
      }
    }
    const current = lease.spec ?? {};
    this.#observe(current);
    const holder = current.holderIdentity ?? '';
    if (holder !== '' && holder !== this.identity && performance.now() - this.#observedAt < this.#leaseMs) return false;
    if (holder === this.identity) {
      desired.acquireTime = current.acquireTime ?? desired.acquireTime;
      desired.leaseTransitions = current.leaseTransitions ?? 0;
    } else {
      desired.leaseTransitions = (current.leaseTransitions ?? 0) + 1;
    }
    try {
      const updated = await client.update<Lease>(this.#ref(this.#opts.name), { ...lease, spec: { ...current, ...desired } });
      this.#observe(updated.spec ?? desired);
      return true;
    } catch (err) {
      this.#log.debug(`failed to update lease ${this.#opts.namespace}/${this.#opts.name}: ${errorMessage(err)}`);
      return false;
    }
  }

  /** Gives the lease up if this candidate holds it (holder cleared, duration 1 s). */
  async release(): Promise<boolean> {
    try {
      const lease = await this.#opts.client.get<Lease>(this.#ref(this.#opts.name));
      if (lease.spec?.holderIdentity !== this.identity) return false;
      const now = microTime(new Date());
      await this.#opts.client.update(this.#ref(this.#opts.name), {
        ...lease,
        spec: { leaseTransitions: lease.spec.leaseTransitions ?? 0, leaseDurationSeconds: 1, renewTime: now, acquireTime: now, holderIdentity: '' },
      });
      this.#leader = '';
      return true;
    } catch (err) {
      this.#log.warn(`failed to release lease ${this.#opts.namespace}/${this.#opts.name}: ${errorMessage(err)}`);
      return false;
    }
  }

  /**
   * Campaigns until leader, leads until the lease is lost or `signal` aborts, then returns. Callers that must not
   * continue without leadership (the controller manager) exit when it returns.
   */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew()) break;
      await abortableSleep(this.#retryMs * (1 + Math.random() * JITTER), signal);
    }
    if (signal.aborted) return;
    this.#isLeader = true;
    this.#log.info(`${this.identity} acquired lease ${this.#opts.namespace}/${this.#opts.name}`);
    const leading = new AbortController();
    Promise.resolve()
      .then(() => this.#opts.onStartedLeading(leading.signal))
      .catch((err: unknown) => this.#log.error(`leader callback failed: ${errorMessage(err)}`));
    try {
      renew: while (!signal.aborted) {
        await abortableSleep(this.#retryMs, signal);
        if (signal.aborted) break;
        const deadline = performance.now() + this.#renewMs;
        while (!(await this.tryAcquireOrRenew())) {
          if (signal.aborted) break renew;
          if (performance.now() + this.#retryMs > deadline) {
            this.#log.warn(`${this.identity} failed to renew lease ${this.#opts.namespace}/${this.#opts.name} within ${this.#renewMs} ms`);
            break renew;
          }
          await abortableSleep(this.#retryMs, signal);
        }
      }
      if (signal.aborted && (this.#opts.releaseOnCancel ?? true)) await this.release();
    } finally {
      this.#isLeader = false;
      leading.abort();
      this.#opts.onStoppedLeading?.();
    }
  }
}
