// The pod-template-hash of a Deployment's ReplicaSets (pkg/controller/controller_utils.go ComputeHash): a 32-bit
// FNV-1a hash of the pod template (plus the collision count when set), printed in decimal and then encoded with
// rand.SafeEncodeString's alphabet (no vowels, so no words). Kubernetes hashes Go's spew dump of the struct; we hash
// canonical JSON (sorted keys), so the values differ from a real cluster's but keep the same properties: stable for
// an unchanged template, new for any change, always a valid label value.

/** k8s.io/apimachinery/pkg/util/rand alphanums. */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: every byte mapped onto the safe alphabet. */
export function safeEncode(s: string): string {
  let out = '';
  for (const ch of Buffer.from(s, 'utf8')) out += SAFE_ALPHABET[ch % SAFE_ALPHABET.length];
  return out;
}

export function podTemplateHash(template: unknown, collisionCount?: number): string {
  const text = canonicalJson(template) + (collisionCount !== undefined && collisionCount > 0 ? `#${collisionCount}` : '');
  return safeEncode(String(fnv32a(text)));
}
