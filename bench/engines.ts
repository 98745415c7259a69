// What each local-cluster engine costs (issue 13, step 10): start time of 3 clusters, resident memory per cluster
// (every process of the cluster's process group, from /proc), and time until `kubectl create deployment
// --replicas=3` is 3/3 Available. Plus the Go tools: the cold build time recorded when they were built, a warm
// `npm run build:tools` measured now, and binary sizes. Figures only; nothing here asserts.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, runNode } from './run-node.js';
import type { BenchRow } from './table.js';

const exec = promisify(execFile);
const ENGINES = ['builtin', 'kube-apiserver'] as const;

/** Resident set of every live process whose process group is `pgid`, in MiB. */
function groupRssMiB(pgid: number): number {
  let kib = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue; // field 5 of stat: pgrp
      const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'));
      kib += m ? Number(m[1]) : 0;
    } catch {
      // The process exited while we read it.
    }
  }
  return kib / 1024;
}

async function kubectl(kubeconfig: string, args: string[]): Promise<string> {
  const { stdout } = await exec('kubectl', [`--kubeconfig=${kubeconfig}`, ...args], { env: { ...process.env, KUBECONFIG: '' } });
  return stdout;
}

async function benchEngine(engine: (typeof ENGINES)[number]): Promise<BenchRow> {
  const dir = mkdtempSync(join(tmpdir(), `kubefed-bench-engine-${engine}-`));
  try {
    const t0 = Date.now();
    await runNode('kubefed-local', ['up', '--clusters', '3', '--dir', dir, '--engine', engine], 600_000);
    const startSeconds = (Date.now() - t0) / 1000;
    const kubeconfig = join(dir, 'kubeconfig');
    const t1 = Date.now();
    await kubectl(kubeconfig, ['create', 'deployment', 'bench', '--image=nginx', '--replicas=3']);
    await kubectl(kubeconfig, ['wait', '--for=condition=Available', 'deployment/bench', '--timeout=120s']);
    const availableSeconds = (Date.now() - t1) / 1000;
    // Let the controllers settle, then read memory at rest.
    await new Promise((r) => setTimeout(r, 5_000));
    const pids = ['cluster1', 'cluster2', 'cluster3'].map((c) => Number(readFileSync(join(dir, c, 'apiserver.pid'), 'utf8')));
    const rss = pids.map(groupRssMiB);
    return {
      engine,
      'start 3 clusters (s)': startSeconds,
      'deployment 3/3 Available (s)': availableSeconds,
      'RSS per cluster (MiB)': rss.reduce((a, b) => a + b, 0) / rss.length,
      'processes per cluster': readdirSync('/proc').filter((e) => /^\d+$/.test(e) && pgrpOf(e) === pids[0]).length,
    };
  } finally {
    await runNode('kubefed-local', ['down', '--dir', dir], 120_000).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

function pgrpOf(pid: string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return undefined;
  }
}

interface VersionsFile {
  kubernetes: string;
  helm: string;
  builds: { name: string; seconds: number; cached: boolean; builtSeconds?: number; bytes: number }[];
}

export async function benchEngineTools(): Promise<BenchRow[]> {
  const file = join(REPO_ROOT, '.tools', 'bin', 'versions.json');
  if (!existsSync(file)) return [{ tool: 'not built', note: 'run `npm run build:tools`' }];
  const cold = JSON.parse(readFileSync(file, 'utf8')) as VersionsFile;
  const t0 = Date.now();
  await exec(process.execPath, [join(REPO_ROOT, 'scripts', 'build-tools.mjs')], { cwd: REPO_ROOT });
  const warmSeconds = (Date.now() - t0) / 1000;
  return cold.builds.map((b) => ({
    tool: b.name === 'kstack' ? `kstack (Kubernetes ${cold.kubernetes})` : `helm ${cold.helm}`,
    'cold build (s)': b.builtSeconds ?? (b.cached ? 'unknown (cache filled by an older build:tools)' : b.seconds),
    'warm build:tools, both (s)': warmSeconds,
    'binary (MiB)': statSync(join(REPO_ROOT, '.tools', 'bin', b.name)).size / 1024 / 1024,
  }));
}

export async function benchEngines(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const engine of ENGINES) {
    if (engine === 'kube-apiserver' && !existsSync(join(REPO_ROOT, '.tools', 'bin', 'kstack'))) continue;
    rows.push(await benchEngine(engine));
  }
  return rows;
}
