// The per-cluster key that signs service-account tokens (kube-apiserver's --service-account-key-file /
// kube-controller-manager's --service-account-private-key-file). Generated on first start and kept under the data
// folder, so tokens handed out before a restart stay valid after it.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signingKeyFrom, type SigningKey } from './jwt.js';

export const SIGNING_KEY_FILE = 'service-account-key.pem';

function generate(): SigningKey {
  return signingKeyFrom(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
}

/** The key in `dataDir` (created if missing); a fresh in-memory key when there is no data folder. */
export function loadOrCreateSigningKey(dataDir: string | undefined): SigningKey {
  if (!dataDir) return generate();
  const file = join(dataDir, SIGNING_KEY_FILE);
  if (existsSync(file)) {
    try {
      return signingKeyFrom(createPrivateKey(readFileSync(file, 'utf8')));
    } catch (e) {
      throw new Error(`cannot read the service-account signing key ${file}: ${e instanceof Error ? e.message : String(e)}; delete it to generate a new one (existing tokens become invalid)`);
    }
  }
  const key = generate();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, key.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return key;
}
