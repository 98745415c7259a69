// core/v1 Events for what the simulated components do, shaped as client-go's event recorder writes them: named
// "<object>.<hex nanoseconds>", source.component/host and reportingComponent set, and repeats of the same
// (object, reason, message) folded into one Event whose count grows (client-go's EventCorrelator).
import type { KubeObject } from '../../common/object.js';
import { nowTimestamp } from '../objects/names.js';
import type { ObjectService } from '../objects/object-service.js';
import type { ResourceType } from '../registry/resource-type.js';

export interface EventSource {
  /** "deployment-controller", "replicaset-controller", "default-scheduler", "kubelet", ... */
  component: string;
  /** The node, for kubelet events. */
  host?: string;
}

/** Bound on remembered aggregation keys; beyond it repeats simply start a new Event. */
const MAX_REMEMBERED = 10_000;

export class EventRecorder {
  readonly #svc: ObjectService;
  readonly #type: ResourceType;
  readonly #seen = new Map<string, string>();
  #counter = 0;

  constructor(svc: ObjectService, eventsType: ResourceType) {
    this.#svc = svc;
    this.#type = eventsType;
  }

  /**
   * Records an Event about `about`. Never throws: an event that cannot be written (its namespace is being deleted)
   * must not fail the controller action it describes.
   */
  record(about: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void {
    const namespace = about.metadata.namespace || 'default';
    const aggKey = `${about.metadata.uid ?? ''}|${fieldPath ?? ''}|${reason}|${message}|${source.component}`;
    const now = nowTimestamp();
    try {
      const existing = this.#seen.get(aggKey);
      if (existing && this.#svc.find(this.#type, namespace, existing)) {
        this.#svc.mutate(this.#type, namespace, existing, '', { fieldManager: source.component }, (cur) => {
          cur.count = (typeof cur.count === 'number' ? cur.count : 1) + 1;
          cur.lastTimestamp = now;
          return cur;
        });
        return;
      }
      const nanos = BigInt(Date.now()) * 1_000_000n + BigInt(this.#counter++ % 1_000_000);
      const name = `${about.metadata.name ?? 'unknown'}.${nanos.toString(16)}`;
      const involvedObject: Record<string, unknown> = {
        kind: about.kind, namespace: about.metadata.namespace, name: about.metadata.name, uid: about.metadata.uid,
        apiVersion: about.apiVersion, resourceVersion: about.metadata.resourceVersion,
      };
      if (fieldPath) involvedObject.fieldPath = fieldPath;
      this.#svc.create(this.#type, namespace, {
        metadata: { name, namespace },
        involvedObject,
        reason,
        message,
        source: source.host ? { component: source.component, host: source.host } : { component: source.component },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? '',
      }, { fieldManager: source.component });
      if (this.#seen.size >= MAX_REMEMBERED) this.#seen.clear();
      this.#seen.set(aggKey, name);
    } catch {
      // See the method comment.
    }
  }
}
