// Normalisation of what a scenario recorded, so that two clusters' records compare equal exactly when a client
// could not tell them apart except by values that belong to one cluster instance or one moment. The rule: a value is
// replaced by a placeholder only when Kubernetes promises nothing about it beyond its shape. Those are
//   - identities the server allocates at random or by counter: uids, resourceVersions, continue tokens, generated
//     name suffixes (generateName, the 5-character suffix alphabet of k8s.io/apimachinery/pkg/util/rand);
//   - moments: timestamps, and the ages kubectl and Tables derive from them;
//   - cluster identity: the server's address (port), its version strings, tokens, certificates, and addresses the
//     cluster allocates (ClusterIPs other than the first of the range, pod and host IPs);
//   - layout that follows from those: kubectl's column padding (its tabwriter pads to the widest cell).
// Everything else, messages and reasons included, is compared as is.

/** Values of one cluster that are replaced wherever they occur (exact text), e.g. its URL, gitVersion and token. */
export interface ClusterIdentity {
  /** `https://127.0.0.1:40001` */
  server?: string;
  /** /version gitVersion, e.g. `v1.37.2`. */
  gitVersion?: string;
  token?: string;
  /** Scratch folders of this cluster's scenario files (kubectl names the manifest it read in errors). */
  paths?: string[];
}

export const PLACEHOLDER = {
  uid: '<uid>',
  rv: '<rv>',
  time: '<time>',
  age: '<age>',
  token: '<token>',
  pem: '<pem>',
  ip: '<ip>',
  port: '<port>',
  server: '<server>',
  version: '<server-version>',
  continue: '<continue>',
  suffix: '<suffix>',
  path: '<scratch>',
} as const;

/** Keys whose (non-empty string) value is a counter or a moment, whatever its text. */
const KEY_PLACEHOLDERS: Record<string, string> = {
  uid: PLACEHOLDER.uid,
  resourceVersion: PLACEHOLDER.rv,
  continue: PLACEHOLDER.continue,
  creationTimestamp: PLACEHOLDER.time,
  deletionTimestamp: PLACEHOLDER.time,
  time: PLACEHOLDER.time,
  lastTransitionTime: PLACEHOLDER.time,
  lastUpdateTime: PLACEHOLDER.time,
  lastHeartbeatTime: PLACEHOLDER.time,
  lastProbeTime: PLACEHOLDER.time,
  startTime: PLACEHOLDER.time,
  expirationTimestamp: PLACEHOLDER.time,
  firstTimestamp: PLACEHOLDER.time,
  lastTimestamp: PLACEHOLDER.time,
  eventTime: PLACEHOLDER.time,
  renewTime: PLACEHOLDER.time,
  acquireTime: PLACEHOLDER.time,
  buildDate: PLACEHOLDER.time,
  token: PLACEHOLDER.token,
  podIP: PLACEHOLDER.ip,
  hostIP: PLACEHOLDER.ip,
};

/** Keys whose value is a list of allocated addresses ({ip} objects or strings). */
const IP_LIST_KEYS = new Set(['podIPs', 'hostIPs']);

/** k8s.io/apimachinery/pkg/util/rand: the alphabet of generated names (no vowels, no 0/1/3, no look-alikes). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const STRING_RULES: [RegExp, string | ((match: string) => string)][] = [
  [/-----BEGIN ([A-Z ]+)-----[\s\S]*?-----END \1-----(\r?\n)?/g, PLACEHOLDER.pem],
  // Base64 of a PEM block ("-----BEGIN" encodes to LS0tLS1CRUdJTi…).
  [/LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g, PLACEHOLDER.pem],
  // A JWT (service-account tokens), and its base64 form inside Secret data ("eyJ" encodes to ZXlK).
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, PLACEHOLDER.token],
  [/\bZXlK[A-Za-z0-9+/]{20,}={0,2}/g, PLACEHOLDER.token],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, PLACEHOLDER.uid],
  [/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, PLACEHOLDER.time],
  // resourceVersions in kubectl's YAML and JSON text output.
  [/(\bresourceVersion"?: )"\d+"/g, `$1"${PLACEHOLDER.rv}"`],
  // resourceVersions the server quotes in messages (preconditions, too-large and too-old resource versions).
  [/(in record \(|current: |resource version: \d+ \()\d+/g, `$1${PLACEHOLDER.rv}`],
  // kubectl diff compares two temporary folders, named and timestamped per run.
  [/\/tmp\/(LIVE|MERGED)-\d+/g, '/tmp/$1-<n>'],
  [/\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ [+-]\d{4}/g, `\t${PLACEHOLDER.time}`],
  // Loopback ports are allocated per run.
  [/\b(127\.0\.0\.1|localhost):\d{2,5}\b/g, `$1:${PLACEHOLDER.port}`],
  // ClusterIPs of 10.96.0.0/12 except the first (the `kubernetes` Service's, which every cluster gives it).
  [/\b10\.(9[6-9]|10\d|11[01])\.(\d{1,3})\.(\d{1,3})\b/g, (ip) => (ip === '10.96.0.1' ? ip : PLACEHOLDER.ip)],
];

/** kubectl's relative ages (`5s`, `2m30s`, `3h`, `4d`) as whole words. */
const AGE = /(?<![\w./:-])(\d+d)?(\d+h)?(\d+m)?(\d+s)?(?![\w./:-])/g;

export interface NormaliseOptions {
  identity?: ClusterIdentity;
}

/**
 * Normalises one engine's record. Generated names are found first (every object with metadata.generateName), so
 * that the same names are replaced in kubectl's text output too.
 */
export function normalise(record: unknown, opts: NormaliseOptions = {}): unknown {
  const generated = new Map<string, string>();
  collectGenerated(record, generated);
  const text = (s: string): string => normaliseString(s, opts.identity ?? {}, generated);
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (typeof v === 'string') {
      if (key !== undefined && v !== '' && KEY_PLACEHOLDERS[key] !== undefined) return KEY_PLACEHOLDERS[key];
      return text(v);
    }
    if (Array.isArray(v)) {
      if (key !== undefined && IP_LIST_KEYS.has(key)) return v.map(() => PLACEHOLDER.ip);
      const items = v.map((x) => walk(x, undefined));
      return key === 'managedFields' ? sortManagedFields(items) : items;
    }
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(record, undefined);
}

/**
 * kube-apiserver orders managedFields by operation, then time (whole seconds), then manager and subresource. Times are
 * placeholders here, so the order among entries of one operation would depend on which second each write fell in;
 * entries are ordered as if they all had the same time.
 */
function sortManagedFields(entries: unknown[]): unknown[] {
  const key = (e: unknown): string => {
    const o = (e ?? {}) as Record<string, unknown>;
    return [o.operation, o.manager, o.subresource].map((x) => String(x ?? '')).join('\u0000');
  };
  return [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function collectGenerated(v: unknown, out: Map<string, string>): void {
  if (Array.isArray(v)) {
    for (const x of v) collectGenerated(x, out);
    return;
  }
  if (v === null || typeof v !== 'object') return;
  const o = v as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  if (meta && typeof meta.generateName === 'string' && typeof meta.name === 'string' && meta.name.startsWith(meta.generateName)
    && isSuffix(meta.name.slice(meta.generateName.length))) {
    out.set(meta.name, `${meta.generateName}${PLACEHOLDER.suffix}`);
  }
  for (const x of Object.values(o)) collectGenerated(x, out);
}

/** True for a generated name suffix: five characters of the generator's alphabet. */
export function isSuffix(s: string): boolean {
  return s.length === 5 && [...s].every((ch) => SUFFIX_ALPHABET.includes(ch));
}

export function normaliseString(input: string, identity: ClusterIdentity, generated: Map<string, string> = new Map()): string {
  let s = input;
  for (const p of identity.paths ?? []) s = s.split(p).join(PLACEHOLDER.path);
  if (identity.server) s = s.split(identity.server).join(PLACEHOLDER.server);
  if (identity.token) s = s.split(identity.token).join(PLACEHOLDER.token);
  if (identity.gitVersion) s = s.split(identity.gitVersion).join(PLACEHOLDER.version);
  for (const [name, replacement] of generated) s = s.split(name).join(replacement);
  // (String.replace has one overload per replacement type.)
  for (const [re, replacement] of STRING_RULES) s = typeof replacement === 'string' ? s.replace(re, replacement) : s.replace(re, replacement);
  s = s.replace(AGE, (m: string) => (m === '' ? m : PLACEHOLDER.age));
  // kubectl pads columns to the widest cell; after the placeholders the widths no longer mean anything.
  if (s.includes('\n') || / {3,}/.test(s)) s = s.replace(/ {2,}/g, '   ').replace(/ +$/gm, '');
  return s;
}
