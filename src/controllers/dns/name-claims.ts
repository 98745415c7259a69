// Which record publishes each DNS name. Two records that generate the same name (two IngressDNSRecords listing one
// host, say) would make the DNS server and ExternalDNS pick one by accident; instead the oldest record keeps the name
// (ties broken by kind/namespace/name, so every controller replica decides the same) and the others are told why
// their entry is missing. Shared by the service and ingress record controllers, since their names share one tree.

export interface Claimant {
  /** `Kind namespace/name` of the record. */
  key: string;
  /** metadata.creationTimestamp (RFC 3339, so string order is time order). */
  created: string;
}

export interface ClaimResult {
  /** Names this record may not publish, with the record that holds each. */
  lost: Map<string, string>;
  /** Other records whose outcome may have changed (they gained or lost a name): reconcile them again. */
  affected: Set<string>;
}

function before(a: Claimant, b: Claimant): boolean {
  if (a.created !== b.created) return a.created < b.created;
  return a.key < b.key;
}

export class NameClaims {
  readonly #byName = new Map<string, Map<string, Claimant>>();
  readonly #byOwner = new Map<string, Set<string>>();

  /** Records that `owner` wants exactly `names` and says which of them another, older record holds. */
  claim(owner: Claimant, names: Iterable<string>): ClaimResult {
    const wanted = new Set(names);
    const affected = new Set<string>();
    const had = this.#byOwner.get(owner.key) ?? new Set<string>();
    for (const name of had) {
      if (wanted.has(name)) continue;
      const claimants = this.#byName.get(name);
      claimants?.delete(owner.key);
      for (const k of claimants?.keys() ?? []) affected.add(k);
      if (claimants?.size === 0) this.#byName.delete(name);
    }
    const lost = new Map<string, string>();
    for (const name of wanted) {
      let claimants = this.#byName.get(name);
      if (!claimants) {
        claimants = new Map();
        this.#byName.set(name, claimants);
      }
      const isNew = !claimants.has(owner.key);
      claimants.set(owner.key, owner);
      let winner = owner;
      for (const c of claimants.values()) if (before(c, winner)) winner = c;
      if (winner.key !== owner.key) lost.set(name, winner.key);
      if (isNew) for (const k of claimants.keys()) if (k !== owner.key) affected.add(k);
    }
    if (wanted.size > 0) this.#byOwner.set(owner.key, wanted);
    else this.#byOwner.delete(owner.key);
    return { lost, affected };
  }

  /** Forgets a deleted record; returns the records that shared a name with it. */
  release(ownerKey: string): Set<string> {
    return this.claim({ key: ownerKey, created: '' }, []).affected;
  }
}
