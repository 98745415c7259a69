// No Docker engine or hadolint is available here (Debian has no hadolint package; npm's `hadolint` only wraps the
// Haskell binary, which it downloads), so this test
// is the Dockerfile's lint: it parses the instructions and checks the rules the image must keep.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Instruction {
  op: string;
  args: string;
}

interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Dockerfile instructions (comments dropped, `\` continuations joined), grouped by stage. */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') && current === '') continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1).trim()} `;
      continue;
    }
    current += line;
    if (current.trim()) logical.push(current.trim());
    current = '';
  }
  const stages: Stage[] = [];
  for (const l of logical) {
    const m = /^(\w+)\s+(.*)$/.exec(l);
    assert.ok(m, `instruction: ${l}`);
    const op = (m[1] ?? '').toUpperCase();
    const args = m[2] ?? '';
    if (op === 'FROM') {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      assert.ok(f, `FROM ${args}`);
      stages.push({ from: f[1] ?? '', ...(f[2] ? { name: f[2] } : {}), instructions: [] });
    } else {
      const stage = stages[stages.length - 1];
      assert.ok(stage, `${op} before any FROM`);
      stage.instructions.push({ op, args });
    }
  }
  return stages;
}

const dockerfile = readFileSync(`${REPO_ROOT}Dockerfile`, 'utf8');
const stages = parseDockerfile(dockerfile);
const runtime = stages[stages.length - 1] as Stage;
const runs = (s: Stage): string[] => s.instructions.filter((i) => i.op === 'RUN').map((i) => i.args);

test('Dockerfile: multi-stage, every base is Node 20 pinned by its full version', () => {
  assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
  for (const s of stages) assert.match(s.from, /^node:20\.\d+\.\d+-(alpine\d+\.\d+|slim|bookworm-slim)$/, `FROM ${s.from} is pinned`);
});

test('Dockerfile: the build stage installs with npm ci and compiles; the runtime has no dev dependencies', () => {
  const build = stages.find((s) => s.name === 'build');
  assert.ok(build, 'a stage named build');
  assert.ok(runs(build).some((r) => /\bnpm ci\b/.test(r) && !/--omit=dev/.test(r)), 'build stage runs npm ci with dev dependencies');
  assert.ok(runs(build).some((r) => /\btsc\b/.test(r)), 'build stage compiles');
  const installs = runs(runtime).filter((r) => /\bnpm (ci|install)\b/.test(r));
  assert.ok(installs.length > 0 && installs.every((r) => /\bnpm ci\b/.test(r) && /--omit=dev/.test(r)), 'runtime installs only with npm ci --omit=dev');
  assert.ok(runtime.instructions.some((i) => i.op === 'COPY' && /--from=build\b/.test(i.args) && /dist/.test(i.args)), 'runtime copies the compiled code from the build stage');
  assert.ok(!runtime.instructions.some((i) => i.op === 'COPY' && /node_modules/.test(i.args)), 'runtime never copies node_modules from the build stage');
});

test('Dockerfile: runs as user 1001 after every RUN, with kubefed-controller-manager and kubefedctl entry points only', () => {
  const ops = runtime.instructions.map((i) => i.op);
  const userAt = runtime.instructions.findIndex((i) => i.op === 'USER');
  assert.ok(userAt >= 0, 'the runtime stage sets USER');
  assert.equal(runtime.instructions[userAt]?.args, '1001');
  assert.ok(ops.lastIndexOf('RUN') < userAt, 'nothing runs as root after USER');
  const entry = runtime.instructions.find((i) => i.op === 'ENTRYPOINT');
  assert.deepEqual(JSON.parse(entry?.args ?? 'null'), ['kubefed-controller-manager']);
  const text = runs(runtime).join(' ');
  for (const bin of ['kubefed-controller-manager', 'kubefedctl']) {
    assert.match(text, new RegExp(`ln -s /app/bin/${bin}\\.js /usr/local/bin/${bin}(\\s|$)`), `${bin} is on PATH`);
    assert.ok(existsSync(`${REPO_ROOT}bin/${bin}.js`), `bin/${bin}.js exists`);
  }
  assert.doesNotMatch(dockerfile.replace(/^#.*$/gm, ''), /kubefed-local/, 'kubefed-local is not shipped');
});

test('Dockerfile: every COPY source from the context exists and is not excluded by .dockerignore', () => {
  const ignore = readFileSync(`${REPO_ROOT}.dockerignore`, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  assert.equal(ignore[0], '*', '.dockerignore starts by excluding everything (node_modules, dist, .git stay out)');
  const allowed = ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1));
  for (const s of stages) {
    for (const i of s.instructions.filter((x) => x.op === 'COPY' && !x.args.startsWith('--from'))) {
      const sources = i.args.split(/\s+/).slice(0, -1);
      for (const src of sources) {
        assert.ok(existsSync(`${REPO_ROOT}${src}`), `COPY source ${src} exists`);
        assert.ok(allowed.some((a) => src === a || src.startsWith(`${a}/`)), `COPY source ${src} is in the build context`);
      }
    }
  }
  assert.ok(!allowed.includes('node_modules') && !allowed.includes('dist'));
});
