import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildProgram, formatStatusTable, simulationRequest } from './cli.js';
import { LocalError } from './errors.js';

describe('formatStatusTable', () => {
  it('aligns columns like kubectl and shows - for a stopped cluster', () => {
    const table = formatStatusTable([
      { name: 'cluster1', port: 40123, server: 'https://127.0.0.1:40123', pid: 777, state: 'Running', nodes: 3, engine: 'kube-apiserver' },
      { name: 'cluster10', port: 5, server: 'https://127.0.0.1:5', state: 'Stopped', nodes: 12, engine: 'kube-apiserver' },
    ]);
    assert.equal(
      table,
      [
        'NAME        PORT    ENGINE           NODES   PID   STATE',
        'cluster1    40123   kube-apiserver   3       777   Running',
        'cluster10   5       kube-apiserver   12      -     Stopped',
      ].join('\n'),
    );
  });
});

describe('up simulation flags', () => {
  const root = mkdtempSync(join(tmpdir(), 'kubefed-local-cli-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  /** Parses `up ARGS` with commander exactly as the CLI does, capturing the options instead of starting clusters. */
  function upOptions(args: string[]): Parameters<typeof simulationRequest>[0] {
    const program = buildProgram().exitOverride();
    const up = program.commands.find((c) => c.name() === 'up');
    assert.ok(up);
    up.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    let captured: Parameters<typeof simulationRequest>[0] | undefined;
    up.action((opts: Parameters<typeof simulationRequest>[0]) => {
      captured = opts;
    });
    program.parse(['node', 'kubefed-local', 'up', '--dir', root, ...args]);
    assert.ok(captured);
    return captured;
  }

  it('no simulation flag asks for nothing, so stored settings stay', () => {
    assert.deepEqual(simulationRequest(upOptions(['--clusters', '2'])), {});
  });

  it('flags apply to every cluster and --cluster-config per cluster', () => {
    const file = join(root, 'f.yaml');
    writeFileSync(file, 'cluster2:\n  nodes: 1\n  podsPerNode: 2\n  region: eu-west1\n  zones: [eu-west1-a]\n');
    const opts = upOptions(['--nodes', '5', '--pods-per-node', '7', '--region', 'us-east1', '--zones', 'us-east1-b, us-east1-c', '--cluster-config', file]);
    assert.deepEqual(simulationRequest(opts), {
      all: { nodes: 5, podsPerNode: 7, region: 'us-east1', zones: ['us-east1-b', 'us-east1-c'] },
      perCluster: { cluster2: { nodes: 1, podsPerNode: 2, region: 'eu-west1', zones: ['eu-west1-a'] } },
    });
  });

  it('rejects a malformed zone list and a non-numeric node count', () => {
    assert.throws(() => upOptions(['--zones', 'a,,b']), /--zones must be a comma-separated list/);
    assert.throws(() => upOptions(['--nodes', 'three']), /expected a whole number/);
  });

  it('a bad --cluster-config entry is one LocalError naming the cluster and field', () => {
    const file = join(root, 'bad.json');
    writeFileSync(file, JSON.stringify({ cluster2: { nodes: -1 } }));
    assert.throws(() => simulationRequest(upOptions(['--cluster-config', file])), (err: unknown) => {
      assert.ok(err instanceof LocalError);
      assert.match(err.message, /^--cluster-config .*bad\.json: cluster2: "simulation\.nodes" must be a non-negative integer$/);
      return true;
    });
  });
});
