import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatStatusTable } from './cli.js';

describe('formatStatusTable', () => {
  it('aligns columns like kubectl and shows - for a stopped cluster', () => {
    const table = formatStatusTable([
      { name: 'cluster1', port: 40123, server: 'https://127.0.0.1:40123', pid: 777, state: 'Running' },
      { name: 'cluster10', port: 5, server: 'https://127.0.0.1:5', state: 'Stopped' },
    ]);
    assert.equal(
      table,
      ['NAME        PORT    PID   STATE', 'cluster1    40123   777   Running', 'cluster10   5       -     Stopped'].join('\n'),
    );
  });
});
