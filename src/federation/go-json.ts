// The bytes Go's encoding/json produces for a value decoded from JSON (maps, slices, float64, string, bool, nil).
// KubeFed hashes these bytes into PropagatedVersion `templateVersion`/`overridesVersion`; producing the same bytes
// lets a controller take over version records written by KubeFed without rewriting every member object.

/** Thrown for values Go's encoder rejects (non-finite numbers) or that JSON cannot hold. */
export class GoJsonError extends Error {
  override readonly name = 'GoJsonError';
}

const hex = (c: number): string => `\\u${c.toString(16).padStart(4, '0')}`;

/**
 * Go's string encoding with HTML escaping on (json.Marshal and json.Encoder default): `"` and `\` escaped, `\n`
 * `\r` `\t` short forms, other control characters and `<` `>` `&` U+2028 U+2029 as \u00XX (Go before 1.22, which
 * KubeFed was built with, writes \b and \f as \u0008 and \u000c). Lone surrogates become U+FFFD, as Go does for
 * invalid UTF-8.
 */
function encodeString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i] + s[i + 1];
        i++;
      } else {
        out += '\ufffd';
      }
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\ufffd';
      continue;
    }
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x3c:
      case 0x3e:
      case 0x26:
      case 0x2028:
      case 0x2029:
        out += hex(c);
        break;
      default:
        out += c < 0x20 ? hex(c) : s[i];
    }
  }
  return `${out}"`;
}

/**
 * Go's float64 formatting: shortest round-trip digits, plain notation for 1e-6 ≤ |f| < 1e21 and exponent notation
 * outside with a minimal exponent (`1e-7`, `1e+21`). JavaScript's Number#toString follows the same rules, except
 * that Go keeps the sign of negative zero.
 */
function encodeNumber(n: number): string {
  if (!Number.isFinite(n)) throw new GoJsonError(`json: unsupported value: ${n}`);
  return Object.is(n, -0) ? '-0' : String(n);
}

// Go sorts map keys by their UTF-8 bytes; UTF-16 order differs for characters above U+FFFF versus U+E000–U+FFFF.
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Encodes `value` exactly as Go's json.Marshal would encode its decoded form (no trailing newline). */
export function goJsonMarshal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return encodeNumber(value);
    case 'string':
      return encodeString(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => goJsonMarshal(v)).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
      entries.sort(([a], [b]) => compareUtf8(a, b));
      return `{${entries.map(([k, v]) => `${encodeString(k)}:${goJsonMarshal(v)}`).join(',')}}`;
    }
    default:
      throw new GoJsonError(`json: unsupported type: ${typeof value}`);
  }
}
