// Go `time.Duration` strings (`1500ms`, `1h2m3.5s`, `5m`), as KubeFed's KubeFedConfig and every metav1.Duration
// field carries them. Parsing follows Go's time.ParseDuration exactly (units ns, us, µs, μs, ms, s, m, h; fractions;
// a sign; a bare "0"; int64-nanosecond range) so a value Go accepts is accepted here and vice versa. Exact
// arithmetic uses bigint nanoseconds; the millisecond helpers are for timers.

const NANOS_PER_UNIT: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n], // U+00B5 micro sign
  ['μs', 1_000n], // U+03BC Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

/** Go's time.Duration is an int64 of nanoseconds. */
const MAX_NANOS = (1n << 63n) - 1n;
const MIN_NANOS = -(1n << 63n);

export const NANOS_PER_MILLISECOND = 1_000_000n;

/** A duration string Go would reject; the message names the value, as Go's does. */
export class DurationError extends Error {
  readonly value: string;
  constructor(value: string, message: string) {
    super(message);
    this.name = 'DurationError';
    this.value = value;
  }
}

const quote = (s: string): string => JSON.stringify(s);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Parses a Go duration string into nanoseconds. Throws `DurationError`. */
export function parseDurationNanos(text: string): bigint {
  const invalid = (): DurationError => new DurationError(text, `time: invalid duration ${quote(text)}`);
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid();
    let i = 0;
    while (isDigit(s[i])) i++;
    const whole = s.slice(0, i);
    let fraction = '';
    if (s[i] === '.') {
      i++;
      const start = i;
      while (isDigit(s[i])) i++;
      fraction = s.slice(start, i);
    }
    if (whole === '' && fraction === '') throw invalid();
    s = s.slice(i);
    let u = 0;
    while (u < s.length && s[u] !== '.' && !isDigit(s[u])) u++;
    if (u === 0) throw new DurationError(text, `time: missing unit in duration ${quote(text)}`);
    const unitName = s.slice(0, u);
    const unit = NANOS_PER_UNIT.get(unitName);
    if (unit === undefined) {
      throw new DurationError(text, `time: unknown unit ${quote(unitName)} in duration ${quote(text)}`);
    }
    s = s.slice(u);
    let value = BigInt(whole === '' ? '0' : whole) * unit;
    if (fraction !== '') value += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    total += value;
    if (total > MAX_NANOS + (negative ? 1n : 0n)) throw invalid();
  }
  return negative ? -total : total;
}

/** Parses a Go duration string into (possibly fractional) milliseconds. Throws `DurationError`. */
export function parseDuration(text: string): number {
  return nanosToMilliseconds(parseDurationNanos(text));
}

export function nanosToMilliseconds(nanos: bigint): number {
  const whole = nanos / NANOS_PER_MILLISECOND;
  const rest = nanos % NANOS_PER_MILLISECOND;
  return Number(whole) + Number(rest) / 1e6;
}

/** True when `text` is a duration Go's time.ParseDuration accepts. */
export function isDuration(text: string): boolean {
  try {
    parseDurationNanos(text);
    return true;
  } catch {
    return false;
  }
}

function fractionDigits(value: bigint, scale: bigint, digits: number): string {
  const f = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return f === '' ? '' : `.${f}`;
}

/** Go's Duration.String(): `0s`, `1.5ms`, `500µs`, `1h2m3.5s`, `5m0s`. */
export function formatDurationNanos(nanos: bigint): string {
  if (nanos < MIN_NANOS || nanos > MAX_NANOS) throw new RangeError(`duration ${nanos}ns is outside Go's int64 range`);
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const n = nanos < 0n ? -nanos : nanos;
  if (n < 1_000n) return `${sign}${n}ns`;
  if (n < 1_000_000n) return `${sign}${n / 1_000n}${fractionDigits(n, 1_000n, 3)}µs`;
  if (n < 1_000_000_000n) return `${sign}${n / 1_000_000n}${fractionDigits(n, 1_000_000n, 6)}ms`;
  const seconds = `${(n / 1_000_000_000n) % 60n}${fractionDigits(n, 1_000_000_000n, 9)}s`;
  const totalMinutes = n / 60_000_000_000n;
  if (totalMinutes === 0n) return `${sign}${seconds}`;
  const hours = totalMinutes / 60n;
  const minutes = `${totalMinutes % 60n}m`;
  return hours === 0n ? `${sign}${minutes}${seconds}` : `${sign}${hours}h${minutes}${seconds}`;
}

/** Formats milliseconds (fractions down to the nanosecond) the way Go's Duration.String() does. */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds)) throw new RangeError(`duration ${milliseconds}ms is not finite`);
  return formatDurationNanos(BigInt(Math.round(milliseconds * 1e6)));
}
