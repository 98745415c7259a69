// EventRecorder writes core/v1 Events about objects, as client-go's legacy recorder (tools/record/event.go,
// events_cache.go) does: one Event per distinct (object, type, reason, message, source), repeats folded into
// `count` and `lastTimestamp` with a patch, a per-object token bucket against spam (burst 25, one token per 5 min),
// and failures logged, never thrown: an event is a courtesy to the user, not part of the reconcile's outcome.
// Field names: k8s.io/api/core/v1 types.go Event, ObjectReference, EventSource.

import type { KubeObject } from '../common/object.js';
import { errorMessage, isNotFound } from './errors.js';
import { stderrLogger, type Logger } from './logger.js';
import type { RestClient } from './rest.js';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  client: RestClient;
  /** source.component and reportingComponent, e.g. kubefed-controller-manager. */
  component: string;
  /** source.host and reportingInstance. */
  host?: string;
  logger?: Logger;
  /** Events one object may emit at once (client-go: 25). */
  burst?: number;
  /** One more event allowed per this interval, per object (client-go: 5 min). */
  refillIntervalMs?: number;
  /** Distinct events remembered for aggregation (client-go: 4096). */
  cacheSize?: number;
  now?: () => Date;
}

interface Remembered {
  namespace: string;
  name: string;
  count: number;
  firstTimestamp: string;
}

interface Bucket {
  tokens: number;
  last: number;
}

const EVENTS = { version: 'v1', resource: 'events' } as const;

/** metav1.Time: RFC 3339 with second precision. */
function timestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class EventRecorder {
  readonly #opts: EventRecorderOptions;
  readonly #log: Logger;
  readonly #cache = new Map<string, Remembered>();
  readonly #buckets = new Map<string, Bucket>();
  readonly #chains = new Map<string, Promise<void>>();
  #seq = 0;

  constructor(opts: EventRecorderOptions) {
    this.#opts = opts;
    this.#log = opts.logger ?? stderrLogger;
  }

  /** Records an event about `obj`. Returns at once; the write happens in the background (see `flush`). */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const objectId = [obj.apiVersion, obj.kind, obj.metadata.namespace ?? '', obj.metadata.name ?? '', obj.metadata.uid ?? ''].join('\u0000');
    if (!this.#allow(objectId)) {
      this.#log.debug(`dropped event ${reason} on ${obj.kind} ${obj.metadata.name}: rate limited`);
      return;
    }
    const key = [objectId, type, reason, message].join('\u0000');
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.#write(key, obj, type, reason, message)).catch((err: unknown) => {
      this.#log.warn(`could not record event ${reason} on ${obj.kind} ${obj.metadata.namespace ? obj.metadata.namespace + '/' : ''}${obj.metadata.name}: ${errorMessage(err)}`);
    });
    this.#chains.set(key, next);
    void next.then(() => {
      if (this.#chains.get(key) === next) this.#chains.delete(key);
    });
  }

  /** Resolves when every event recorded so far has been written (or has failed). */
  async flush(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all([...this.#chains.values()]);
  }

  #allow(objectId: string): boolean {
    const burst = this.#opts.burst ?? 25;
    const interval = this.#opts.refillIntervalMs ?? 300_000;
    const now = performance.now();
    const b = this.#buckets.get(objectId) ?? { tokens: burst, last: now };
    b.tokens = Math.min(burst, b.tokens + (now - b.last) / interval);
    b.last = now;
    this.#buckets.delete(objectId);
    this.#buckets.set(objectId, b);
    if (this.#buckets.size > (this.#opts.cacheSize ?? 4096)) this.#buckets.delete(this.#buckets.keys().next().value as string);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  #remember(key: string, r: Remembered): void {
    this.#cache.delete(key);
    this.#cache.set(key, r);
    if (this.#cache.size > (this.#opts.cacheSize ?? 4096)) this.#cache.delete(this.#cache.keys().next().value as string);
  }

  async #write(key: string, obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const now = timestamp(this.#opts.now?.() ?? new Date());
    const seen = this.#cache.get(key);
    if (seen) {
      try {
        await this.#opts.client.patch(
          { ...EVENTS, namespace: seen.namespace, name: seen.name },
          'merge',
          { count: seen.count + 1, lastTimestamp: now, message },
        );
        this.#remember(key, { ...seen, count: seen.count + 1 });
        return;
      } catch (err) {
        // The Event expired (default TTL 1 h) or was deleted: start a new one.
        if (!isNotFound(err)) throw err;
      }
    }
    const namespace = obj.metadata.namespace || 'default';
    // client-go names events `<object name>.<unix nanoseconds in hex>`.
    const nanos = BigInt(Date.now()) * 1_000_000n + BigInt(this.#seq++ % 1_000_000);
    const name = `${obj.metadata.name ?? 'object'}.${nanos.toString(16)}`;
    const involvedObject: Record<string, string> = { kind: obj.kind, name: obj.metadata.name ?? '', apiVersion: obj.apiVersion };
    if (obj.metadata.namespace) involvedObject['namespace'] = obj.metadata.namespace;
    if (obj.metadata.uid) involvedObject['uid'] = obj.metadata.uid;
    if (obj.metadata.resourceVersion) involvedObject['resourceVersion'] = obj.metadata.resourceVersion;
    const source: Record<string, string> = { component: this.#opts.component };
    if (this.#opts.host) source['host'] = this.#opts.host;
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject,
      reason,
      message,
      type,
      source,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      reportingComponent: this.#opts.component,
      reportingInstance: this.#opts.host ?? '',
    };
    await this.#opts.client.create({ ...EVENTS, namespace }, event);
    this.#remember(key, { namespace, name, count: 1, firstTimestamp: now });
  }
}
