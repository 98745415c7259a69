import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { renderKubeconfig } from './kubeconfig.js';

describe('renderKubeconfig', () => {
  it('names context, cluster and user after the cluster and inlines the CA', () => {
    const doc: unknown = parse(
      renderKubeconfig(
        [
          { name: 'cluster1', server: 'https://127.0.0.1:1001', caPem: 'CA1', token: 't1' },
          { name: 'cluster2', server: 'https://127.0.0.1:1002', caPem: 'CA2', token: 't2' },
        ],
        'cluster1',
      ),
    );
    assert.deepEqual(doc, {
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      'current-context': 'cluster1',
      clusters: [
        { name: 'cluster1', cluster: { server: 'https://127.0.0.1:1001', 'certificate-authority-data': Buffer.from('CA1').toString('base64') } },
        { name: 'cluster2', cluster: { server: 'https://127.0.0.1:1002', 'certificate-authority-data': Buffer.from('CA2').toString('base64') } },
      ],
      users: [
        { name: 'cluster1', user: { token: 't1' } },
        { name: 'cluster2', user: { token: 't2' } },
      ],
      contexts: [
        { name: 'cluster1', context: { cluster: 'cluster1', user: 'cluster1' } },
        { name: 'cluster2', context: { cluster: 'cluster2', user: 'cluster2' } },
      ],
    });
  });
});
