import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLog, formatLine } from './log.js';

test('a log line is time, level, quoted message and key=value pairs, quoting values with spaces', () => {
  const line = formatLine(new Date('2024-01-01T00:00:00Z'), 'info', 'cluster is ready', { cluster: 'c1', message: 'a b', n: 3, skip: undefined });
  assert.equal(line, '2024-01-01T00:00:00.000Z info "cluster is ready" cluster=c1 message="a b" n=3\n');
});

test('--v gates info and debug lines, never warnings and errors', () => {
  const lines: string[] = [];
  const log = createLog(2, (l) => lines.push(l));
  log.info('zero');
  log.v(2).info('two');
  log.v(3).info('three');
  log.debug('debug needs v4');
  log.v(5).warn('warn');
  log.with({ k: 'v' }).error('err');
  assert.deepEqual(lines.map((l) => l.split(' ').slice(1).join(' ').trim()), ['info "zero"', 'info "two"', 'warn "warn"', 'error "err" k=v']);
});
