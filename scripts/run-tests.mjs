// Runs node's built-in test runner over the compiled test files. Node 20's `--test` takes no globs, so the files
// are listed here. Unit tests (next to their code under dist/src) run first with full concurrency; end-to-end tests
// (dist/test/e2e) start OS processes and local clusters, so they run two files at a time on this 2-core machine.
import { readdirSync, statSync } from 'node:fs';
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
const only = args.find((a) => !a.startsWith('--'));
const wantUnit = !args.includes('--e2e');
const wantE2e = !args.includes('--unit');
const filter = (files) => (only ? files.filter((f) => f.includes(only)) : files);
const unit = wantUnit ? filter(find('dist/src')) : [];
const e2e = wantE2e ? filter(find('dist/test')) : [];
const files = [...unit, ...e2e];
if (files.length === 0) {
  console.error('no test files found; run `npm run build` first');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const r = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
