// What reconcilers need of an event recorder: one method, so unit tests can collect events instead of writing them.
// The process records through the client library's EventRecorder (client-go's correlation and spam filter), which
// satisfies this interface; the controllers keep no recorder of their own.
import type { KubeObject } from '../common/object.js';
import type { EventType } from '../client/events.js';

export { EventRecorder } from '../client/events.js';
export type { EventType } from '../client/events.js';

export interface EventSink {
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}

/** A sink that only collects events: for unit tests of reconcilers. */
export class CollectingEventSink implements EventSink {
  readonly events: { object: string; type: EventType; reason: string; message: string }[] = [];

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const m = obj.metadata;
    this.events.push({ object: m.namespace ? `${m.namespace}/${m.name ?? ''}` : (m.name ?? ''), type, reason, message });
  }
}
