// One DNS message in, at most one DNS message out: decoding, EDNS (RFC 6891), header flags, truncation (RFC 1035
// §4.2.1) and the error rcodes. Transport-independent, so UDP and TCP answer identically and tests need no sockets.
import * as packet from 'dns-packet';
import type { Answer as PacketRecord, OptAnswer } from 'dns-packet';
import type { DnsQuestion, Rcode, ZoneSet } from './zone.js';

/** RFC 1035 §4.2.1: without EDNS a UDP message is at most 512 octets. */
export const CLASSIC_UDP_PAYLOAD = 512;
/**
 * The largest UDP payload we send even when a client advertises more: 1232 octets avoids IP fragmentation on any
 * path (DNS Flag Day 2020), and is BIND's and Unbound's default.
 */
export const DEFAULT_MAX_UDP_PAYLOAD = 1232;
const HEADER_LENGTH = 12;
/** RFC 6891 §9: BADVERS is extended rcode 16, carried as 1 in the OPT record's upper rcode bits with 0 in the header. */
const BADVERS_EXTENDED = 1;

const RCODE_NUMBERS: Record<Rcode, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };

export type Transport = 'udp' | 'tcp';

export interface HandledMessage {
  /** The encoded reply, or undefined when the message must be dropped (too short to answer, or itself a response). */
  response?: Buffer;
  /** 'BADVERS' for an unsupported EDNS version, otherwise the header rcode; undefined when dropped. */
  rcode?: Rcode | 'BADVERS';
  question?: DnsQuestion;
  truncated: boolean;
}

export interface HandleOptions {
  transport: Transport;
  maxUdpPayload?: number;
}

/** Answers one query message from `zones`. Never throws: malformed input yields FORMERR or a drop. */
export function handleMessage(message: Buffer, zones: ZoneSet, options: HandleOptions): HandledMessage {
  if (message.length < HEADER_LENGTH) return { truncated: false };
  const id = message.readUInt16BE(0);
  const flags = message.readUInt16BE(2);
  // Answering responses would let two servers bounce packets at each other forever.
  if (flags & 0x8000) return { truncated: false };
  const opcodeBits = flags & 0x7800;
  const rd = flags & packet.RECURSION_DESIRED;
  const headerOnly = (rcode: Rcode): HandledMessage => ({
    response: packet.encode({ type: 'response', id, flags: opcodeBits | rd | RCODE_NUMBERS[rcode] }),
    rcode,
    truncated: false,
  });

  let query: packet.DecodedPacket;
  try {
    query = packet.decode(message);
  } catch {
    return headerOnly('FORMERR');
  }
  const questions = query.questions ?? [];
  const opts = (query.additionals ?? []).filter((r): r is OptAnswer => r.type === 'OPT');
  if (opcodeBits !== 0) return headerOnly('NOTIMP');
  if (questions.length !== 1 || opts.length > 1) return headerOnly('FORMERR');
  const question = questions[0];
  const opt = opts[0];
  const maxUdp = options.maxUdpPayload ?? DEFAULT_MAX_UDP_PAYLOAD;
  const ourOpt = (extendedRcode: number): OptAnswer => ({
    name: '.', type: 'OPT', udpPayloadSize: maxUdp, extendedRcode, ednsVersion: 0, flags: 0, flag_do: false, options: [],
  });
  const base = { type: 'response' as const, id, questions: [question] };

  if (opt && opt.ednsVersion > 0) {
    const response = packet.encode({ ...base, flags: rd, additionals: [ourOpt(BADVERS_EXTENDED)] });
    return { response, rcode: 'BADVERS', question, truncated: false };
  }

  let rcode: Rcode;
  let sections: { answers: PacketRecord[]; authorities: PacketRecord[]; additionals: PacketRecord[] };
  let aa = 0;
  try {
    const result = zones.answer(question);
    rcode = result.rcode;
    aa = result.authoritative ? packet.AUTHORITATIVE_ANSWER : 0;
    sections = { answers: result.answers, authorities: result.authority, additionals: result.additional };
  } catch {
    rcode = 'SERVFAIL';
    sections = { answers: [], authorities: [], additionals: [] };
  }
  const edns = opt ? [ourOpt(0)] : [];
  const headerFlags = aa | rd | RCODE_NUMBERS[rcode];
  const limit = options.transport === 'tcp' ? 0xffff
    : opt ? Math.max(CLASSIC_UDP_PAYLOAD, Math.min(opt.udpPayloadSize, maxUdp)) : CLASSIC_UDP_PAYLOAD;
  try {
    const full = packet.encode({ ...base, flags: headerFlags, ...sections, additionals: [...sections.additionals, ...edns] });
    if (full.length <= limit) return { response: full, rcode, question, truncated: false };
    // RFC 2181 §9: a truncated reply sets TC and the client retries over TCP, so partial RRsets are not worth sending.
    const cut = packet.encode({ ...base, flags: headerFlags | packet.TRUNCATED_RESPONSE, additionals: edns });
    return { response: cut, rcode, question, truncated: true };
  } catch {
    return { ...headerOnly('SERVFAIL'), question };
  }
}
