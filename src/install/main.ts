// `node dist/src/install/main.js [--check] [--root DIR]`: writes charts/kubefed and config/ from src/install, or with
// --check exits 1 and lists the files that differ from what it would write.
import { fileURLToPath } from 'node:url';
import { checkInstallFiles, writeInstallFiles } from './generate.js';

/** The repository root (this file runs as dist/src/install/main.js). */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function main(args: string[]): number {
  const check = args.includes('--check');
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 && args[rootAt + 1] ? args[rootAt + 1] ?? REPO_ROOT : REPO_ROOT;
  const unknown = args.filter((a, i) => a !== '--check' && a !== '--root' && !(i > 0 && args[i - 1] === '--root'));
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown[0]}; usage: node dist/src/install/main.js [--check] [--root DIR]`);
    return 2;
  }
  if (check) {
    const problems = checkInstallFiles(root);
    if (problems.length === 0) {
      console.log('install manifests are up to date');
      return 0;
    }
    for (const p of problems) console.error(`${p.path}: ${p.problem}`);
    console.error('install manifests are out of date: run `npm run build && node dist/src/install/main.js`');
    return 1;
  }
  const written = writeInstallFiles(root);
  console.log(`wrote ${written.length} files under config/ and charts/kubefed/`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
