// Runs scenarios against the built-in server and the real control plane side by side: for each scenario, a fresh
// namespace on both clusters, the scenario on both at once, then both records normalised and compared.
import { join } from 'node:path';
import { compare, type Difference } from './compare.js';
import { normalise, type ClusterIdentity } from './normalise.js';
import { poll, type Outputs, type Scenario } from './scenario.js';
import { targetFor, type ClosableTarget, type ClusterHandle } from './target.js';

export interface ScenarioResult {
  id: string;
  ms: number;
  differences: Difference[];
  /** The normalised records, for a failure message. */
  builtin: unknown;
  real: unknown;
}

/** The scenario's namespace: its id as a DNS label. */
export function namespaceFor(id: string): string {
  return `fid-${id.replace(/[^a-z0-9]+/g, '-')}`.slice(0, 63).replace(/-+$/, '');
}

async function identityOf(t: ClosableTarget, c: ClusterHandle): Promise<ClusterIdentity> {
  const v = await t.request('GET', '/version');
  const creds = c.credentials('cluster1');
  const gitVersion = (v.body as { gitVersion?: string }).gitVersion;
  return { server: creds.server, token: creds.token, ...(gitVersion ? { gitVersion } : {}) };
}

async function prepareNamespace(t: ClosableTarget): Promise<void> {
  const r = await t.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: t.namespace } } });
  if (r.status !== 201 && r.status !== 409) throw new Error(`${t.engine}: creating namespace ${t.namespace}: ${r.status} ${JSON.stringify(r.body)}`);
  // Pods need the namespace's `default` ServiceAccount, which a controller adds shortly after.
  await poll(async () => ((await t.request('GET', `/api/v1/namespaces/${t.namespace}/serviceaccounts/default`)).status === 200 ? true : undefined));
}

async function record(s: Scenario, t: ClosableTarget): Promise<Outputs> {
  try {
    return await s.run(t);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

export async function runScenarios(builtin: ClusterHandle, real: ClusterHandle, scenarios: Scenario[], scratch: string): Promise<ScenarioResult[]> {
  const probeB = targetFor(builtin, 'default', join(scratch, 'builtin'));
  const probeR = targetFor(real, 'default', join(scratch, 'real'));
  const [idB, idR] = await Promise.all([identityOf(probeB, builtin), identityOf(probeR, real)]);
  probeB.close();
  probeR.close();
  const results: ScenarioResult[] = [];
  for (const s of scenarios) {
    const started = Date.now();
    const ns = namespaceFor(s.id);
    const dirB = join(scratch, 'builtin', ns);
    const dirR = join(scratch, 'real', ns);
    const tb = targetFor(builtin, ns, dirB);
    const tr = targetFor(real, ns, dirR);
    try {
      await Promise.all([prepareNamespace(tb), prepareNamespace(tr)]);
      const [rb, rr] = await Promise.all([record(s, tb), record(s, tr)]);
      const nb = normalise(rb, { identity: { ...idB, paths: [dirB] } });
      const nr = normalise(rr, { identity: { ...idR, paths: [dirR] } });
      results.push({ id: s.id, ms: Date.now() - started, differences: compare(s.id, nb, nr), builtin: nb, real: nr });
    } finally {
      tb.close();
      tr.close();
    }
  }
  return results;
}
