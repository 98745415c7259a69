import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../common/object.js';
import { checkInstallFiles, installFiles, writeInstallFiles } from './generate.js';
import { controlPlaneObjects } from './objects.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'kubefed-install-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('the generated files in the repository are up to date', () => {
  const problems = checkInstallFiles(REPO_ROOT);
  assert.deepEqual(problems, [], 'run `npm run build && node dist/src/install/main.js` and commit config/ and charts/kubefed/');
});

test('the check reports edited, missing and stray files, and main --check exits 1 on them', () => {
  const root = join(scratch, 'drift');
  writeInstallFiles(root);
  assert.deepEqual(checkInstallFiles(root), []);
  assert.equal(spawnSync(process.execPath, [MAIN, '--check', '--root', root]).status, 0);

  writeFileSync(join(root, 'config/rbac.yaml'), `${readFileSync(join(root, 'config/rbac.yaml'), 'utf8')}# hand edit\n`);
  unlinkSync(join(root, 'charts/kubefed/values.yaml'));
  writeFileSync(join(root, 'charts/kubefed/templates/extra.yaml'), 'kind: ConfigMap\n');
  assert.deepEqual(checkInstallFiles(root), [
    { path: 'charts/kubefed/templates/extra.yaml', problem: 'not generated' },
    { path: 'charts/kubefed/values.yaml', problem: 'missing' },
    { path: 'config/rbac.yaml', problem: 'differs' },
  ]);
  const r = spawnSync(process.execPath, [MAIN, '--check', '--root', root], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /config\/rbac\.yaml: differs/);

  writeInstallFiles(root);
  assert.deepEqual(checkInstallFiles(root), [], 'regenerating repairs every problem, including removing stray files');
});

test('config/ holds exactly the control plane objects with the Deployment, once each', () => {
  const objects: KubeObject[] = [];
  for (const [path, text] of installFiles()) {
    if (!path.startsWith('config/') || path.endsWith('kustomization.yaml')) continue;
    for (const doc of parseAllDocuments(text)) {
      const o = doc.toJS() as KubeObject | null;
      if (o) objects.push(o);
    }
  }
  const key = (o: KubeObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  const expected = controlPlaneObjects({ deploy: true });
  assert.deepEqual(objects.map(key).sort(), expected.map(key).sort());
  const byKey = new Map(objects.map((o) => [key(o), o]));
  for (const o of expected) assert.deepEqual(byKey.get(key(o)), o, key(o));
});
