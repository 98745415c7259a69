import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTokenLine, newToken, parseTokenFile } from './tokens.js';

describe('token file', () => {
  const cases: { name: string; text: string; want: ReturnType<typeof parseTokenFile> }[] = [
    {
      name: 'quoted groups',
      text: 'abc,kubernetes-admin,kubernetes-admin,"system:masters,system:authenticated"\n',
      want: [{ token: 'abc', user: 'kubernetes-admin', uid: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] }],
    },
    { name: 'no groups', text: 't1,alice,42\n', want: [{ token: 't1', user: 'alice', uid: '42', groups: [] }] },
    { name: 'unquoted single group', text: 't2,bob,7,dev', want: [{ token: 't2', user: 'bob', uid: '7', groups: ['dev'] }] },
    { name: 'comments and blanks', text: '# admins\n\n  \nt3,c,1,"g"\n', want: [{ token: 't3', user: 'c', uid: '1', groups: ['g'] }] },
    { name: 'malformed line', text: 'only-a-token\n', want: [] },
  ];
  for (const c of cases) {
    it(`parses ${c.name}`, () => assert.deepEqual(parseTokenFile(c.text), c.want));
  }

  it('round-trips what it writes', () => {
    const entry = { token: newToken(), user: 'kubernetes-admin', uid: 'kubernetes-admin', groups: ['system:masters'] };
    assert.deepEqual(parseTokenFile(formatTokenLine(entry)), [entry]);
  });

  it('makes distinct 32-byte tokens', () => {
    const a = newToken();
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.notEqual(a, newToken());
  });
});
