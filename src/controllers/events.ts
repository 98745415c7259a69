// EventRecorder: core/v1 Events on the host cluster about host objects (what `kubectl describe` shows), with
// client-go's correlation: a repeat of the same (object, type, reason, message) increments `count` and moves
// `lastTimestamp` on the existing Event instead of creating a new one, so a failure that persists across many
// reconciles stays one line. Recording never fails the caller: a lost event is logged and forgotten.
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../common/object.js';
import { errorMessage, isNotFound } from '../client/errors.js';
import type { RestClient } from '../client/rest.js';
import type { Log } from './log.js';

export type EventType = 'Normal' | 'Warning';

export interface EventSink {
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}

interface Recorded {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

/** client-go keeps 4096 correlation entries (tools/record events_cache.go maxLruCacheEntries). */
const MAX_CACHE = 4096;
/** Events of cluster-scoped objects go to `default`, as client-go's recorder does. */
const CLUSTER_SCOPED_EVENT_NAMESPACE = 'default';

export class EventRecorder implements EventSink {
  readonly #client: RestClient;
  readonly #component: string;
  readonly #log: Log;
  readonly #host: string;
  readonly #cache = new Map<string, Recorded>();
  /** Serialises writes per correlation key so a burst of repeats does not create duplicates. */
  readonly #pending = new Map<string, Promise<void>>();

  constructor(client: RestClient, component: string, log: Log, host = process.env['HOSTNAME'] ?? '') {
    this.#client = client;
    this.#component = component;
    this.#log = log;
    this.#host = host;
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const m = obj.metadata;
    const key = [obj.apiVersion, obj.kind, m.namespace ?? '', m.name ?? '', m.uid ?? '', type, reason, message].join('\u0000');
    const previous = this.#pending.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.#write(key, obj, type, reason, message)).catch((err: unknown) => {
      this.#log.v(2).info('could not record event', { reason, object: `${m.namespace ?? ''}/${m.name ?? ''}`, error: errorMessage(err) });
    });
    this.#pending.set(key, next);
    void next.finally(() => {
      if (this.#pending.get(key) === next) this.#pending.delete(key);
    });
  }

  /** Resolves once every event recorded so far has been written (or failed). */
  async flush(): Promise<void> {
    await Promise.all([...this.#pending.values()]);
  }

  async #write(key: string, obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const seen = this.#cache.get(key);
    if (seen) {
      try {
        await this.#client.patch(
          { version: 'v1', resource: 'events', namespace: seen.namespace, name: seen.name },
          'merge',
          { count: seen.count + 1, lastTimestamp: now },
        );
        seen.count++;
        this.#cache.delete(key);
        this.#cache.set(key, seen);
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.#cache.delete(key);
      }
    }
    const m = obj.metadata;
    const namespace = m.namespace || CLUSTER_SCOPED_EVENT_NAMESPACE;
    const name = `${m.name ?? 'unknown'}.${Date.now().toString(16)}${randomBytes(2).toString('hex')}`;
    const involvedObject: Record<string, string> = { apiVersion: obj.apiVersion, kind: obj.kind, name: m.name ?? '' };
    if (m.namespace) involvedObject['namespace'] = m.namespace;
    if (m.uid) involvedObject['uid'] = m.uid;
    if (m.resourceVersion) involvedObject['resourceVersion'] = m.resourceVersion;
    const source: Record<string, string> = { component: this.#component };
    if (this.#host) source['host'] = this.#host;
    await this.#client.create(
      { version: 'v1', resource: 'events', namespace },
      {
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
        reportingComponent: this.#component,
        reportingInstance: this.#host,
      },
    );
    this.#cache.set(key, { name, namespace, count: 1, firstTimestamp: now });
    if (this.#cache.size > MAX_CACHE) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
  }
}

/** A sink that only collects events: for unit tests of reconcilers. */
export class CollectingEventSink implements EventSink {
  readonly events: { object: string; type: EventType; reason: string; message: string }[] = [];

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const m = obj.metadata;
    this.events.push({ object: m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? ''), type, reason, message });
  }
}
