// CEL building blocks for the CRD rules. Only standard Kubernetes CEL is used (macros, `matches`, `duration()`,
// `getMilliseconds()`, `has()`, `oldSelf`), nothing newer than Kubernetes 1.25 and no `reason`/`fieldPath`/
// `messageExpression` (1.27–1.28), so every supported cluster accepts the CRDs as written.
import {
  DNS1035_LABEL_FORMAT,
  DNS1035_LABEL_MESSAGE,
  DNS1123_SUBDOMAIN_FORMAT,
  DNS1123_SUBDOMAIN_MESSAGE,
  GREATER_THAN_ZERO_MESSAGE,
} from '../validation.js';
import { rule } from './schema.js';
import type { ValidationRule } from './schema.js';

/** A CEL single-quoted string literal holding `text` exactly (backslashes and quotes escaped). */
export function celString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `self.matches('^(?:<regex>)$')`: a whole-string match. The regex must be valid RE2 and JavaScript. */
export function celMatches(regex: string, subject = 'self'): string {
  return `${subject}.matches(${celString(`^(?:${regex})$`)})`;
}

/**
 * Go's time.ParseDuration grammar, so bad durations fail as a schema pattern before `duration()` sees them
 * (a CEL evaluation error would otherwise be the only message).
 */
export const GO_DURATION_PATTERN = '^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$';

export const positiveDurationRule = (): ValidationRule => rule("duration(self) > duration('0s')", GREATER_THAN_ZERO_MESSAGE);
export const positiveIntRule = (): ValidationRule => rule('self > 0', GREATER_THAN_ZERO_MESSAGE);
export const dns1035LabelRule = (): ValidationRule => rule(celMatches(DNS1035_LABEL_FORMAT), DNS1035_LABEL_MESSAGE);
/** A Kind is valid when its lowercase form is a DNS-1035 label (KubeFed's ValidateAPIResource). */
export const kindRule = (): ValidationRule => rule(celMatches('[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?'), DNS1035_LABEL_MESSAGE);
export const dns1123SubdomainRule = (): ValidationRule => rule(celMatches(DNS1123_SUBDOMAIN_FORMAT), DNS1123_SUBDOMAIN_MESSAGE);
export const optionalDns1123SubdomainRule = (): ValidationRule =>
  rule(`self == '' || ${celMatches(DNS1123_SUBDOMAIN_FORMAT)}`, DNS1123_SUBDOMAIN_MESSAGE);
