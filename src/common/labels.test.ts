import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatLabelSelector,
  parseLabelSelector,
  SelectorError,
  selectorFromLabelSelector,
  validateDNS1123Subdomain,
  validateLabelKey,
  validateLabelValue,
} from './labels.js';

const labels = { app: 'web', tier: 'fe', env: 'prod', 'example.com/team': 'a' };

test('parseLabelSelector: matching against a label set', () => {
  const cases: [string, Record<string, string> | undefined, boolean][] = [
    ['', labels, true],
    ['   ', undefined, true],
    ['app=web', labels, true],
    ['app==web', labels, true],
    ['app = web', labels, true],
    ['app=db', labels, false],
    ['app!=db', labels, true],
    ['app!=web', labels, false],
    ['missing!=x', labels, true],
    ['app in (web,db)', labels, true],
    ['app in (db)', labels, false],
    ['app notin (db)', labels, true],
    ['missing notin (db)', labels, true],
    ['app notin (web)', labels, false],
    ['app', labels, true],
    ['missing', labels, false],
    ['!missing', labels, true],
    ['! app', labels, false],
    ['app=web,tier=fe', labels, true],
    ['app=web,tier=be', labels, false],
    ['app=web , !missing , env in ( prod , dev )', labels, true],
    ['example.com/team=a', labels, true],
    ['app=', labels, false],
    ['empty=', { empty: '' }, true],
    ['in=in', { in: 'in' }, true],
    ['notin in (in,notin)', { notin: 'notin' }, true],
    ['app in (,web)', labels, true],
    ['x in (a,)', { x: '' }, true],
    ['n>3', { n: '4' }, true],
    ['n>3', { n: '3' }, false],
    ['n<3', { n: 'x' }, false],
    ['app=web', undefined, false],
    ['!app', undefined, true],
  ];
  for (const [text, set, want] of cases) {
    assert.equal(parseLabelSelector(text).matches(set), want, `${text} on ${JSON.stringify(set)}`);
  }
});

test('parseLabelSelector: canonical string form sorts requirements and values', () => {
  const cases: [string, string][] = [
    ['tier=fe,app=web', 'app=web,tier=fe'],
    ['app in (db, web, db)', 'app in (db,web)'],
    ['!b,a', 'a,!b'],
    ['a==b', 'a==b'],
    ['a!=b', 'a!=b'],
    ['x notin (z,y)', 'x notin (y,z)'],
    ['', ''],
  ];
  for (const [text, want] of cases) assert.equal(parseLabelSelector(text).toString(), want, text);
  assert.equal(parseLabelSelector('').empty, true);
  assert.equal(parseLabelSelector('a').empty, false);
});

test('parseLabelSelector: malformed selectors are rejected with apimachinery messages', () => {
  const cases: [string, RegExp][] = [
    ['app=web,', /found '', expected: identifier after ','/],
    ['app web', /found 'web', expected: in, notin, =, ==, !=, gt, lt/],
    ['app in web', /found 'web' expected: '\('/],
    ['app in ()', /values set can't be empty/],
    ['app in (a b)', /found 'b', expected: ',' or '\)'/],
    ['a=b=c', /found '=', expected: ',' or 'end of string'/],
    ['a=(', /found '\(', expected: identifier/],
    ['a=b c', /found 'c', expected: ',' or 'end of string'/],
    ['Bad Key=x', /found 'Key'/],
    ['-bad=x', /invalid label key "-bad"/],
    ['a=-bad', /invalid label value: "-bad": at key: "a"/],
    [',a', /found ',', expected: !, identifier, or 'end of string'/],
    ['n>x', /must be an integer/],
  ];
  for (const [text, want] of cases) {
    assert.throws(() => parseLabelSelector(text), (e: unknown) => e instanceof SelectorError && want.test(e.message), text);
  }
});

test('selectorFromLabelSelector: metav1.LabelSelector semantics', () => {
  const cases: [Parameters<typeof selectorFromLabelSelector>[0], Record<string, string> | undefined, boolean][] = [
    [null, labels, false],
    [undefined, {}, false],
    [{}, labels, true],
    [{}, undefined, true],
    [{ matchLabels: {}, matchExpressions: [] }, labels, true],
    [{ matchLabels: { app: 'web' } }, labels, true],
    [{ matchLabels: { app: 'db' } }, labels, false],
    [{ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] }, labels, true],
    [{ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, labels, false],
    [{ matchExpressions: [{ key: 'region', operator: 'NotIn', values: ['eu'] }] }, labels, true],
    [{ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, labels, true],
    [{ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, labels, false],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] }, labels, false],
  ];
  for (const [ls, set, want] of cases) {
    assert.equal(selectorFromLabelSelector(ls).matches(set), want, JSON.stringify(ls));
  }
});

test('selectorFromLabelSelector: invalid selectors name the problem', () => {
  const cases: [Parameters<typeof selectorFromLabelSelector>[0], string | RegExp][] = [
    [{ matchExpressions: [{ key: 'a', operator: 'Foo' }] }, '"Foo" is not a valid pod selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, "for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn' }] }, "for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'values set must be empty for exists and does not exist'],
    [{ matchLabels: { 'a/b/c': 'x' } }, /^invalid label key "a\/b\/c": a qualified name must consist of/],
    [{ matchLabels: { a: 'x'.repeat(64) } }, /must be no more than 63 characters/],
  ];
  for (const [ls, want] of cases) {
    assert.throws(() => selectorFromLabelSelector(ls), (e: unknown) =>
      e instanceof SelectorError && (typeof want === 'string' ? e.message === want : want.test(e.message)), JSON.stringify(ls));
  }
});

test('formatLabelSelector: what -o wide prints', () => {
  assert.equal(formatLabelSelector({ matchLabels: { app: 'web' } }), 'app=web');
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector(null), '<none>');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bad' }] }), '<error>');
});

test('validateLabelKey / validateLabelValue / validateDNS1123Subdomain', () => {
  assert.deepEqual(validateLabelKey('app.kubernetes.io/name'), []);
  assert.deepEqual(validateLabelKey('MyKey_1'), []);
  assert.deepEqual(validateLabelKey('/name'), ['prefix part must be non-empty']);
  assert.equal(validateLabelKey('Example.com/x')[0]?.startsWith('prefix part a lowercase RFC 1123 subdomain'), true);
  assert.equal(validateLabelKey('')[0], 'name part must be non-empty');
  assert.equal(validateLabelKey('x'.repeat(64))[0], 'name part must be no more than 63 characters');
  assert.equal(validateLabelKey('-x')[0],
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  assert.deepEqual(validateLabelValue(''), []);
  assert.deepEqual(validateLabelValue('v1.2_3-x'), []);
  assert.equal(validateLabelValue('a b').length, 1);
  assert.deepEqual(validateDNS1123Subdomain('web.example'), []);
  assert.equal(validateDNS1123Subdomain('Bad_Name')[0],
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
});
