import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DurationError,
  formatDuration,
  formatDurationNanos,
  isDuration,
  parseDuration,
  parseDurationNanos,
} from './duration.js';

test('parseDurationNanos accepts what Go time.ParseDuration accepts', () => {
  const cases: [string, bigint][] = [
    ['0', 0n],
    ['-0', 0n],
    ['+0', 0n],
    ['5s', 5_000_000_000n],
    ['1500ms', 1_500_000_000n],
    ['5m', 300_000_000_000n],
    ['1h2m3.5s', 3_723_500_000_000n],
    ['1.5h', 5_400_000_000_000n],
    ['.5s', 500_000_000n],
    ['1.s', 1_000_000_000n],
    ['-1.5h', -5_400_000_000_000n],
    ['+20s', 20_000_000_000n],
    ['100ns', 100n],
    ['3us', 3_000n],
    ['3µs', 3_000n],
    ['3μs', 3_000n],
    ['1h1h', 7_200_000_000_000n],
    ['0.000000001s', 1n],
    ['0.0000000019s', 1n],
    ['9223372036854775807ns', 9_223_372_036_854_775_807n],
    ['-9223372036854775808ns', -9_223_372_036_854_775_808n],
  ];
  for (const [text, nanos] of cases) assert.equal(parseDurationNanos(text), nanos, text);
});

test('parseDurationNanos rejects what Go rejects, naming the value', () => {
  const cases: [string, string][] = [
    ['', 'time: invalid duration ""'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.s', 'time: invalid duration ".s"'],
    ['5', 'time: missing unit in duration "5"'],
    ['1h5', 'time: missing unit in duration "1h5"'],
    ['5x', 'time: unknown unit "x" in duration "5x"'],
    ['5 s', 'time: unknown unit " s" in duration "5 s"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseDurationNanos(text), (err: unknown) => {
      assert.ok(err instanceof DurationError, text);
      assert.equal(err.message, message);
      assert.equal(err.value, text);
      return true;
    });
  }
});

test('parseDuration returns milliseconds and isDuration reports validity', () => {
  assert.equal(parseDuration('1500ms'), 1500);
  assert.equal(parseDuration('1h2m3.5s'), 3_723_500);
  assert.equal(parseDuration('250us'), 0.25);
  assert.equal(isDuration('10s'), true);
  assert.equal(isDuration('10'), false);
});

test('formatDurationNanos matches Go Duration.String()', () => {
  const cases: [bigint, string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [1_100n, '1.1µs'],
    [2_200_000n, '2.2ms'],
    [1_500_000_000n, '1.5s'],
    [300_000_000_000n, '5m0s'],
    [3_723_500_000_000n, '1h2m3.5s'],
    [3_600_000_000_000n, '1h0m0s'],
    [-5_400_000_000_000n, '-1h30m0s'],
    [9_223_372_036_854_775_807n, '2562047h47m16.854775807s'],
  ];
  for (const [nanos, text] of cases) assert.equal(formatDurationNanos(nanos), text, text);
});

test('formatDuration round-trips through parseDuration', () => {
  for (const text of ['20s', '1m0s', '5m0s', '1.5s', '250ms', '1h2m3.5s']) {
    assert.equal(formatDuration(parseDuration(text)), text);
  }
  assert.throws(() => formatDuration(Number.NaN), RangeError);
});
