import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import forge from 'node-forge';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.js');

function selfSignedCert(): { cert: string; key: string } {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const attrs = [{ name: 'commonName', value: 'apiserver-test' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function get(port: number, ca: string, path: string, token?: string, method = 'GET', body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const req = request({ host: '127.0.0.1', port, path, method, ca, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function startMain(config: string, port: number, ca: string): Promise<ReturnType<typeof spawn>> {
  const child = spawn(process.execPath, [MAIN, '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await get(port, ca, '/readyz')).status === 200) return child;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  child.kill('SIGKILL');
  throw new Error('apiserver did not become ready');
}

function exited(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

test('main serves HTTPS with token auth, writes its pid file, and keeps data across SIGTERM and restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'apiserver-main-'));
  try {
    const { cert, key } = selfSignedCert();
    writeFileSync(join(dir, 'apiserver.crt'), cert);
    writeFileSync(join(dir, 'apiserver.key'), key);
    writeFileSync(join(dir, 'tokens.csv'), 'admintoken,admin,1,"system:masters"\n');
    const port = await freePort();
    const config = join(dir, 'apiserver.json');
    writeFileSync(config, JSON.stringify({
      name: 'cluster1', host: '127.0.0.1', port,
      certFile: join(dir, 'apiserver.crt'), keyFile: join(dir, 'apiserver.key'), caFile: join(dir, 'apiserver.crt'),
      tokenFile: join(dir, 'tokens.csv'), dataDir: join(dir, 'data'),
    }));
    let child = await startMain(config, port, cert);
    assert.equal(readFileSync(join(dir, 'apiserver.pid'), 'utf8').trim(), String(child.pid));
    const anonymous = await get(port, cert, '/api/v1/namespaces');
    assert.equal(anonymous.status, 401);
    assert.equal((JSON.parse(anonymous.body) as { kind: string }).kind, 'Status');
    const created = await get(port, cert, '/api/v1/namespaces/default/configmaps', 'admintoken', 'POST', JSON.stringify({ metadata: { name: 'kept' } }));
    assert.equal(created.status, 201);
    const rv = Number((JSON.parse(created.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion);
    let done = exited(child);
    child.kill('SIGTERM');
    assert.equal(await done, 0);
    assert.equal(existsSync(join(dir, 'apiserver.pid')), false);

    child = await startMain(config, port, cert);
    const again = await get(port, cert, '/api/v1/namespaces/default/configmaps/kept', 'admintoken');
    assert.equal(again.status, 200);
    const next = await get(port, cert, '/api/v1/namespaces/default/configmaps', 'admintoken', 'POST', JSON.stringify({ metadata: { name: 'later' } }));
    assert.ok(Number((JSON.parse(next.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion) > rv);
    done = exited(child);
    child.kill('SIGINT');
    assert.equal(await done, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
