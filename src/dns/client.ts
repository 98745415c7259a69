// A minimal stub-resolver client over UDP and TCP, for the demo (where `dig` is missing), tests and the benchmark.
// It sends one question with RD clear, as a resolver asking an authoritative server does.
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { randomInt } from 'node:crypto';
import * as packet from 'dns-packet';
import type { DecodedPacket, OptAnswer, RecordType } from 'dns-packet';

export interface QueryOptions {
  /** Default 2000 ms. */
  timeoutMs?: number;
  /** Advertise EDNS with this UDP payload size (RFC 6891); no OPT record when absent. */
  ednsPayload?: number;
}

export interface DnsReply extends DecodedPacket {
  rcode: string;
}

export function encodeQuery(name: string, type: RecordType, id: number, ednsPayload?: number): Buffer {
  const additionals: OptAnswer[] = ednsPayload === undefined ? [] : [{
    name: '.', type: 'OPT', udpPayloadSize: ednsPayload, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [],
  }];
  return packet.encode({ type: 'query', id, flags: 0, questions: [{ name, type, class: 'IN' }], additionals });
}

/** Sends one query over UDP and resolves with the decoded reply; rejects on timeout. */
export function queryUdp(host: string, port: number, name: string, type: RecordType, options: QueryOptions = {}): Promise<DnsReply> {
  const id = randomInt(0, 0x10000);
  const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  return new Promise<DnsReply>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no DNS answer from ${host}:${port} over UDP within ${options.timeoutMs ?? 2000} ms`)), options.timeoutMs ?? 2000);
    let done = false;
    const finish = (err: Error | undefined, reply?: DnsReply): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else if (reply) resolve(reply);
    };
    socket.on('error', (err) => finish(err));
    socket.on('message', (message) => {
      let reply: DnsReply;
      try {
        reply = packet.decode(message) as DnsReply;
      } catch (err) {
        finish(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (reply.id === id) finish(undefined, reply);
    });
    socket.send(encodeQuery(name, type, id, options.ednsPayload), port, host, (err) => { if (err) finish(err); });
  });
}

/** Sends the given queries pipelined on one TCP connection and resolves with the replies in order. */
export function queryTcp(
  host: string,
  port: number,
  questions: ReadonlyArray<{ name: string; type: RecordType }>,
  options: QueryOptions = {},
): Promise<DnsReply[]> {
  return new Promise<DnsReply[]>((resolve, reject) => {
    const replies: DnsReply[] = [];
    let pending: Buffer = Buffer.alloc(0);
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => finish(new Error(`no DNS answer from ${host}:${port} over TCP within ${options.timeoutMs ?? 2000} ms`)), options.timeoutMs ?? 2000);
    let done = false;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(replies);
    };
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(replies.length === questions.length ? undefined : new Error(`DNS server at ${host}:${port} closed the TCP connection after ${replies.length} of ${questions.length} answers`)));
    socket.on('connect', () => {
      const frames = questions.map((q, i) => {
        const message = encodeQuery(q.name, q.type, i + 1);
        const frame = Buffer.alloc(2 + message.length);
        frame.writeUInt16BE(message.length, 0);
        message.copy(frame, 2);
        return frame;
      });
      socket.write(Buffer.concat(frames));
    });
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const length = pending.readUInt16BE(0);
        try {
          replies.push(packet.decode(pending.subarray(2, 2 + length)) as DnsReply);
        } catch (err) {
          finish(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        pending = pending.subarray(2 + length);
      }
      if (replies.length === questions.length) finish();
    });
  });
}
