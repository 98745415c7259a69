// The glue between watches and the DNS server: a DnsRecordSource keeps the latest Domain and DNSEndpoint objects
// fed to it (add/update/delete of plain JSON, as an informer delivers them) and rebuilds the ZoneSet after a short
// debounce, so a burst of watch events costs one rebuild while a single change still shows within 100 ms.
// It holds no Kubernetes client: the controller manager wires an informer's handlers to it.
import { isObject } from '../common/object.js';
import { asDNSEndpoint, asDomain, type DNSEndpointInput, type DomainInput, type ObjectRef } from './input.js';
import { buildZones, type RecordProblem, type ZoneSet } from './zone.js';

/** Upper bound on the debounce: the issue promises an answer within a second of a change, with room for the watch. */
export const MAX_DEBOUNCE_MS = 100;
const DEFAULT_DEBOUNCE_MS = 50;

export interface RebuildStats {
  durationMs: number;
  domains: number;
  dnsEndpoints: number;
  zones: number;
  rrsets: number;
  problems: number;
}

export interface DnsRecordSourceOptions {
  /** Receives every rebuilt ZoneSet; pass a server's update(). Its `problems` list what was skipped and why. */
  onZones: (zones: ZoneSet) => void;
  /** Delay between the first change of a burst and the rebuild, clamped to [0, MAX_DEBOUNCE_MS]; default 50. */
  debounceMs?: number;
  /** Metrics hook, called after each rebuild. */
  onRebuild?: (stats: RebuildStats) => void;
  /** Serial of zones first seen; default the Unix time in seconds, so serials keep rising across restarts. */
  initialSerial?: number;
}

/** client-go style handlers (OnAdd, OnUpdate, OnDelete) for one informer. */
export interface ObjectEventHandlers {
  onAdd(obj: unknown): void;
  onUpdate(oldObj: unknown, newObj: unknown): void;
  /** Accepts the object, or a tombstone `{ key: "namespace/name", obj? }` when the final state is unknown. */
  onDelete(obj: unknown): void;
}

export class DnsRecordSource {
  readonly domainHandlers: ObjectEventHandlers;
  readonly dnsEndpointHandlers: ObjectEventHandlers;
  readonly #domains = new Map<string, DomainInput>();
  readonly #endpoints = new Map<string, DNSEndpointInput>();
  readonly #options: DnsRecordSourceOptions;
  readonly #debounceMs: number;
  readonly #initialSerial: number;
  #zones: ZoneSet;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: DnsRecordSourceOptions) {
    this.#options = options;
    this.#debounceMs = Math.min(MAX_DEBOUNCE_MS, Math.max(0, options.debounceMs ?? DEFAULT_DEBOUNCE_MS));
    this.#initialSerial = options.initialSerial ?? Math.floor(Date.now() / 1000);
    this.#zones = buildZones([], [], { initialSerial: this.#initialSerial });
    this.domainHandlers = this.#handlers(this.#domains, asDomain);
    this.dnsEndpointHandlers = this.#handlers(this.#endpoints, asDNSEndpoint);
  }

  upsertDomain(obj: unknown): void {
    this.domainHandlers.onAdd(obj);
  }

  deleteDomain(obj: unknown): void {
    this.domainHandlers.onDelete(obj);
  }

  upsertDNSEndpoint(obj: unknown): void {
    this.dnsEndpointHandlers.onAdd(obj);
  }

  deleteDNSEndpoint(obj: unknown): void {
    this.dnsEndpointHandlers.onDelete(obj);
  }

  /** Replaces every Domain at once, as after an informer's (re)list. */
  replaceDomains(objs: readonly unknown[]): void {
    this.#replace(this.#domains, objs, asDomain);
  }

  /** Replaces every DNSEndpoint at once, as after an informer's (re)list. */
  replaceDNSEndpoints(objs: readonly unknown[]): void {
    this.#replace(this.#endpoints, objs, asDNSEndpoint);
  }

  /** The ZoneSet last built (not including changes still waiting for the debounce). */
  get zones(): ZoneSet {
    return this.#zones;
  }

  /** Problems of one object in the current ZoneSet, for its conditions and events. */
  problemsFor(kind: ObjectRef['kind'], namespace: string, name: string): RecordProblem[] {
    return this.#zones.problems.filter((p) => p.source.kind === kind && p.source.namespace === namespace && p.source.name === name);
  }

  /** Rebuilds now if changes are pending, and returns the current ZoneSet. */
  flush(): ZoneSet {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#rebuild();
    }
    return this.#zones;
  }

  /** Stops pending rebuilds; later events are ignored. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #handlers<T extends DomainInput | DNSEndpointInput>(store: Map<string, T>, narrow: (v: unknown) => T | undefined): ObjectEventHandlers {
    const put = (obj: unknown): void => {
      const value = narrow(obj);
      if (value === undefined) return;
      store.set(keyOf(value), value);
      this.#changed();
    };
    return {
      onAdd: put,
      onUpdate: (_old, obj) => put(obj),
      onDelete: (obj) => {
        const key = deletedKey(obj, narrow);
        if (key !== undefined && store.delete(key)) this.#changed();
      },
    };
  }

  #replace<T extends DomainInput | DNSEndpointInput>(store: Map<string, T>, objs: readonly unknown[], narrow: (v: unknown) => T | undefined): void {
    store.clear();
    for (const obj of objs) {
      const value = narrow(obj);
      if (value !== undefined) store.set(keyOf(value), value);
    }
    this.#changed();
  }

  #changed(): void {
    // Trailing debounce without rescheduling: the first change of a burst fixes the rebuild time, so continuous
    // churn cannot postpone answers indefinitely.
    if (this.#closed || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#rebuild();
    }, this.#debounceMs);
  }

  #rebuild(): void {
    const started = performance.now();
    const zones = buildZones([...this.#domains.values()], [...this.#endpoints.values()], {
      previous: this.#zones,
      initialSerial: this.#initialSerial,
    });
    this.#zones = zones;
    this.#options.onZones(zones);
    this.#options.onRebuild?.({
      durationMs: performance.now() - started,
      domains: this.#domains.size,
      dnsEndpoints: this.#endpoints.size,
      zones: zones.zones.size,
      rrsets: zones.rrsetCount,
      problems: zones.problems.length,
    });
  }
}

function keyOf(obj: DomainInput | DNSEndpointInput): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

function deletedKey(obj: unknown, narrow: (v: unknown) => DomainInput | DNSEndpointInput | undefined): string | undefined {
  const value = narrow(obj);
  if (value !== undefined) return keyOf(value);
  if (!isObject(obj)) return undefined;
  if (obj.obj !== undefined) {
    const inner = narrow(obj.obj);
    if (inner !== undefined) return keyOf(inner);
  }
  if (typeof obj.key === 'string') {
    // A tombstone key is "namespace/name", or just "name" for cluster-scoped objects (client-go MetaNamespaceKeyFunc).
    return obj.key.includes('/') ? obj.key : `/${obj.key}`;
  }
  return undefined;
}
