import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as packet from 'dns-packet';
import type { OptAnswer } from 'dns-packet';
import { encodeQuery } from './client.js';
import { CLASSIC_UDP_PAYLOAD, DEFAULT_MAX_UDP_PAYLOAD, handleMessage } from './message.js';
import { buildZones } from './zone.js';

const manyTargets = Array.from({ length: 30 }, (_, i) => `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`);
const zones = buildZones(
  [{ metadata: { namespace: 'kube-federation-system', name: 'example' }, domain: 'example.com' }],
  [{ metadata: { namespace: 'default', name: 'e' }, spec: { endpoints: [
    { dnsName: 'www.example.com', targets: ['192.0.2.1'], recordType: 'A', recordTTL: 300 },
    { dnsName: 'big.example.com', targets: manyTargets, recordType: 'A' },
  ] } }],
);
const udp = { transport: 'udp' as const };

function decode(buf: Buffer | undefined): packet.DecodedPacket & { rcode: string } {
  assert.ok(buf, 'expected a response');
  return packet.decode(buf) as packet.DecodedPacket & { rcode: string };
}

test('answers a query with AA set, the question echoed, RD copied and the id kept', () => {
  const query = packet.encode({ type: 'query', id: 4242, flags: packet.RECURSION_DESIRED, questions: [{ name: 'www.example.com', type: 'A' }] });
  const reply = decode(handleMessage(query, zones, udp).response);
  assert.equal(reply.id, 4242);
  assert.equal(reply.type, 'response');
  assert.equal(reply.flag_aa, true);
  assert.equal(reply.flag_rd, true);
  assert.equal(reply.flag_ra, false);
  assert.equal(reply.rcode, 'NOERROR');
  assert.deepEqual(reply.questions, [{ name: 'www.example.com', type: 'A', class: 'IN' }]);
  assert.deepEqual(reply.answers?.map((a) => [a.type, (a as { ttl: number }).ttl, (a as { data: unknown }).data]), [['A', 300, '192.0.2.1']]);
});

test('malformed and unexpected messages', async (t) => {
  const cases: Array<{ scenario: string; message: Buffer; want: string | 'drop' }> = [
    { scenario: 'shorter than a header is dropped', message: Buffer.from([1, 2, 3]), want: 'drop' },
    { scenario: 'a response is never answered', message: packet.encode({ type: 'response', id: 1, questions: [{ name: 'www.example.com', type: 'A' }] }), want: 'drop' },
    { scenario: 'a header promising a question that is not there', message: Buffer.from([0, 7, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]), want: 'FORMERR' },
    { scenario: 'a name with a forward compression pointer', message: Buffer.concat([Buffer.from([0, 7, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]), Buffer.from([0xc0, 0x20, 0, 1, 0, 1])]), want: 'FORMERR' },
    { scenario: 'random bytes', message: Buffer.from('0009000000ff00ff00ff00ffdeadbeefcafebabe', 'hex'), want: 'FORMERR' },
    { scenario: 'no question', message: packet.encode({ type: 'query', id: 9, questions: [] }), want: 'FORMERR' },
    { scenario: 'two questions', message: packet.encode({ type: 'query', id: 9, questions: [{ name: 'a.example.com', type: 'A' }, { name: 'b.example.com', type: 'A' }] }), want: 'FORMERR' },
    { scenario: 'opcode STATUS is not implemented', message: (() => { const b = encodeQuery('www.example.com', 'A', 9); b.writeUInt16BE(2 << 11, 2); return b; })(), want: 'NOTIMP' },
  ];
  for (const c of cases) {
    await t.test(c.scenario, () => {
      const handled = handleMessage(c.message, zones, udp);
      if (c.want === 'drop') {
        assert.equal(handled.response, undefined);
        return;
      }
      const reply = decode(handled.response);
      assert.equal(reply.rcode, c.want);
      assert.equal(reply.id, c.message.readUInt16BE(0));
    });
  }
});

test('EDNS: our OPT record is added, and an unknown EDNS version gets BADVERS', () => {
  const reply = decode(handleMessage(encodeQuery('www.example.com', 'A', 1, 4096), zones, udp).response);
  const opt = reply.additionals?.find((r): r is OptAnswer => r.type === 'OPT');
  assert.equal(opt?.udpPayloadSize, DEFAULT_MAX_UDP_PAYLOAD);

  const v1 = packet.encode({ type: 'query', id: 2, questions: [{ name: 'www.example.com', type: 'A' }], additionals: [
    { name: '.', type: 'OPT', udpPayloadSize: 4096, extendedRcode: 0, ednsVersion: 1, flags: 0, flag_do: false, options: [] }] });
  const handled = handleMessage(v1, zones, udp);
  assert.equal(handled.rcode, 'BADVERS');
  const bad = decode(handled.response);
  assert.equal(bad.answers?.length, 0);
  assert.equal(bad.additionals?.find((r): r is OptAnswer => r.type === 'OPT')?.extendedRcode, 1);
});

test('truncation: over 512 octets without EDNS sets TC and drops the records; EDNS and TCP get the full answer', () => {
  const plain = handleMessage(encodeQuery('big.example.com', 'A', 1), zones, udp);
  assert.equal(plain.truncated, true);
  assert.ok(plain.response && plain.response.length <= CLASSIC_UDP_PAYLOAD);
  const cut = decode(plain.response);
  assert.equal(cut.flag_tc, true);
  assert.equal(cut.answers?.length, 0);

  const edns = handleMessage(encodeQuery('big.example.com', 'A', 1, 4096), zones, udp);
  assert.equal(edns.truncated, false);
  assert.ok(edns.response && edns.response.length > CLASSIC_UDP_PAYLOAD && edns.response.length <= DEFAULT_MAX_UDP_PAYLOAD);
  assert.equal(decode(edns.response).answers?.length, manyTargets.length);

  const small = handleMessage(encodeQuery('big.example.com', 'A', 1, 600), zones, udp);
  assert.equal(small.truncated, true, 'a client advertising 600 octets must not get more');

  const tcp = handleMessage(encodeQuery('big.example.com', 'A', 1), zones, { transport: 'tcp' });
  assert.equal(tcp.truncated, false);
  assert.equal(decode(tcp.response).answers?.length, manyTargets.length);
});
