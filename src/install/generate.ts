// One generator for both install forms: charts/kubefed (Helm) and config/ (kustomize). `checkInstallFiles` is what
// CI runs so that nobody edits a generated file by hand or forgets to regenerate after an API change.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { chartFiles } from './chart.js';
import { kustomizeFiles } from './kustomize.js';
import { packageVersion } from './version.js';

/** The folders the generator owns entirely (relative to the repository root). */
export const GENERATED_DIRS = ['config', 'charts/kubefed'] as const;

/** Every generated file, by path relative to the repository root. */
export function installFiles(version: string = packageVersion()): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, text] of kustomizeFiles(version)) files.set(`config/${path}`, text);
  for (const [path, text] of chartFiles(version)) files.set(`charts/kubefed/${path}`, text);
  return files;
}

export interface FileProblem {
  path: string;
  problem: 'missing' | 'differs' | 'not generated';
}

function listFiles(root: string, dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(root, dir));
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const rel = `${dir}/${e}`;
    return statSync(join(root, rel)).isDirectory() ? listFiles(root, rel) : [rel];
  });
}

/** How the files under `root` differ from what the generator writes; empty when up to date. */
export function checkInstallFiles(root: string, expected: Map<string, string> = installFiles()): FileProblem[] {
  const problems: FileProblem[] = [];
  for (const [path, text] of expected) {
    let actual: string | undefined;
    try {
      actual = readFileSync(join(root, path), 'utf8');
    } catch {
      actual = undefined;
    }
    if (actual === undefined) problems.push({ path, problem: 'missing' });
    else if (actual !== text) problems.push({ path, problem: 'differs' });
  }
  for (const dir of GENERATED_DIRS) {
    for (const path of listFiles(root, dir)) if (!expected.has(path)) problems.push({ path, problem: 'not generated' });
  }
  return problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Writes every generated file under `root` and removes files the generator no longer produces. */
export function writeInstallFiles(root: string, files: Map<string, string> = installFiles()): string[] {
  for (const dir of GENERATED_DIRS) {
    for (const path of listFiles(root, dir)) if (!files.has(path)) rmSync(join(root, path));
  }
  for (const [path, text] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return [...files.keys()].map((p) => relative(root, join(root, p)));
}
