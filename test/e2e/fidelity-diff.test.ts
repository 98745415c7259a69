// Differential fidelity of the built-in API server (issue 13, item 9): every scenario in test/e2e/fidelity runs
// against one built-in cluster and one real control plane (kube-apiserver v1.37), both records are normalised and
// compared, and every difference must be listed in docs/fidelity.md, which must list nothing that no longer differs.
// The file starts both engines itself, so it does its work once, in the built-in pass of the runner.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ENGINE, REPO_ROOT, startClusters } from './harness.js';
import { describeDifference, parseAccepted, runScenarios, SCENARIOS, triage, type ScenarioResult } from './fidelity/index.js';

const KSTACK = process.env.KUBEFED_KSTACK ?? join(REPO_ROOT, '.tools/bin/kstack');
const skip = ENGINE === 'kube-apiserver'
  ? 'the suite starts both engines itself, so it runs once, in the builtin pass'
  : !existsSync(KSTACK) ? `the real control plane is not built (${KSTACK} is missing; npm run build:tools)` : undefined;

const FIDELITY_MD = join(REPO_ROOT, 'docs/fidelity.md');
const accepted = parseAccepted(readFileSync(FIDELITY_MD, 'utf8'));

let results: ScenarioResult[] = [];
if (!skip) {
  const [builtin, real] = await Promise.all([startClusters(1, { engine: 'builtin' }), startClusters(1, { engine: 'kube-apiserver' })]);
  const scratch = mkdtempSync(join(tmpdir(), 'kubefed-fidelity-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  results = await runScenarios(builtin, real, SCENARIOS, scratch);
}

const verdict = triage(results.flatMap((r) => r.differences), accepted, new Set(results.map((r) => r.id)));

for (const s of SCENARIOS) {
  test(`${s.id}: the built-in server answers as kube-apiserver, or as docs/fidelity.md says`, { skip }, () => {
    const r = results.find((x) => x.id === s.id);
    assert.ok(r, `${s.id} did not run`);
    const unlisted = verdict.unlisted.filter((d) => d.scenario === s.id);
    assert.equal(unlisted.length, 0, `${unlisted.length} difference(s) not listed in docs/fidelity.md:\n${unlisted.map(describeDifference).join('\n')}`);
  });
}

test('every difference docs/fidelity.md lists still occurs', { skip }, (t) => {
  const total = results.reduce((n, r) => n + r.differences.length, 0);
  const seconds = results.reduce((n, r) => n + r.ms, 0) / 1000;
  t.diagnostic(`${results.length} scenarios in ${seconds.toFixed(0)} s, ${total} differences, ${total - verdict.unlisted.length} of them accepted by ${accepted.length} entries`);
  for (const [id, n] of verdict.used) if (n > 0) t.diagnostic(`${id}: ${n}`);
  assert.deepEqual(verdict.stale.map((a) => `${a.id} (${a.scenario})`), [], 'docs/fidelity.md lists differences that no longer occur: fix the list');
});
