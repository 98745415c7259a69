// IPv4 ranges and a free-address allocator for ClusterIPs, NodePorts and load-balancer addresses. Addresses are
// marked used from the store's contents (startup scan and watch events), not at allocation time, so a dry-run or a
// create that admission rejects later never leaks one.

export interface Cidr {
  /** The network address as an unsigned 32-bit integer. */
  base: number;
  size: number;
  text: string;
}

export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(text: string, field: string): Cidr {
  const [ip = '', bits = ''] = text.split('/');
  const base = ipToInt(ip);
  const prefix = Number(bits);
  if (base === undefined || !/^\d{1,2}$/.test(bits) || prefix < 8 || prefix > 30) {
    throw new Error(`${field}: "${text}" is not an IPv4 CIDR with a prefix length between 8 and 30`);
  }
  const size = 2 ** (32 - prefix);
  return { base: base - (base % size), size, text };
}

/**
 * Hands out the lowest free number of a range after a rotating cursor (kube's allocators also avoid reusing a
 * just-released address at once). `skip` numbers (network, broadcast, reserved) are never handed out.
 */
export class RangeAllocator {
  readonly #first: number;
  readonly #size: number;
  readonly #used = new Map<number, string>();
  readonly #skip: Set<number>;
  #cursor = 0;

  constructor(first: number, size: number, skip: number[] = []) {
    this.#first = first;
    this.#size = size;
    this.#skip = new Set(skip);
  }

  contains(n: number): boolean {
    return n >= this.#first && n < this.#first + this.#size;
  }

  /** Who holds `n` ("ns/name"), if anyone. */
  owner(n: number): string | undefined {
    return this.#used.get(n);
  }

  markUsed(n: number, owner: string): void {
    if (this.contains(n)) this.#used.set(n, owner);
  }

  release(n: number, owner: string): void {
    if (this.#used.get(n) === owner) this.#used.delete(n);
  }

  /** A free number, or undefined when the range is full. */
  next(): number | undefined {
    for (let i = 0; i < this.#size; i++) {
      const n = this.#first + ((this.#cursor + i) % this.#size);
      if (this.#used.has(n) || this.#skip.has(n)) continue;
      this.#cursor = (n - this.#first + 1) % this.#size;
      return n;
    }
    return undefined;
  }
}
