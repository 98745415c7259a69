// Name rules and generateName, with Kubernetes' exact messages (k8s.io/apimachinery/pkg/util/validation and
// pkg/api/validation/path, apiserver/pkg/storage/names/generate.go).
import type { StatusCause } from '../../common/object.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function invalidName(name: string, why: string): StatusCause {
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(name)}: ${why}`, field: 'metadata.name' };
}

/** Causes for an invalid metadata.name (empty when valid). */
export function validateName(name: string, rule: 'subdomain' | 'label' | 'path'): StatusCause[] {
  const out: StatusCause[] = [];
  if (rule === 'path') {
    // pkg/api/validation/path IsValidPathSegmentName: RBAC names may be almost anything but these.
    if (name === '.' || name === '..') out.push(invalidName(name, `may not be '${name}'`));
    for (const bad of ['/', '%']) if (name.includes(bad)) out.push(invalidName(name, `may not contain '${bad}'`));
    return out;
  }
  if (rule === 'label') {
    if (name.length > 63) out.push(invalidName(name, 'must be no more than 63 characters'));
    if (!DNS1123_LABEL.test(name)) out.push(invalidName(name, LABEL_MSG));
    return out;
  }
  if (name.length > 253) out.push(invalidName(name, 'must be no more than 253 characters'));
  if (!DNS1123_SUBDOMAIN.test(name)) out.push(invalidName(name, SUBDOMAIN_MSG));
  return out;
}

// The alphabet and length of Kubernetes' SimpleNameGenerator (no vowels, so no words).
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const RANDOM_LENGTH = 5;
const MAX_GENERATED_NAME_LENGTH = 63 - RANDOM_LENGTH;

export function generateName(base: string): string {
  const prefix = base.length > MAX_GENERATED_NAME_LENGTH ? base.slice(0, MAX_GENERATED_NAME_LENGTH) : base;
  let s = prefix;
  for (let i = 0; i < RANDOM_LENGTH; i++) s += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return s;
}

/** RFC 3339 with whole seconds and "Z", as metav1.Time serialises. */
export function nowTimestamp(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
