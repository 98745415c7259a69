import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ABSENT, compare } from './compare.js';
import { globToRegExp, parseAccepted, triage } from './accepted.js';

test('equal records give no differences; key order does not count, array order does', () => {
  assert.deepEqual(compare('s', { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }), []);
  assert.deepEqual(compare('s', { b: [1, 2] }, { b: [2, 1] }).map((d) => d.path), ['b[0]', 'b[1]']);
});

test('paths quote keys with dots or slashes, and a missing side is <absent>', () => {
  const d = compare('s', { data: { 'ca.crt': 'x' }, meta: { labels: {} } }, { data: {}, meta: { labels: { 'a/b': 'y' } } });
  assert.deepEqual(d, [
    { scenario: 's', path: 'data["ca.crt"]', builtin: 'x', real: ABSENT },
    { scenario: 's', path: 'meta.labels["a/b"]', builtin: ABSENT, real: 'y' },
  ]);
  assert.deepEqual(compare('s', { k: undefined }, {}), [], 'undefined is absent');
});

test('globs: * stays within a segment, ** crosses segments', () => {
  assert.ok(globToRegExp('a.*.c').test('a.b.c'));
  assert.ok(!globToRegExp('a.*').test('a.b.c'));
  assert.ok(globToRegExp('a.**').test('a.b.c'));
  assert.ok(globToRegExp('*[*].image').test('merged[2].image'));
  assert.ok(globToRegExp('["v1 *"]').test('["v1 pods"]'));
  assert.ok(!globToRegExp('["v1 *"]').test('["v1 pods"].verbs[0]'));
});

const DOC = `
| id | scenario | paths | what | why |
|---|---|---|---|---|
| \`x.one\` | \`area.s1\` | \`a.b\` \`c.**\` | ... | ... |
| \`x.two\` | \`area.*\` | \`z\` | ... | ... |
| x.unchecked | somewhere | not parsed | ... | ... |
`;

test('the accepted list: backticked rows only; unlisted differences and stale rows are reported', () => {
  const accepted = parseAccepted(DOC);
  assert.deepEqual(accepted, [{ id: 'x.one', scenario: 'area.s1', paths: ['a.b', 'c.**'] }, { id: 'x.two', scenario: 'area.*', paths: ['z'] }]);
  const diffs = [
    { scenario: 'area.s1', path: 'a.b', builtin: 1, real: 2 },
    { scenario: 'area.s1', path: 'c.d.e', builtin: 1, real: 2 },
    { scenario: 'area.s1', path: 'q', builtin: 1, real: 2 },
  ];
  const v = triage(diffs, accepted, new Set(['area.s1', 'area.s2']));
  assert.deepEqual(v.unlisted.map((d) => d.path), ['q']);
  assert.deepEqual(v.stale.map((a) => a.id), ['x.two']);
  assert.equal(v.used.get('x.one'), 2);
  assert.deepEqual(triage([], accepted, new Set(['other.s'])).stale, [], 'rows of scenarios that did not run are not stale');
  assert.throws(() => parseAccepted(`| \`d\` | \`s\` | \`p\` |\n| \`d\` | \`s\` | \`p\` |`), /appears twice/);
});
