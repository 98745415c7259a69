// `npm run demo -- --exit`, end to end: the real demo program starts its clusters and controller manager in a
// temporary folder, replays the walkthrough, stops everything and exits. The tests check what a user reads.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ENGINE, REPO_ROOT, run, runCli } from './harness.js';

const scratch = mkdtempSync(join(tmpdir(), 'kubefed-demo-'));
const dir = join(scratch, 'demo');

after(async () => {
  // Only needed when the demo was killed before it could stop its clusters itself.
  if (existsSync(join(dir, 'state.json'))) await runCli('kubefed-local', ['down', '--dir', dir]);
  rmSync(scratch, { recursive: true, force: true });
});

// A fresh HOME keeps kubectl's discovery cache out of the user's; an empty KUBECONFIG proves the demo sets its own.
const demo = await run(process.execPath, [join(REPO_ROOT, 'dist/src/demo/main.js'), '--exit', '--dir', dir, '--engine', ENGINE], {
  env: { HOME: join(scratch, 'home'), KUBECONFIG: '' },
  timeoutMs: 600_000,
});
const out = demo.stdout + demo.stderr;
const summary = out.includes('### Summary') ? out.slice(out.indexOf('### Summary')) : out.slice(-3000);

/** The output of the first command printed as `$ <line>` (up to the next command or section). */
function outputOf(line: string): string {
  const start = out.indexOf(`$ ${line}\n`);
  assert.ok(start >= 0, `the demo never ran \`${line}\`; its summary:\n${summary}`);
  const rest = out.slice(start + line.length + 3);
  const end = rest.search(/^(\$ |### )/m);
  return end < 0 ? rest : rest.slice(0, end);
}

test('the demo reaches every expected state, stops everything and exits 0', () => {
  assert.equal(demo.code, 0, `demo exited with ${demo.code}:\n${summary}`);
  assert.match(out, /All \d+ steps reached their expected state\./);
  assert.ok(!existsSync(join(dir, 'controller-manager.pid')), 'the controller manager pid file is left behind');
  assert.match(outputOf(`kubefed-local down --dir ${dir}`), /cluster1 stopped/);
});

test('the DNS part runs on the default KubeFedConfig: the demo never changes its feature gates', () => {
  assert.doesNotMatch(out, /^\$ kubectl .*\bkubefedconfigs?\b/m, 'no kubectl command of the demo touches the KubeFedConfig');
  assert.match(outputOf('kubectl --context cluster1 -n test-namespace get dnsendpoints -o yaml'), /dnsName: ingress\.example\.com/, 'the IngressDNSRecord controller ran');
});

test('kubectl get kubefedclusters shows cluster1..3 READY True', () => {
  const text = outputOf('kubectl --context cluster1 -n kube-federation-system get kubefedclusters');
  for (const c of ['cluster1', 'cluster2', 'cluster3']) assert.match(text, new RegExp(`^${c}\\s+\\S+\\s+True\\b`, 'm'));
});

test('kubefedctl enable VirtualService adds federatedvirtualservices.types.kubefed.io', () => {
  const text = outputOf('kubectl --context cluster1 get crd | grep virtualservice');
  assert.match(text, /^federatedvirtualservices\.types\.kubefed\.io\s/m);
  assert.match(text, /^virtualservices\.networking\.istio\.io\s/m);
});

test('the FederatedVirtualService reaches every cluster', () => {
  for (const c of ['cluster1', 'cluster2', 'cluster3']) {
    assert.match(outputOf(`kubectl --context ${c} get virtualservices -n test-namespace`), /^service-route\s+\["service-gateway"\]\s+\["\*"\]/m);
  }
});

test('kubectl describe federateddeployment shows Propagation True and CreateInCluster events', () => {
  const text = outputOf('kubectl --context cluster1 describe federateddeployment test-deployment -n test-namespace');
  assert.match(text, /Status:\s+True\n\s+Type:\s+Propagation/);
  for (const c of ['cluster1', 'cluster2']) {
    assert.match(text, new RegExp(`CreateInCluster .*Creating Deployment "test-namespace/test-deployment" in cluster "${c}"`));
  }
});

test('test-deployment is 3/3 in cluster1 and 5/5 in cluster2', () => {
  assert.match(outputOf('kubectl --context=cluster1 get deploy -n test-namespace'), /^test-deployment {3}3\/3\s/m);
  assert.match(outputOf('kubectl --context=cluster2 get deploy -n test-namespace'), /^test-deployment {3}5\/5\s/m);
});
