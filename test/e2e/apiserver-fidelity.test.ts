// kubectl fidelity of the local API server, with the real kubectl: protobuf creates (1.32, 1.33), server-side apply,
// CEL rules, garbage collection policies, server dry-run, diff, explain, and a core flow (apply, get, patch, watch,
// delete) with kubectl 1.27, 1.29, 1.31 and 1.33 run directly (bypassing the gcloud dispatcher).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { fails, ok, run, startClusters, startCommand, waitFor, type CommandResult } from './harness.js';

const c = await startClusters(1);

const KUBECTL_DIR = dirname(realpathSync(execFileSync('sh', ['-c', 'command -v kubectl']).toString().trim()));

/** Runs one pinned kubectl (kubectl.1.NN) with its own discovery cache. */
function versioned(minor: number, args: string[], input?: string): Promise<CommandResult> {
  const cache = join(c.home, `cache-1.${minor}`);
  mkdirSync(cache, { recursive: true });
  return run(join(KUBECTL_DIR, `kubectl.1.${minor}`), [`--kubeconfig=${c.kubeconfig}`, `--cache-dir=${cache}`, ...args], {
    env: { HOME: c.home, KUBECONFIG: '' }, ...(input === undefined ? {} : { input }),
  });
}

const deployment = (name: string, replicas: number, image = 'nginx:1.25'): string => stringify({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default', labels: { app: name } },
  spec: {
    replicas, selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
  },
});

for (const minor of [32, 33]) {
  test(`kubectl 1.${minor} creates a namespace and a configmap (protobuf bodies)`, async () => {
    const ns = `proto-${minor}`;
    assert.match(ok(await versioned(minor, ['create', 'namespace', ns])), new RegExp(`namespace/${ns} created`));
    assert.match(ok(await versioned(minor, ['create', 'configmap', 'cm1', '-n', ns, '--from-literal=a=b'])), /configmap\/cm1 created/);
    assert.equal(ok(await versioned(minor, ['get', 'configmap', 'cm1', '-n', ns, '-o', 'jsonpath={.data.a}'])), 'b');
  });
}

test('apply --server-side creates, updates, reports a conflict, and --force-conflicts takes the field', async () => {
  const f = c.writeFile('ssa.yaml', deployment('ssa', 1));
  assert.match(ok(await c.kubectl(['apply', '--server-side', '-f', f])), /deployment.apps\/ssa serverside-applied/);
  const f2 = c.writeFile('ssa2.yaml', deployment('ssa', 2));
  assert.match(ok(await c.kubectl(['apply', '--server-side', '-f', f2])), /serverside-applied/);
  assert.equal(ok(await c.kubectl(['get', 'deploy', 'ssa', '-o', 'jsonpath={.spec.replicas}'])), '2');
  const f3 = c.writeFile('ssa3.yaml', deployment('ssa', 4));
  const conflict = await c.kubectl(['apply', '--server-side', '--field-manager=other', '-f', f3]);
  fails(conflict, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas/);
  assert.match(conflict.stderr, /--force-conflicts/);
  assert.match(ok(await c.kubectl(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', f3])), /serverside-applied/);
  assert.equal(ok(await c.kubectl(['get', 'deploy', 'ssa', '-o', 'jsonpath={.spec.replicas}'])), '4');
});

const RULES_CRD = stringify({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gates.fidelity.example.com' },
  spec: {
    group: 'fidelity.example.com', scope: 'Namespaced', names: { plural: 'gates', singular: 'gate', kind: 'Gate' },
    versions: [{
      name: 'v1', served: true, storage: true,
      schema: { openAPIV3Schema: { type: 'object', properties: { spec: {
        type: 'object',
        properties: {
          minReplicas: { type: 'integer' }, maxReplicas: { type: 'integer' },
          region: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'region is immutable' }] },
        },
        'x-kubernetes-validations': [{ rule: 'self.minReplicas <= self.maxReplicas', message: 'minReplicas must not exceed maxReplicas' }],
      } } } },
    }],
  },
});

const gate = (min: number, max: number, region: string): string => stringify({
  apiVersion: 'fidelity.example.com/v1', kind: 'Gate', metadata: { name: 'g1', namespace: 'default' }, spec: { minReplicas: min, maxReplicas: max, region },
});

test('a CEL rule rejects an object with its message; a transition rule rejects an immutable-field change', async () => {
  ok(await c.kubectl(['apply', '-f', c.writeFile('gates-crd.yaml', RULES_CRD)]));
  const bad = await c.kubectl(['apply', '-f', c.writeFile('gate-bad.yaml', gate(5, 2, 'eu'))]);
  fails(bad, /The Gate "g1" is invalid: spec: Invalid value: (?:"object": )?minReplicas must not exceed maxReplicas/);
  ok(await c.kubectl(['apply', '-f', c.writeFile('gate-ok.yaml', gate(1, 2, 'eu'))]));
  const moved = await c.kubectl(['apply', '-f', c.writeFile('gate-moved.yaml', gate(1, 2, 'us'))]);
  fails(moved, /spec\.region: Invalid value: "(?:string|us)": region is immutable/);
  assert.equal(ok(await c.kubectl(['get', 'gate', 'g1', '-o', 'jsonpath={.spec.region}'])), 'eu');
});

async function ownedPair(owner: string): Promise<void> {
  ok(await c.kubectl(['create', 'configmap', owner]));
  const uid = ok(await c.kubectl(['get', 'configmap', owner, '-o', 'jsonpath={.metadata.uid}']));
  const dep = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${owner}-dep`, namespace: 'default', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner, uid, blockOwnerDeletion: true }] } };
  ok(await c.kubectl(['apply', '-f', c.writeFile(`${owner}-dep.yaml`, stringify(dep))]));
}

test('delete --cascade=foreground removes the dependents and then the owner', async () => {
  await ownedPair('fg');
  assert.match(ok(await c.kubectl(['delete', 'configmap', 'fg', '--cascade=foreground'])), /configmap "fg" deleted/);
  fails(await c.kubectl(['get', 'configmap', 'fg']), /NotFound/);
  fails(await c.kubectl(['get', 'configmap', 'fg-dep']), /NotFound/);
});

test('delete --cascade=orphan keeps the dependents without the owner reference', async () => {
  await ownedPair('orph');
  ok(await c.kubectl(['delete', 'configmap', 'orph', '--cascade=orphan']));
  fails(await c.kubectl(['get', 'configmap', 'orph']), /NotFound/);
  await waitFor(async () => ok(await c.kubectl(['get', 'configmap', 'orph-dep', '-o', 'jsonpath={.metadata.ownerReferences}'])) === '', 10_000, 'owner reference removed');
});

test('apply --dry-run=server reports without changing anything; diff shows the change and exits 1', async () => {
  ok(await c.kubectl(['apply', '-f', c.writeFile('dry.yaml', deployment('dry', 1))]));
  const changed = c.writeFile('dry2.yaml', deployment('dry', 3, 'nginx:1.26'));
  assert.match(ok(await c.kubectl(['apply', '--dry-run=server', '-f', changed])), /deployment.apps\/dry configured \(server dry run\)/);
  assert.equal(ok(await c.kubectl(['get', 'deploy', 'dry', '-o', 'jsonpath={.spec.replicas}'])), '1');
  const fresh = c.writeFile('dry-new.yaml', deployment('dry-new', 1));
  assert.match(ok(await c.kubectl(['apply', '--dry-run=server', '-f', fresh])), /dry-new created \(server dry run\)/);
  fails(await c.kubectl(['get', 'deploy', 'dry-new']), /NotFound/);
  const diff = await c.kubectl(['diff', '-f', changed]);
  assert.equal(diff.code, 1, diff.stderr);
  assert.match(diff.stdout, /^- {2}replicas: 1$/m);
  assert.match(diff.stdout, /^\+ {2}replicas: 3$/m);
  assert.match(diff.stdout, /^\+ +- image: nginx:1\.26$/m, diff.stdout);
  const same = await c.kubectl(['diff', '-f', c.writeFile('dry-same.yaml', deployment('dry', 1))]);
  assert.equal(same.code, 0, same.stdout + same.stderr);
  assert.equal(ok(await c.kubectl(['get', 'deploy', 'dry', '-o', 'jsonpath={.spec.replicas}'])), '1');
});

test('explain deployment.spec.replicas prints the field and its type', async () => {
  const out = ok(await c.kubectl(['explain', 'deployment.spec.replicas']));
  assert.match(out, /KIND:\s+Deployment/);
  assert.match(out, /GROUP:\s+apps/);
  assert.match(out, /VERSION:\s+v1/);
  assert.match(out, /FIELD:\s+replicas <integer>/);
  const spec = ok(await c.kubectl(['explain', 'deployment.spec']));
  assert.match(spec, /selector\s+<LabelSelector> -required-/);
  assert.match(spec, /template\s+<PodTemplateSpec> -required-/);
});

test('strict field validation names an unknown nested field of a built-in kind', async () => {
  const bad = deployment('strict', 1).replace('replicas: 1', 'replicas: 1\n  foo: bar');
  fails(await c.kubectl(['apply', '-f', c.writeFile('strict.yaml', bad)]), /strict decoding error: unknown field "spec\.foo"/);
});

for (const minor of [27, 29, 31, 33]) {
  test(`core flow with kubectl 1.${minor}: apply, get, patch, watch, delete`, async () => {
    const name = `flow-${minor}`;
    const file = c.writeFile(`${name}.yaml`, deployment(name, 1));
    assert.match(ok(await versioned(minor, ['apply', '-f', file])), new RegExp(`deployment.apps/${name} created`));
    assert.match(ok(await versioned(minor, ['apply', '-f', file])), /unchanged/);
    assert.match(ok(await versioned(minor, ['get', 'deploy', name])), new RegExp(`^${name}\\s`, 'm'));
    const cache = join(c.home, `cache-1.${minor}`);
    const watch = startCommand(join(KUBECTL_DIR, `kubectl.1.${minor}`), [`--kubeconfig=${c.kubeconfig}`, `--cache-dir=${cache}`,
      'get', 'deploy', name, '-w', '-o', 'jsonpath={.spec.replicas}{"\\n"}'], { env: { HOME: c.home, KUBECONFIG: '' } });
    await watch.waitForOutput(/^1$/m);
    assert.match(ok(await versioned(minor, ['patch', 'deploy', name, '-p', '{"spec":{"replicas":3}}'])), /patched/);
    // The simulated Deployment controller writes status while the scale-up rolls out (as on a real cluster), which
    // would make kubectl see a changed object; `patched (no change)` is only meaningful once it has settled.
    ok(await versioned(minor, ['rollout', 'status', 'deploy', name, '--timeout=60s']));
    assert.match(ok(await versioned(minor, ['patch', 'deploy', name, '--type=merge', '-p', '{"spec":{"replicas":3}}'])), /patched \(no change\)/);
    assert.match(ok(await versioned(minor, ['patch', 'deploy', name, '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":2}]'])), /patched/);
    await watch.waitForOutput(/^3$[\s\S]*^2$/m);
    await watch.stop();
    assert.match(ok(await versioned(minor, ['delete', 'deploy', name])), new RegExp(`deployment.apps "${name}" deleted`));
    const gone = await versioned(minor, ['get', 'deploy', name]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /NotFound/);
  });
}
