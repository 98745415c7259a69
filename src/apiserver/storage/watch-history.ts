// The watch cache: the last N change events in resourceVersion order, so a watch that starts from the RV of a
// list misses nothing. Older RVs answer 410 Expired, as kube-apiserver's watch cache does.
import type { KubeObject } from '../../common/object.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ChangeEvent {
  type: ChangeType;
  rv: number;
  storageKey: string;
  namespace: string;
  object: KubeObject;
  /** The state before the change (MODIFIED and DELETED), for selector transitions. */
  prev?: KubeObject;
}

export class WatchHistory {
  readonly #ring: (ChangeEvent | undefined)[];
  #start = 0;
  #size = 0;
  /** Every event with rv > floor is still held. */
  floor: number;

  constructor(capacity: number, currentRv: number) {
    this.#ring = new Array<ChangeEvent | undefined>(capacity);
    this.floor = currentRv;
  }

  push(ev: ChangeEvent): void {
    const cap = this.#ring.length;
    if (this.#size === cap) {
      const dropped = this.#ring[this.#start];
      if (dropped) this.floor = dropped.rv;
      this.#ring[this.#start] = ev;
      this.#start = (this.#start + 1) % cap;
    } else {
      this.#ring[(this.#start + this.#size) % cap] = ev;
      this.#size++;
    }
  }

  #at(i: number): ChangeEvent {
    return this.#ring[(this.#start + i) % this.#ring.length] as ChangeEvent;
  }

  /** Events with rv > after, oldest first; undefined when they are no longer all held (410 Expired). */
  since(after: number): ChangeEvent[] | undefined {
    if (after < this.floor) return undefined;
    let lo = 0;
    let hi = this.#size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#at(mid).rv <= after) lo = mid + 1;
      else hi = mid;
    }
    const out: ChangeEvent[] = [];
    for (let i = lo; i < this.#size; i++) out.push(this.#at(i));
    return out;
  }
}
