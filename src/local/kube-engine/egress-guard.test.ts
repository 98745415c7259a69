import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { connectTarget, isLoopback, startEgressGuard } from './egress-guard.js';

const dir = mkdtempSync(join(tmpdir(), 'egress-guard-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('connectTarget reads host and port of a CONNECT line, IPv6 brackets removed', () => {
  assert.deepEqual(connectTarget('CONNECT 10.244.1.5:8080 HTTP/1.1\r\nHost: x\r\n\r\n'), { host: '10.244.1.5', port: 8080 });
  assert.deepEqual(connectTarget('CONNECT [::1]:10250 HTTP/1.1\r\n\r\n'), { host: '::1', port: 10250 });
  assert.equal(connectTarget('GET / HTTP/1.1\r\n\r\n'), undefined);
  assert.equal(connectTarget('CONNECT 10.0.0.1:0 HTTP/1.1\r\n\r\n'), undefined);
});

test('only loopback destinations count as loopback', () => {
  for (const h of ['127.0.0.1', '127.18.2.3', '::1', 'localhost']) assert.ok(isLoopback(h), h);
  for (const h of ['10.244.0.2', '172.18.0.2', '192.168.1.1', '8.8.8.8', '128.0.0.1', '127.example.com']) assert.ok(!isLoopback(h), h);
});

/** Sends one CONNECT through the guard and returns the status line and, when tunnelled, what the far end said. */
async function tunnel(socket: string, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = connect(socket, () => c.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`));
    let got = '';
    c.on('data', (d: Buffer) => (got += d.toString()));
    c.on('end', () => resolve(got));
    c.on('error', reject);
  });
}

test('the guard tunnels to loopback and refuses every other address without dialling it', async () => {
  const logs: string[] = [];
  const socket = join(dir, 'egress.sock');
  const guard = await startEgressGuard(socket, (l) => logs.push(l));
  const echo = createServer((s) => s.end('hello from loopback'));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  const port = (echo.address() as { port: number }).port;
  try {
    assert.match(await tunnel(socket, `127.0.0.1:${port}`), /^HTTP\/1\.1 200 [^\r]*\r\n\r\nhello from loopback$/);
    assert.match(await tunnel(socket, '10.244.0.7:80'), /^HTTP\/1\.1 403 Forbidden/);
    assert.deepEqual(logs, ["egress guard: refused kube-apiserver's connection to 10.244.0.7:80 (only 127.0.0.0/8 is reachable here)"]);
  } finally {
    echo.close();
    await guard.close();
  }
});
