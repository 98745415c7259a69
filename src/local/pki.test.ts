import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ensureClusterPki } from './pki.js';

describe('ensureClusterPki', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubefed-local-pki-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('issues a 10-year CA and a loopback serving certificate signed by it', async () => {
    const pki = await ensureClusterPki(dir, 'cluster1');
    const ca = new X509Certificate(readFileSync(pki.caFile));
    const cert = new X509Certificate(readFileSync(pki.certFile));
    assert.equal(ca.ca, true);
    assert.equal(cert.ca, false);
    assert.ok(cert.verify(ca.publicKey), 'serving certificate must be signed by the CA');
    assert.ok(cert.checkIssued(ca));
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.equal(cert.checkIP('10.0.0.1'), undefined);
    const years = (Date.parse(ca.validTo) - Date.parse(ca.validFrom)) / (365 * 24 * 3600 * 1000);
    assert.ok(years >= 9.99 && years <= 10.01, `CA validity ${years} years`);
    assert.equal(pki.caPem.trim(), readFileSync(pki.caFile, 'utf8').trim());
    assert.match(readFileSync(pki.keyFile, 'utf8'), /BEGIN RSA PRIVATE KEY/);
  });

  it('reuses existing certificates on a second call', async () => {
    const first = readFileSync(join(dir, 'pki', 'apiserver.crt'), 'utf8');
    const pki = await ensureClusterPki(dir, 'cluster1');
    assert.equal(readFileSync(pki.certFile, 'utf8'), first);
  });

  it('reissues a serving certificate the CA did not sign, keeping the CA', async () => {
    const caBefore = readFileSync(join(dir, 'pki', 'ca.crt'), 'utf8');
    const other = mkdtempSync(join(tmpdir(), 'kubefed-local-pki-other-'));
    try {
      const foreign = await ensureClusterPki(other, 'other');
      writeFileSync(join(dir, 'pki', 'apiserver.crt'), readFileSync(foreign.certFile));
      writeFileSync(join(dir, 'pki', 'apiserver.key'), readFileSync(foreign.keyFile));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    const pki = await ensureClusterPki(dir, 'cluster1');
    assert.equal(readFileSync(pki.caFile, 'utf8'), caBefore);
    assert.ok(new X509Certificate(readFileSync(pki.certFile)).checkIssued(new X509Certificate(caBefore)));
  });
});
