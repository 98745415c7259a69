// Messages and small pure pieces users see: version, flags checks, orphaning, output, completion, klog lines, errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, ConnectionError } from '../client/index.js';
import { isSubset } from './apply.js';
import { completionScript, completionTree } from './completion.js';
import { validateDisableFlags } from './disable.js';
import { CliError, oneLine, userMessage } from './errors.js';
import { federateDocuments, parseSelector } from './federate.js';
import { placementFor } from './federate-conversion.js';
import { klogHeader } from './log.js';
import { orphaningChange, orphaningStatus } from './orphaning.js';
import { parseOutputFormat } from './output.js';
import { buildProgram } from './program.js';
import { formatVersionInfo, versionInfo } from './version.js';

test('version prints Go-style version.Info with the package version', () => {
  const text = formatVersionInfo(versionInfo({}));
  assert.match(text, /^version\.Info\{Version:"v\d+\.\d+\.\d+", GitCommit:"unknown", GitTreeState:"unknown", BuildDate:"unknown", GoVersion:"node[\d.]+", Compiler:"tsc", Platform:"[a-z0-9]+\/[a-z0-9]+"\}$/);
  assert.match(formatVersionInfo(versionInfo({ KUBEFED_GIT_COMMIT: 'abc123' })), /GitCommit:"abc123"/);
});

const disableFlagCases: [Parameters<typeof validateDisableFlags>[0], string | undefined][] = [
  [{ deleteCrd: false }, undefined],
  [{ deleteCrd: true, version: 'v1', federatedGroup: 'g' }, undefined],
  [{ deleteCrd: false, version: 'v1' }, '--version flag valid only with --delete-crd'],
  [{ deleteCrd: false, federatedGroup: 'g' }, '--federated-group flag valid only with --delete-crd'],
];
for (const [opts, message] of disableFlagCases) {
  test(`disable flags ${JSON.stringify(opts)}`, () => {
    if (message === undefined) validateDisableFlags(opts);
    else assert.throws(() => validateDisableFlags(opts), (err: unknown) => err instanceof CliError && err.message === message);
  });
}

test('orphaning-deletion toggles kubefed.io/orphan and reports the status', () => {
  const plain = { apiVersion: 'types.kubefed.io/v1beta1', kind: 'FederatedDeployment', metadata: { name: 'web', annotations: { keep: 'me' } } };
  const enabled = orphaningChange(plain, 'enable');
  assert.deepEqual(enabled?.metadata.annotations, { keep: 'me', 'kubefed.io/orphan': 'true' });
  assert.equal(orphaningStatus(plain), 'Disabled');
  assert.equal(orphaningStatus(enabled ?? plain), 'Enabled');
  assert.equal(orphaningChange(enabled ?? plain, 'enable'), undefined, 'enabling twice changes nothing');
  assert.deepEqual(orphaningChange(enabled ?? plain, 'disable')?.metadata.annotations, { keep: 'me' });
  assert.equal(orphaningChange(plain, 'disable'), undefined);
});

test('output formats: yaml and json only', () => {
  assert.equal(parseOutputFormat('yaml'), 'yaml');
  assert.equal(parseOutputFormat(undefined), undefined);
  assert.throws(() => parseOutputFormat('wide'), /unable to match a printer suitable for the output format "wide"; allowed formats are: json, yaml/);
});

test('errors: connection failures say what to check, messages are one line', () => {
  assert.match(userMessage(new ConnectionError('cluster2', 'cluster "cluster2" is not reachable: connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED')), /^cluster "cluster2" is not reachable: .*\(is the cluster running/);
  assert.equal(userMessage(new ApiError(403, 'Forbidden', 'secrets is forbidden')), 'secrets is forbidden');
  assert.equal(oneLine('a\n  b\nc'), 'a; b; c');
});

test('subset comparison ignores server-added fields but not changed ones', () => {
  assert.equal(isSubset({ spec: { a: 1 } }, { spec: { a: 1, b: 2 }, status: {} }), true);
  assert.equal(isSubset({ spec: { a: 1 } }, { spec: { a: 2 } }), false);
  assert.equal(isSubset({ list: [1, 2] }, { list: [1, 2, 3] }), false);
});

test('klog header: severity, date, microseconds, pid and source', () => {
  assert.equal(klogHeader('I', new Date(2024, 9, 24, 8, 5, 38, 12), 4242, 'join'), 'I1024 08:05:38.012000    4242 join]');
});

test('--cluster-selector parsing', () => {
  assert.deepEqual(parseSelector('region=eu, tier=gold'), { region: 'eu', tier: 'gold' });
  assert.throws(() => parseSelector('region'), /invalid --cluster-selector entry "region"/);
});

test('federate -f converts every document and List item with the default federated types', () => {
  const text = `apiVersion: v1
kind: ConfigMap
metadata: {name: a, namespace: n}
data: {k: v}
---
apiVersion: v1
kind: List
items:
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: d, namespace: n}
  spec: {replicas: 1}
metadata: {}
---
`;
  const { objects } = federateDocuments(text, 'f.yaml', placementFor({}));
  assert.deepEqual(objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`), [
    'types.kubefed.io/v1beta1 FederatedConfigMap n/a',
    'types.kubefed.io/v1beta1 FederatedDeployment n/d',
  ]);
  assert.deepEqual(objects[0]?.spec.template, { data: { k: 'v' } });
  assert.throws(() => federateDocuments('just: text\n', 'f.yaml', placementFor({})), /f\.yaml contains a document that is not a Kubernetes object/);
});

test('completion covers every command and flag of the program', () => {
  const program = buildProgram();
  const tree = completionTree(program);
  const root = tree.find((n) => n.path === '');
  assert.deepEqual(root?.subcommands, ['version', 'init', 'join', 'unjoin', 'enable', 'disable', 'federate', 'orphaning-deletion', 'plan-replicas', 'completion']);
  const join = tree.find((n) => n.path === 'join');
  for (const flag of ['--cluster-context', '--secret-name', '--error-on-existing', '--host-cluster-context', '--kubefed-namespace', '--dry-run', '--v']) assert.ok(join?.flags.includes(flag), flag);
  assert.deepEqual(tree.find((n) => n.path === 'orphaning-deletion')?.subcommands, ['enable', 'disable', 'status']);
  const bash = completionScript(program, 'bash');
  assert.match(bash, /complete -F _kubefedctl kubefedctl/);
  assert.match(bash, /'orphaning-deletion status'\) words='[^']*--namespace/);
  assert.match(completionScript(program, 'zsh'), /^#compdef kubefedctl/);
  assert.throws(() => completionScript(program, 'fish'), /unsupported shell "fish"/);
});
