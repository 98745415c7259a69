// Addresses of load-balancer host names (cloud load balancers such as AWS ELBs publish names, not IPs), which
// KubeFed resolved before writing A records. Answers are cached briefly so a reconcile burst costs one lookup per name,
// and a name that does not resolve simply contributes no address (the record gets an UnresolvableHostname problem).
import { lookup } from 'node:dns/promises';

/** Load-balancer names change rarely; a short cache bounds both staleness and lookups. */
const CACHE_MS = 30_000;

export type LookupAll = (hostname: string) => Promise<string[]>;

const systemLookup: LookupAll = async (hostname) => (await lookup(hostname, { all: true })).map((a) => a.address);

export class HostnameResolver {
  readonly #lookup: LookupAll;
  readonly #cache = new Map<string, { addresses: string[]; expires: number }>();

  constructor(lookupAll: LookupAll = systemLookup) {
    this.#lookup = lookupAll;
  }

  /** Resolves every name (concurrently); names that fail map to an empty list. */
  async resolveAll(hostnames: readonly string[]): Promise<Map<string, string[]>> {
    const now = Date.now();
    const out = new Map<string, string[]>();
    await Promise.all(hostnames.map(async (h) => {
      const cached = this.#cache.get(h);
      if (cached && cached.expires > now) {
        out.set(h, cached.addresses);
        return;
      }
      let addresses: string[] = [];
      try {
        addresses = [...new Set(await this.#lookup(h))].sort();
      } catch {
        addresses = [];
      }
      this.#cache.set(h, { addresses, expires: now + CACHE_MS });
      out.set(h, addresses);
    }));
    return out;
  }
}
