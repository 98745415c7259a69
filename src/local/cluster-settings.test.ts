import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  configuredNodes,
  mergeSimulation,
  parseClusterConfig,
  parseZoneList,
  readClusterConfig,
  simulationFromFlags,
  type ClusterSimulation,
  type SimulationRequest,
} from './cluster-settings.js';
import { LocalError } from './errors.js';

function throwsLocal(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof LocalError, `expected a LocalError, got ${String(err)}`);
    assert.doesNotMatch(err.message, /\n/);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('parseZoneList', () => {
  const cases: [string, string[] | RegExp][] = [
    ['a', ['a']],
    ['eu-west1-a,eu-west1-b', ['eu-west1-a', 'eu-west1-b']],
    [' a , b ', ['a', 'b']],
    ['a,,b', /comma-separated list of zone names, got "a,,b"/],
    ['', /comma-separated/],
  ];
  for (const [input, want] of cases) {
    it(`"${input}"`, () => {
      if (want instanceof RegExp) throwsLocal(() => parseZoneList(input), want);
      else assert.deepEqual(parseZoneList(input), want);
    });
  }
});

describe('simulationFromFlags', () => {
  it('is undefined without flags, so stored settings are not touched', () => {
    assert.equal(simulationFromFlags({}), undefined);
  });
  it('keeps only the flags given, including zero nodes', () => {
    assert.deepEqual(simulationFromFlags({ nodes: 0, zones: ['z'] }), { nodes: 0, zones: ['z'] });
  });
});

describe('parseClusterConfig', () => {
  const cases: { name: string; raw: unknown; want: Record<string, ClusterSimulation> | RegExp }[] = [
    { name: 'an empty file means no settings', raw: null, want: {} },
    {
      name: 'sections per cluster, false turns one off',
      raw: { cluster2: { nodes: 1, podsPerNode: 2, region: 'eu-west1', zones: ['eu-west1-a'] }, cluster3: false },
      want: { cluster2: { nodes: 1, podsPerNode: 2, region: 'eu-west1', zones: ['eu-west1-a'] }, cluster3: false },
    },
    { name: 'a list instead of a map', raw: [1], want: /^f: must map cluster names/ },
    { name: 'a name that is not a cluster', raw: { host: {} }, want: /^f: "host" is not a cluster name/ },
    { name: 'cluster0 is not a cluster', raw: { cluster0: {} }, want: /"cluster0" is not a cluster name/ },
    { name: 'a negative node count', raw: { cluster2: { nodes: -1 } }, want: /^f: cluster2: "simulation\.nodes" must be a non-negative integer$/ },
    { name: 'a fractional capacity', raw: { cluster1: { podsPerNode: 1.5 } }, want: /^f: cluster1: "simulation\.podsPerNode" must be a non-negative integer$/ },
    { name: 'an unknown field', raw: { cluster1: { node: 2 } }, want: /^f: cluster1: unknown field "simulation\.node"$/ },
    { name: 'empty zones', raw: { cluster1: { zones: [] } }, want: /^f: cluster1: "simulation\.zones" must be a non-empty list/ },
    { name: 'a bad load-balancer range', raw: { cluster1: { loadBalancerCidr: '10.0.0.0/33' } }, want: /^f: cluster1: simulation\.loadBalancerCidr: "10\.0\.0\.0\/33" is not an IPv4 CIDR/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      if (c.want instanceof RegExp) {
        const pattern = c.want;
        throwsLocal(() => parseClusterConfig(c.raw, 'f'), pattern);
      } else assert.deepEqual(parseClusterConfig(c.raw, 'f'), c.want);
    });
  }
});

describe('readClusterConfig', () => {
  const root = mkdtempSync(join(tmpdir(), 'kubefed-local-settings-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reads YAML and JSON alike', () => {
    const yamlFile = join(root, 'c.yaml');
    writeFileSync(yamlFile, 'cluster2:\n  nodes: 1\n  zones:\n    - eu-west1-a\n');
    const jsonFile = join(root, 'c.json');
    writeFileSync(jsonFile, '{"cluster2": {"nodes": 1, "zones": ["eu-west1-a"]}}');
    const want = { cluster2: { nodes: 1, zones: ['eu-west1-a'] } };
    assert.deepEqual(readClusterConfig(yamlFile), want);
    assert.deepEqual(readClusterConfig(jsonFile), want);
  });

  it('names a missing or unparsable file in one line', () => {
    throwsLocal(() => readClusterConfig(join(root, 'absent.yaml')), /^--cluster-config .*absent\.yaml: cannot read it \(ENOENT/);
    const broken = join(root, 'broken.yaml');
    writeFileSync(broken, 'cluster2: {nodes: 1\n  other: [\n');
    throwsLocal(() => readClusterConfig(broken), /^--cluster-config .*broken\.yaml: not valid YAML or JSON/);
  });
});

describe('mergeSimulation', () => {
  const cases: { name: string; stored?: ClusterSimulation; request: SimulationRequest; want: ClusterSimulation | undefined }[] = [
    { name: 'nothing stored, nothing asked: defaults', request: {}, want: undefined },
    { name: 'stored settings are kept when nothing is asked', stored: { nodes: 1 }, request: {}, want: { nodes: 1 } },
    { name: 'flags override stored fields and keep the rest', stored: { nodes: 1, region: 'r' }, request: { all: { nodes: 4 } }, want: { nodes: 4, region: 'r' } },
    {
      name: 'the cluster section wins over the flags',
      request: { all: { nodes: 4, podsPerNode: 9 }, perCluster: { cluster2: { nodes: 1 } } },
      want: { nodes: 1, podsPerNode: 9 },
    },
    { name: 'another cluster\'s section does not apply', request: { perCluster: { cluster3: { nodes: 1 } } }, want: undefined },
    { name: 'false in the file turns it off', stored: { nodes: 2 }, request: { all: { nodes: 4 }, perCluster: { cluster2: false } }, want: false },
    { name: 'flags turn a stored false back on', stored: false, request: { all: { nodes: 4 } }, want: { nodes: 4 } },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(mergeSimulation(c.stored, 'cluster2', c.request), c.want));
  }

  it('rejects a combination the API server would refuse, naming the cluster', () => {
    throwsLocal(() => mergeSimulation({ loadBalancerCidr: 'nope' }, 'cluster2', { all: { nodes: 1 } }), /^cluster2: simulation\.loadBalancerCidr/);
  });
});

describe('configuredNodes', () => {
  const cases: [ClusterSimulation | undefined, number][] = [
    [undefined, 3],
    [{ podsPerNode: 2 }, 3],
    [{ nodes: 1 }, 1],
    [false, 0],
  ];
  for (const [sim, want] of cases) {
    it(`${JSON.stringify(sim)} → ${want}`, () => assert.equal(configuredNodes('cluster1', sim), want));
  }
});
