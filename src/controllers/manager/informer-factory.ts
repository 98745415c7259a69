// Shared host informers: one list+watch per (resource, namespace, selector) however many controllers read it, as
// client-go's SharedInformerFactory. Reference-counted so that a sync controller stopped at run time (its type
// disabled) releases the watch when nobody else uses it.
import type { KubeObject } from '../../common/object.js';
import { Informer } from '../../client/informer.js';
import type { RestClient } from '../../client/rest.js';
import type { Log } from '../log.js';

export interface InformerSpec {
  group?: string;
  version: string;
  resource: string;
  namespace?: string;
  labelSelector?: string;
}

interface Entry {
  informer: Informer;
  refs: number;
}

function specKey(s: InformerSpec): string {
  return [s.group ?? '', s.version, s.resource, s.namespace ?? '', s.labelSelector ?? ''].join('|');
}

export class InformerFactory {
  readonly #client: RestClient;
  readonly #log: Log;
  readonly #entries = new Map<string, Entry>();

  constructor(client: RestClient, log: Log) {
    this.#client = client;
    this.#log = log;
  }

  /** The shared informer for `spec`, started; pair every call with `release`. */
  acquire<T extends KubeObject = KubeObject>(spec: InformerSpec): Informer<T> {
    const key = specKey(spec);
    let entry = this.#entries.get(key);
    if (!entry) {
      const informer = new Informer({
        client: this.#client,
        resource: { group: spec.group, version: spec.version, resource: spec.resource },
        namespace: spec.namespace,
        labelSelector: spec.labelSelector,
        logger: this.#log,
      });
      entry = { informer, refs: 0 };
      this.#entries.set(key, entry);
      informer.start();
    }
    entry.refs++;
    return entry.informer as unknown as Informer<T>;
  }

  async release(spec: InformerSpec): Promise<void> {
    const key = specKey(spec);
    const entry = this.#entries.get(key);
    if (!entry) return;
    entry.refs--;
    if (entry.refs > 0) return;
    this.#entries.delete(key);
    await entry.informer.stop();
  }

  async stopAll(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(entries.map((e) => e.informer.stop()));
  }
}
