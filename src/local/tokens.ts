// Bearer tokens for a local cluster, in kube-apiserver's `--token-auth-file` format
// (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#static-token-file):
// `token,user,uid,"group1,group2"` per line. The file is created once and kept, so a restarted cluster accepts the
// kubeconfig it handed out before.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ADMIN_USER = 'kubernetes-admin';
export const ADMIN_GROUP = 'system:masters';

export interface TokenEntry {
  token: string;
  user: string;
  uid: string;
  groups: string[];
}

export function tokenFile(clusterDir: string): string {
  return join(clusterDir, 'tokens.csv');
}

/** 32 random bytes as hex: no characters that need quoting in the CSV or escaping in YAML. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

export function formatTokenLine(e: TokenEntry): string {
  return `${e.token},${e.user},${e.uid},"${e.groups.join(',')}"`;
}

/** Parses the token file; blank lines and lines starting with `#` are skipped. */
export function parseTokenFile(text: string): TokenEntry[] {
  const entries: TokenEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([^,]+),([^,]+),([^,]*)(?:,"?([^"]*)"?)?$/.exec(line);
    if (!m) continue;
    const groups = (m[4] ?? '').split(',').map((g) => g.trim()).filter((g) => g !== '');
    entries.push({ token: m[1] ?? '', user: m[2] ?? '', uid: m[3] ?? '', groups });
  }
  return entries;
}

/** The token of the first entry in group system:masters, or undefined when there is no token file or no such entry. */
export async function readAdminToken(clusterDir: string): Promise<string | undefined> {
  const file = tokenFile(clusterDir);
  if (!existsSync(file)) return undefined;
  return parseTokenFile(await readFile(file, 'utf8')).find((e) => e.groups.includes(ADMIN_GROUP))?.token;
}

/** Returns the admin token of the cluster, writing a token file with a fresh one if none exists. */
export async function ensureAdminToken(clusterDir: string): Promise<string> {
  const file = tokenFile(clusterDir);
  if (existsSync(file)) {
    const token = await readAdminToken(clusterDir);
    if (token !== undefined) return token;
    throw new Error(`${file} has no token in group ${ADMIN_GROUP}; add one or remove the file to get a new one`);
  }
  const token = newToken();
  await writeFile(file, formatTokenLine({ token, user: ADMIN_USER, uid: ADMIN_USER, groups: [ADMIN_GROUP] }) + '\n', {
    mode: 0o600,
  });
  return token;
}
