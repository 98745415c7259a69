// Domain-name rules shared by zone building and lookup. DNS compares names case-insensitively (RFC 4343) and a
// trailing dot only marks a name as fully qualified, so every name is kept in one canonical form: lower case, no
// trailing dot, '' for the root.

/** RFC 1035 §2.3.4: 255 octets on the wire, which is 253 characters written without the trailing dot. */
const MAX_NAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
/**
 * Host-name letters, digits and hyphens (RFC 1123), plus the underscore ExternalDNS uses for TXT ownership records
 * and service labels such as `_http._tcp`.
 */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * Returns why `name` (canonical) is not a valid domain name, or undefined when it is. A leading `*` label is
 * accepted only when `allowWildcard` is set, as ExternalDNS accepts wildcard endpoints.
 */
export function invalidNameReason(name: string, allowWildcard: boolean): string | undefined {
  if (name === '') return 'must not be empty';
  if (name.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters, not ${name.length}`;
  const labels = name.split('.');
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label === '*' && i === 0 && allowWildcard) continue;
    if (label === '') return 'must not contain an empty label (two dots in a row or a leading dot)';
    if (label.length > MAX_LABEL_LENGTH) return `label "${label}" is longer than ${MAX_LABEL_LENGTH} characters`;
    if (!LABEL.test(label)) {
      return `label "${label}" must consist of letters, digits, '-' and '_', and must not start or end with '-'`;
    }
  }
  return undefined;
}

/** True when canonical `name` is `zone` itself or below it. */
export function isInZone(name: string, zone: string): boolean {
  return zone === '' || name === zone || name.endsWith(`.${zone}`);
}

/** The canonical name one label up, or undefined for the root. */
export function parentName(name: string): string | undefined {
  if (name === '') return undefined;
  const dot = name.indexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1);
}
