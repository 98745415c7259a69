// Runs node's built-in test runner over the compiled test files. Node 20's `--test` takes no globs, so the files
// are listed here. Unit tests (next to their code under dist/src) run first with full concurrency; end-to-end tests
// (dist/test/e2e) start OS processes and local clusters, so they run two files at a time on this 2-core machine,
// once per engine: the built-in API server, then the real control plane (kube-apiserver, kube-controller-manager,
// kube-scheduler, etcd from `npm run build:tools`), which the harness reads from KUBEFED_E2E_ENGINE.
//
//   node scripts/run-tests.mjs [--unit | --e2e] [--engine builtin|kube-apiserver|both] [path fragment]
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out = []) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) find(p, out);
    else if (e.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

const args = process.argv.slice(2);
const engineAt = args.indexOf('--engine');
const engineArg = engineAt >= 0 ? args[engineAt + 1] : (process.env.KUBEFED_E2E_ENGINE ?? 'both');
if (!['builtin', 'kube-apiserver', 'both'].includes(engineArg)) {
  console.error(`--engine must be builtin, kube-apiserver or both, got "${engineArg}"`);
  process.exit(1);
}
const rest = engineAt < 0 ? args : args.filter((_, i) => i !== engineAt && i !== engineAt + 1);
const only = rest.find((a) => !a.startsWith('--'));
const wantUnit = !rest.includes('--e2e');
const wantE2e = !rest.includes('--unit');
const filter = (files) => (only ? files.filter((f) => f.includes(only)) : files);
const unit = wantUnit ? filter(find('dist/src')) : [];
const e2e = wantE2e ? filter(find('dist/test')) : [];
if (unit.length + e2e.length === 0) {
  console.error('no test files found; run `npm run build` first');
  process.exit(1);
}
const engines = engineArg === 'both' ? ['builtin', 'kube-apiserver'] : [engineArg];
if (e2e.length > 0 && engines.includes('kube-apiserver') && !existsSync(process.env.KUBEFED_KSTACK ?? '.tools/bin/kstack')) {
  console.error('the real control plane is not built (.tools/bin/kstack is missing); run `npm run build:tools` (needs Go 1.26 or later)');
  process.exit(1);
}

const concurrency = process.env.TEST_CONCURRENCY ?? '2';
// One run of node's test runner per engine: each prints its own summary, and the exit code is the worst of them.
const runs = [];
if (unit.length > 0 && e2e.length === 0) runs.push({ label: 'unit', files: unit, env: {} });
else if (unit.length > 0) runs.push({ label: 'unit + e2e (builtin)', files: engines.includes('builtin') ? [...unit, ...e2e] : unit, env: {} });
for (const engine of engines) {
  if (e2e.length === 0 || (engine === 'builtin' && unit.length > 0)) continue;
  runs.push({ label: `e2e (${engine})`, files: e2e, env: { KUBEFED_E2E_ENGINE: engine } });
}
let status = 0;
const totals = { pass: 0, fail: 0, skipped: 0 };
const scratch = mkdtempSync(join(tmpdir(), 'kubefed-tests-'));
for (const [i, r] of runs.entries()) {
  console.log(`\n# ${r.label}: ${r.files.length} files`);
  const started = Date.now();
  // The spec reporter for people; a TAP copy in a file for the counts of the closing line.
  const tap = join(scratch, `run-${i}.tap`);
  const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`];
  const res = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...reporters, ...r.files], {
    stdio: 'inherit',
    env: { ...process.env, ...r.env },
  });
  const counts = { pass: 0, fail: 0, skipped: 0 };
  try {
    const text = readFileSync(tap, 'utf8');
    for (const k of Object.keys(counts)) counts[k] = Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  } catch {
    counts.fail += 1; // no report at all: the runner itself failed
  }
  for (const k of Object.keys(totals)) totals[k] += counts[k];
  console.log(`# ${r.label}: ${counts.pass} passed, ${counts.fail} failed, ${counts.skipped} skipped in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (res.status !== 0) status = res.status ?? 1;
}
rmSync(scratch, { recursive: true, force: true });
if (status !== 0 && totals.fail === 0) totals.fail = 1;
console.log(`\ntests: ${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
process.exit(status);
