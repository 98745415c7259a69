// `npm run build:tools`: builds the real Kubernetes control plane (tools/kstack: kube-apiserver,
// kube-controller-manager, kube-scheduler and etcd in one binary) and helm from Go modules into .tools/bin/.
//
// Builds are cached outside the work tree, keyed by everything that decides the binary (go.mod, go.sum, main.go,
// the Go version and this script's build flags), so a fresh clone on a machine that built the same inputs before
// takes seconds, and a changed pin rebuilds. The Go build cache (GOCACHE) makes even a changed key cheaper.
// Failures end with one line naming what is missing or what failed, and where the full log is.
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, '.tools', 'bin');
const CACHE = process.env.KUBEFED_TOOLS_CACHE ?? join(homedir(), '.cache', 'kubefed-ts', 'tools');
const KSTACK_DIR = join(ROOT, 'tools', 'kstack');
const HELM_MODULE = 'helm.sh/helm/v4';
const HELM_VERSION = 'v4.3.2';
const MIN_GO = [1, 26];
// Bumped when the flags below change, so the cache key follows them.
const RECIPE = 'trimpath,s,w,version-ldflags:2';

function fail(message, log) {
  console.error(`build:tools: ${message}${log ? ` (full log: ${log})` : ''}`);
  process.exit(1);
}

function goVersion() {
  const r = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    fail('Go 1.26 or later is needed to build the real control plane (tools/kstack) and helm, and `go` is not on PATH');
  }
  const v = r.stdout.trim();
  const m = /^go(\d+)\.(\d+)/.exec(v);
  if (!m || Number(m[1]) < MIN_GO[0] || (Number(m[1]) === MIN_GO[0] && Number(m[2]) < MIN_GO[1])) {
    fail(`Go ${MIN_GO.join('.')} or later is needed to build tools/kstack; found ${v || 'an unknown version'}`);
  }
  return v;
}

/** The version go.mod pins for a module (k8s.io/kubernetes, etcd), read from the module graph go resolved. */
function moduleVersion(modText, path) {
  const m = new RegExp(`^\\s*${path.replace(/[./]/g, '\\$&')}\\s+(v\\S+)`, 'm').exec(modText);
  if (!m) fail(`tools/kstack/go.mod does not require ${path}`);
  return m[1];
}

function hash(parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** Runs a command with its output in a log file; prints a dot-free progress line every 30 s while it runs. */
function runLogged(label, cmd, args, opts) {
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const out = [];
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    const timer = setInterval(() => {
      console.log(`build:tools: still building ${label} (${Math.round((Date.now() - started) / 1000)} s)`);
    }, 30_000);
    child.on('error', (err) => out.push(Buffer.from(String(err))));
    child.on('close', (code) => {
      clearInterval(timer);
      resolvePromise({ code: code ?? 1, output: Buffer.concat(out).toString(), seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** Installs `file` (a cached build) as .tools/bin/NAME, replacing what was there atomically. */
function install(file, name) {
  mkdirSync(BIN, { recursive: true });
  const target = join(BIN, name);
  const tmp = `${target}.${process.pid}.tmp`;
  copyFileSync(file, tmp);
  chmodSync(tmp, 0o755);
  renameSync(tmp, target);
}

async function buildCached({ name, key, build }) {
  const dir = join(CACHE, `${name}-${key}`);
  const cached = join(dir, name);
  const record = join(dir, 'build.json');
  if (existsSync(cached)) {
    install(cached, name);
    console.log(`build:tools: ${name} up to date (cached ${key})`);
    // How long the build that filled the cache took, for the benchmark table.
    let builtSeconds;
    try {
      builtSeconds = JSON.parse(readFileSync(record, 'utf8')).seconds;
    } catch {
      builtSeconds = undefined;
    }
    return { name, seconds: 0, cached: true, builtSeconds, bytes: statSync(cached).size };
  }
  mkdirSync(dir, { recursive: true });
  const partial = join(dir, `${name}.partial`);
  rmSync(partial, { force: true });
  console.log(`build:tools: building ${name} from Go modules (the first build takes several minutes on 2 cores)`);
  const log = join(dir, 'build.log');
  const r = await build(partial);
  writeFileSync(log, r.output);
  if (r.code !== 0 || !existsSync(partial)) {
    const last = r.output.trim().split('\n').filter((l) => l.trim() !== '').slice(-1)[0] ?? 'no output';
    fail(`building ${name} failed: ${last.slice(0, 300)}`, log);
  }
  renameSync(partial, cached);
  writeFileSync(record, JSON.stringify({ seconds: r.seconds }) + '\n');
  install(cached, name);
  console.log(`build:tools: built ${name} in ${r.seconds.toFixed(0)} s`);
  return { name, seconds: r.seconds, cached: false, builtSeconds: r.seconds, bytes: statSync(cached).size };
}

async function main() {
  const go = goVersion();
  const modText = readFileSync(join(KSTACK_DIR, 'go.mod'), 'utf8');
  const kube = moduleVersion(modText, 'k8s.io/kubernetes');
  const [, major, minor] = /^v(\d+)\.(\d+)/.exec(kube) ?? [];
  const kstackKey = hash([
    go,
    RECIPE,
    readFileSync(join(KSTACK_DIR, 'go.mod')),
    readFileSync(join(KSTACK_DIR, 'go.sum')),
    readFileSync(join(KSTACK_DIR, 'main.go')),
  ]);
  // The upstream release build stamps these (hack/lib/version.sh) into both version packages; /version and
  // `kubectl version` report them, and the emulation version defaults from them.
  const stamp = { gitVersion: kube, gitMajor: major, gitMinor: minor, gitTreeState: 'clean', buildDate: '1970-01-01T00:00:00Z' };
  const ldflags = ['-s', '-w'];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    for (const [k, v] of Object.entries(stamp)) ldflags.push(`-X '${pkg}.${k}=${v}'`);
  }
  const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' };
  const results = [];
  results.push(
    await buildCached({
      name: 'kstack',
      key: kstackKey,
      build: (out) => runLogged('kstack', 'go', ['build', '-trimpath', '-ldflags', ldflags.join(' '), '-o', out, '.'], { cwd: KSTACK_DIR, env }),
    }),
  );
  results.push(
    await buildCached({
      name: 'helm',
      key: hash([go, RECIPE, HELM_MODULE, HELM_VERSION]),
      // `go install module@version` builds helm exactly as its own go.mod pins it, outside any module of ours.
      build: (out) =>
        runLogged('helm', 'go', ['install', '-trimpath', '-ldflags', `-s -w -X ${HELM_MODULE}/internal/version.version=${HELM_VERSION}`, `${HELM_MODULE}/cmd/helm@${HELM_VERSION}`], {
          cwd: ROOT,
          env: { ...env, GOFLAGS: '', GOBIN: `${out}.gobin` },
        }).then((r) => {
          const built = join(`${out}.gobin`, 'helm');
          if (r.code === 0 && existsSync(built)) renameSync(built, out);
          return r;
        }),
    }),
  );
  writeFileSync(join(BIN, 'versions.json'), JSON.stringify({ kubernetes: kube, helm: HELM_VERSION, go, builds: results }, null, 2) + '\n');
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
