// Load-balancer addresses from the cluster's range (simulation-options.ts: 127.100.<index>.0/24), the job of a
// cloud controller (Services of type LoadBalancer) and of an ingress controller (Ingresses). An object keeps the
// address it has: every address seen in a status is marked held before any is handed out, and an object only loses
// its address when it goes, is being deleted, or (a Service) stops being a LoadBalancer.
import type { KubeObject } from '../../../common/object.js';
import { intToIp, ipToInt, RangeAllocator, type Cidr } from '../../../apiserver/simulation/ip-range.js';
import { arr, rec, str, type Json } from '../../../apiserver/simulation/object-fields.js';

export type LoadBalancedKind = 'Service' | 'Ingress';

export function wantsAddress(kind: LoadBalancedKind, o: KubeObject): boolean {
  return !o.metadata.deletionTimestamp && (kind === 'Ingress' || rec(o.spec).type === 'LoadBalancer');
}

export function currentAddress(o: KubeObject): string {
  return str(arr(rec(rec(o.status).loadBalancer).ingress)[0]?.ip);
}

/** status.loadBalancer for an address (none: {}); a Service's says ipMode VIP, as cloud providers' do. */
export function loadBalancerStatus(kind: LoadBalancedKind, ip: string | undefined): Json {
  if (!ip) return {};
  return { ingress: [kind === 'Service' ? { ip, ipMode: 'VIP' } : { ip }] };
}

export class LoadBalancerAddresses {
  readonly #alloc: RangeAllocator;
  /** owner ("services/ns/name") → the address it holds. */
  readonly #held = new Map<string, number>();
  readonly #range: string;

  constructor(cidr: Cidr) {
    // The network and broadcast addresses are never handed out, as a cloud's pool would not.
    this.#alloc = new RangeAllocator(cidr.base, cidr.size, [cidr.base, cidr.base + cidr.size - 1]);
    this.#range = cidr.text;
  }

  get range(): string {
    return this.#range;
  }

  /**
   * Records what an object reports (from the watch): an address in its status that nobody else holds becomes its
   * own; an object that is gone or wants no address frees what it held.
   */
  observe(owner: string, kind: LoadBalancedKind, o: KubeObject | undefined): void {
    if (!o || !wantsAddress(kind, o)) {
      this.release(owner);
      return;
    }
    const n = ipToInt(currentAddress(o));
    if (n === undefined || !this.#alloc.contains(n) || this.#held.get(owner) === n) return;
    const holder = this.#alloc.owner(n);
    if (holder !== undefined && holder !== owner) return;
    this.release(owner);
    this.#alloc.markUsed(n, owner);
    this.#held.set(owner, n);
  }

  /** The owner's address: the one it holds, else the requested one when free, else the next free one (or none left). */
  assign(owner: string, requested?: string): string | undefined {
    const held = this.#held.get(owner);
    if (held !== undefined) return intToIp(held);
    const want = ipToInt(requested ?? '');
    const n = want !== undefined && this.#alloc.contains(want) && this.#alloc.owner(want) === undefined ? want : this.#alloc.next();
    if (n === undefined) return undefined;
    this.#alloc.markUsed(n, owner);
    this.#held.set(owner, n);
    return intToIp(n);
  }

  release(owner: string): void {
    const n = this.#held.get(owner);
    if (n === undefined) return;
    this.#alloc.release(n, owner);
    this.#held.delete(owner);
  }
}
