import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeFieldValue, fieldValue, parseFieldSelector, SelectorError } from './fields.js';

const event = {
  metadata: { name: 'web.17a', namespace: 'default' },
  involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default', uid: 'u-1' },
  count: 3,
  spec: { unschedulable: false },
  type: 'Normal',
};
const get = (f: string): string | undefined => fieldValue(event, f);

test('parseFieldSelector: matching, in any term order', () => {
  const cases: [string, boolean][] = [
    ['', true],
    ['metadata.name=web.17a', true],
    ['metadata.name==web.17a', true],
    ['metadata.name!=web.17a', false],
    ['metadata.name=other', false],
    ['involvedObject.name=web,involvedObject.namespace=default,involvedObject.kind=Deployment,involvedObject.uid=u-1', true],
    ['involvedObject.uid=u-1,involvedObject.kind=Deployment,involvedObject.namespace=default,involvedObject.name=web', true],
    ['involvedObject.kind=Deployment,involvedObject.name=db', false],
    ['count=3', true],
    ['spec.unschedulable=false', true],
    ['missing=', true],
    ['missing!=', false],
    ['missing!=x', true],
    ['type!=Warning', true],
  ];
  for (const [text, want] of cases) assert.equal(parseFieldSelector(text).matches(get), want, text);
});

test('parseFieldSelector: escapes, canonical string, exact match', () => {
  const s = parseFieldSelector('b=x\\,y,a!=p\\=q');
  assert.deepEqual(s.requirements, [
    { field: 'a', operator: '!=', value: 'p=q' },
    { field: 'b', operator: '=', value: 'x,y' },
  ]);
  assert.equal(s.toString(), 'a!=p\\=q,b=x\\,y');
  assert.equal(s.matches((f) => (f === 'b' ? 'x,y' : 'z')), true);
  assert.equal(parseFieldSelector('metadata.name==web').exactMatch('metadata.name'), 'web');
  assert.equal(parseFieldSelector('metadata.name!=web').exactMatch('metadata.name'), undefined);
  assert.equal(parseFieldSelector('a=1,,b=2').requirements.length, 2);
  assert.equal(parseFieldSelector('').empty, true);
  assert.equal(escapeFieldValue('a\\b,c=d'), 'a\\\\b\\,c\\=d');
});

test('parseFieldSelector: malformed selectors', () => {
  const cases: [string, RegExp][] = [
    ['metadata.name', /invalid selector: 'metadata.name'; can't understand 'metadata.name'/],
    ['a=b\\x', /invalid escape sequence: \\x/],
    ['a=b=c', /unescaped character in value: =/],
  ];
  for (const [text, want] of cases) {
    assert.throws(() => parseFieldSelector(text), (e: unknown) => e instanceof SelectorError && want.test(e.message), text);
  }
});

test('fieldValue: scalars only', () => {
  assert.equal(fieldValue(event, 'involvedObject.kind'), 'Deployment');
  assert.equal(fieldValue(event, 'count'), '3');
  assert.equal(fieldValue(event, 'involvedObject'), undefined);
  assert.equal(fieldValue(event, 'nope.deeper'), undefined);
  assert.equal(fieldValue(null, 'a'), undefined);
});
