// Leader election of the controller manager (kubefed-behaviour.md §3.1 step 4): every replica campaigns for the
// Lease `kubefed-controller-manager` in the KubeFed namespace with the durations of KubeFedConfig
// `spec.leaderElect`; only the holder runs controllers. KubeFed's default lock kind is a ConfigMap; we always use a
// coordination.k8s.io/v1 Lease, which is what client-go has recommended since configmap locks were removed (1.24), so
// `resourceLock` is accepted but not used.
import type { DefaultedKubeFedConfigSpec } from '../apis/types.js';
import { parseDuration } from '../common/duration.js';
import { LeaderElector } from '../client/leaderelection.js';
import type { RestClient } from '../client/rest.js';
import type { Log } from './log.js';

export const LEADER_ELECTION_LEASE = 'kubefed-controller-manager';

export type LeadershipState = 'candidate' | 'leading' | 'lost' | 'released';

export interface LeadershipOptions {
  host: RestClient;
  namespace: string;
  spec: DefaultedKubeFedConfigSpec;
  log: Log;
  /** Runs the controllers; resolves once they have started. */
  lead: () => Promise<void>;
  /** Observes the holder (for the leader metric and logs). */
  onLeader?: (identity: string, self: boolean) => void;
}

/**
 * Campaigns for the lease and calls `lead` once it is held. `run` resolves with `lost` when leadership ended without
 * being asked to (the caller must exit: controllers cannot keep acting without the lease), or `released` after
 * `stop`, which gives the lease up so a standby takes over at once instead of after leaseDuration.
 */
export class Leadership {
  readonly #o: LeadershipOptions;
  readonly #elector: LeaderElector;
  readonly #abort = new AbortController();
  #state: LeadershipState = 'candidate';

  constructor(o: LeadershipOptions) {
    this.#o = o;
    const le = o.spec.leaderElect;
    this.#elector = new LeaderElector({
      client: o.host,
      namespace: o.namespace,
      name: LEADER_ELECTION_LEASE,
      leaseDurationMs: parseDuration(le.leaseDuration),
      renewDeadlineMs: parseDuration(le.renewDeadline),
      retryPeriodMs: parseDuration(le.retryPeriod),
      releaseOnCancel: true,
      logger: o.log.v(2),
      onStartedLeading: async () => {
        this.#state = 'leading';
        o.log.info('promoted as leader', { identity: this.#elector.identity });
        await o.lead();
      },
      onNewLeader: (identity) => {
        o.onLeader?.(identity, identity === this.#elector.identity);
        if (identity !== this.#elector.identity) o.log.info('new leader elected', { leader: identity });
      },
    });
  }

  get identity(): string {
    return this.#elector.identity;
  }

  get state(): LeadershipState {
    return this.#state;
  }

  async run(): Promise<LeadershipState> {
    this.#o.log.info('attempting to acquire leader lease', { lease: `${this.#o.namespace}/${LEADER_ELECTION_LEASE}`, identity: this.#elector.identity });
    await this.#elector.run(this.#abort.signal);
    if (this.#abort.signal.aborted) {
      this.#state = 'released';
    } else {
      this.#state = 'lost';
      this.#o.log.error('leader election lost', { identity: this.#elector.identity });
    }
    return this.#state;
  }

  /** Stops campaigning (or leading) and releases the lease if held; `run` then resolves with `released`. */
  stop(): void {
    this.#abort.abort();
  }
}
