import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type { SoaData } from 'dns-packet';
import { queryTcp, queryUdp } from './client.js';
import { DnsMetrics } from './metrics.js';
import { startDnsServer, type DnsServer } from './server.js';
import { DnsRecordSource } from './source.js';
import type { DNSEndpointInput, DomainInput } from './input.js';

const HOST = '127.0.0.1';
const domain: DomainInput = { metadata: { namespace: 'kube-federation-system', name: 'example' }, domain: 'example.com' };
const ingress: DNSEndpointInput = {
  metadata: { namespace: 'default', name: 'ingress-example' },
  spec: { endpoints: [{ dnsName: 'ingress.example.com', targets: ['10.1.0.1', '10.2.0.1'], recordType: 'A', recordTTL: 300 }] },
};
const service: DNSEndpointInput = {
  metadata: { namespace: 'default', name: 'service-nginx' },
  spec: { endpoints: [
    { dnsName: 'nginx.default.myfed.svc.example.com', targets: ['10.1.0.2'], recordType: 'A' },
    { dnsName: 'nginx.default.myfed.svc.europe.example.com', targets: ['nginx.default.myfed.svc.example.com'], recordType: 'CNAME' },
  ] },
};

/** Where the real `dig` is, or why the dig tests skip. */
function findDig(): { path?: string; skip?: string } {
  const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(':').filter((d) => d !== '')];
  for (const path of dirs.map((d) => `${d}/dig`)) {
    try {
      accessSync(path, constants.X_OK);
      return { path };
    } catch {
      // try the next location
    }
  }
  return { skip: 'dig is not installed (Debian package bind9-dnsutils; .ci/run installs it), so the dig tests are skipped' };
}
const dig = findDig();

function runDig(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(dig.path ?? 'dig', [`@${HOST}`, '-p', String(port), '+norec', '+time=2', '+tries=1', ...args], (err, stdout, stderr) => {
      if (err) reject(new Error(`dig ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Answer-section lines of dig output as "name ttl TYPE data". */
function digRecords(output: string, section: 'ANSWER' | 'AUTHORITY'): string[] {
  const start = output.indexOf(`;; ${section} SECTION:`);
  if (start < 0) return [];
  const lines = output.slice(start).split('\n').slice(1);
  const end = lines.findIndex((l) => l.trim() === '');
  return lines.slice(0, end < 0 ? undefined : end).map((l) => l.split(/\s+/).filter((f) => f !== 'IN').join(' '));
}

describe('DNS server on loopback', () => {
  let server: DnsServer;
  let source: DnsRecordSource;
  const metrics = new DnsMetrics();

  before(async () => {
    server = await startDnsServer({ host: HOST, port: 0, onQuery: metrics.observeQuery });
    source = new DnsRecordSource({ onZones: (zones) => server.update(zones), onRebuild: metrics.observeRebuild, debounceMs: 20, initialSerial: 7 });
    source.upsertDomain(domain);
    source.upsertDNSEndpoint(ingress);
    source.upsertDNSEndpoint(service);
    source.flush();
  });
  after(async () => {
    source.close();
    await server.close();
  });

  test('UDP and TCP share one port', async () => {
    assert.ok(server.port > 0);
    const [udpReply, [tcpReply]] = await Promise.all([
      queryUdp(HOST, server.port, 'ingress.example.com', 'A'),
      queryTcp(HOST, server.port, [{ name: 'ingress.example.com', type: 'A' }]),
    ]);
    for (const reply of [udpReply, tcpReply]) {
      assert.equal(reply.rcode, 'NOERROR');
      assert.equal(reply.flag_aa, true);
      assert.deepEqual(reply.answers?.map((a) => (a as { data: unknown }).data), ['10.1.0.1', '10.2.0.1']);
      assert.deepEqual(reply.answers?.map((a) => (a as { ttl: number }).ttl), [300, 300]);
    }
  });

  test('several pipelined queries on one TCP connection are answered in order', async () => {
    const replies = await queryTcp(HOST, server.port, [
      { name: 'ingress.example.com', type: 'A' },
      { name: 'missing.example.com', type: 'A' },
      { name: 'example.org', type: 'A' },
      { name: 'example.com', type: 'SOA' },
    ]);
    assert.deepEqual(replies.map((r) => r.rcode), ['NOERROR', 'NXDOMAIN', 'REFUSED', 'NOERROR']);
    assert.deepEqual(replies.map((r) => r.id), [1, 2, 3, 4]);
  });

  test('dig over UDP: A records with TTLs and the AA flag', { skip: dig.skip }, async () => {
    const out = await runDig(server.port, ['ingress.example.com', 'A']);
    assert.match(out, /status: NOERROR/);
    assert.match(out, /flags: qr aa;/);
    assert.deepEqual(digRecords(out, 'ANSWER'), ['ingress.example.com. 300 A 10.1.0.1', 'ingress.example.com. 300 A 10.2.0.1']);
  });

  test('dig over TCP: a CNAME chain with the chained record', { skip: dig.skip }, async () => {
    const out = await runDig(server.port, ['nginx.default.myfed.svc.europe.example.com', 'A', '+tcp']);
    assert.match(out, /status: NOERROR/);
    assert.deepEqual(digRecords(out, 'ANSWER'), [
      'nginx.default.myfed.svc.europe.example.com. 180 CNAME nginx.default.myfed.svc.example.com.',
      'nginx.default.myfed.svc.example.com. 180 A 10.1.0.2',
    ]);
  });

  test('dig: NXDOMAIN with the SOA in authority, over UDP and TCP', { skip: dig.skip }, async () => {
    for (const transport of ['+notcp', '+tcp']) {
      const out = await runDig(server.port, ['nothere.example.com', 'A', transport]);
      assert.match(out, /status: NXDOMAIN/, transport);
      assert.deepEqual(digRecords(out, 'ANSWER'), [], transport);
      const [soa] = digRecords(out, 'AUTHORITY');
      assert.match(soa ?? '', /^example\.com\. 30 SOA ns1\.example\.com\. hostmaster\.example\.com\. 7 3600 600 86400 30$/, transport);
    }
  });

  test('dig: a large answer over UDP without EDNS is truncated and dig retries over TCP', { skip: dig.skip }, async () => {
    const targets = Array.from({ length: 40 }, (_, i) => `10.9.0.${i + 1}`);
    source.upsertDNSEndpoint({ metadata: { namespace: 'default', name: 'big' }, spec: { endpoints: [{ dnsName: 'big.example.com', targets }] } });
    source.flush();
    const out = await runDig(server.port, ['big.example.com', 'A', '+noedns']);
    assert.match(out, /Truncated, retrying in TCP mode/);
    assert.match(out, /status: NOERROR/);
    assert.equal(digRecords(out, 'ANSWER').length, targets.length);
    source.deleteDNSEndpoint({ key: 'default/big' });
    source.flush();
  });

  test('dig: REFUSED outside our zones', { skip: dig.skip }, async () => {
    const out = await runDig(server.port, ['www.example.org', 'A']);
    assert.match(out, /status: REFUSED/);
  });

  test('an update is answered within a second', async () => {
    const serialBefore = ((await queryUdp(HOST, server.port, 'example.com', 'SOA')).answers?.[0] as { data: SoaData }).data.serial ?? 0;
    const started = performance.now();
    source.upsertDNSEndpoint({
      metadata: { namespace: 'default', name: 'ingress-example' },
      spec: { endpoints: [{ dnsName: 'ingress.example.com', targets: ['10.3.0.1'], recordType: 'A', recordTTL: 300 }] },
    });
    let data: unknown;
    while (performance.now() - started < 1000) {
      const reply = await queryUdp(HOST, server.port, 'ingress.example.com', 'A');
      data = reply.answers?.map((a) => (a as { data: unknown }).data);
      if (JSON.stringify(data) === '["10.3.0.1"]') break;
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.deepEqual(data, ['10.3.0.1']);
    assert.ok(performance.now() - started < 1000);
    const soa = (await queryUdp(HOST, server.port, 'example.com', 'SOA')).answers?.[0] as { data: SoaData };
    assert.equal(soa.data.serial, serialBefore + 1, 'the zone changed once, so its serial moved on by one');
  });

  test('malformed packets over UDP and TCP do not stop the server', async () => {
    const garbage = [Buffer.from([0xff]), Buffer.from('00010000ffff0000000000000000c0', 'hex'), Buffer.alloc(600, 0xab)];
    const socket = dgram.createSocket('udp4');
    for (const g of garbage) await new Promise<void>((r) => socket.send(g, server.port, HOST, () => r()));
    socket.close();
    await new Promise<void>((resolve) => {
      const conn = net.connect({ host: HOST, port: server.port }, () => {
        conn.end(Buffer.from([0x00, 0x05, 1, 2, 3, 4, 5, 0xff]));
      });
      conn.on('error', () => resolve());
      conn.on('close', () => resolve());
      conn.resume();
    });
    const reply = await queryUdp(HOST, server.port, 'ingress.example.com', 'A');
    assert.equal(reply.rcode, 'NOERROR');
    const snapshot = metrics.snapshot();
    assert.ok((snapshot.responsesByRcode.FORMERR ?? 0) >= 1, JSON.stringify(snapshot));
    assert.ok(snapshot.dropped >= 1, JSON.stringify(snapshot));
  });

  test('metrics count queries by transport and rcode', () => {
    const snapshot = metrics.snapshot();
    assert.ok(snapshot.queriesByTransport.udp > 0 && snapshot.queriesByTransport.tcp > 0);
    assert.ok((snapshot.responsesByRcode.NXDOMAIN ?? 0) >= 1);
    assert.ok((snapshot.responsesByRcode.REFUSED ?? 0) >= 1);
    assert.ok(snapshot.rebuilds >= 2);
    assert.equal(snapshot.lastRebuild?.dnsEndpoints, 2);
  });
});

test('explicit port: UDP-only and TCP-only servers, and a busy port fails with a clear error', async () => {
  const first = await startDnsServer({ host: HOST, port: 0, tcp: false });
  try {
    await assert.rejects(startDnsServer({ host: HOST, port: first.port, tcp: false }), /cannot listen on 127\.0\.0\.1:\d+/);
    const tcpOnly = await startDnsServer({ host: HOST, port: first.port, udp: false });
    assert.equal(tcpOnly.port, first.port);
    const [reply] = await queryTcp(HOST, tcpOnly.port, [{ name: 'x.example.com', type: 'A' }]);
    assert.equal(reply.rcode, 'REFUSED', 'a server without zones refuses everything');
    await tcpOnly.close();
  } finally {
    await first.close();
  }
});
