// The DNS server's sockets: UDP (node:dgram) and TCP (node:net, RFC 7766) on one port, answering through
// handleMessage from whichever ZoneSet was last handed to update(). Replacing the reference is the atomic swap: a
// query reads one ZoneSet from start to end and never sees a half-built one.
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { handleMessage, type HandledMessage, type Transport } from './message.js';
import { buildZones, type ZoneSet } from './zone.js';

/** RFC 7766 §6.2.3: servers close idle TCP connections; seconds-scale timeouts keep resource use bounded. */
const DEFAULT_TCP_IDLE_MS = 10_000;
/** Attempts at finding a port free for both UDP and TCP when asked for port 0. */
const PORT_ATTEMPTS = 20;

export interface DnsQueryEvent {
  transport: Transport;
  /** Question name and type; absent when the message could not be decoded. */
  name?: string;
  type?: string;
  /** Undefined when the message was dropped without an answer. */
  rcode?: HandledMessage['rcode'];
  truncated: boolean;
}

export interface DnsServerOptions {
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** Port for both UDP and TCP; 0 (default) picks one port free for both. */
  port?: number;
  udp?: boolean;
  tcp?: boolean;
  /** Zones served until the first update(); default none (every query REFUSED). */
  zones?: ZoneSet;
  maxUdpPayload?: number;
  tcpIdleTimeoutMs?: number;
  /** Called once per received message; keep it cheap, it runs on the answering path. */
  onQuery?: (event: DnsQueryEvent) => void;
  /** Socket errors that do not stop the server (a client resetting a connection, say). */
  onError?: (error: Error) => void;
}

export interface DnsServer {
  readonly host: string;
  readonly port: number;
  /** Serves `zones` from the next query on. */
  update(zones: ZoneSet): void;
  close(): Promise<void>;
}

export async function startDnsServer(options: DnsServerOptions = {}): Promise<DnsServer> {
  const host = options.host ?? '127.0.0.1';
  const wantUdp = options.udp ?? true;
  const wantTcp = options.tcp ?? true;
  if (!wantUdp && !wantTcp) throw new Error('startDnsServer: enable at least one of udp and tcp');
  let zones = options.zones ?? buildZones([], []);
  const onError = options.onError ?? (() => undefined);
  const connections = new Set<net.Socket>();

  const answer = (message: Buffer, transport: Transport): Buffer | undefined => {
    const handled = handleMessage(message, zones, { transport, maxUdpPayload: options.maxUdpPayload });
    options.onQuery?.({
      transport, name: handled.question?.name, type: handled.question?.type, rcode: handled.rcode, truncated: handled.truncated,
    });
    return handled.response;
  };

  const makeUdp = (): dgram.Socket => {
    const socket = dgram.createSocket({ type: net.isIPv6(host) ? 'udp6' : 'udp4' });
    socket.on('message', (message, remote) => {
      const response = answer(message, 'udp');
      if (response) socket.send(response, remote.port, remote.address, (err) => { if (err) onError(err); });
    });
    return socket;
  };
  const makeTcp = (): net.Server => net.createServer((conn) => {
    connections.add(conn);
    conn.setNoDelay(true);
    conn.setTimeout(options.tcpIdleTimeoutMs ?? DEFAULT_TCP_IDLE_MS, () => conn.destroy());
    conn.on('close', () => connections.delete(conn));
    conn.on('error', onError);
    let pending: Buffer = Buffer.alloc(0);
    conn.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      // RFC 1035 §4.2.2: each message is preceded by its two-octet length; clients may pipeline several.
      while (pending.length >= 2) {
        const length = pending.readUInt16BE(0);
        if (pending.length < 2 + length) break;
        const message = pending.subarray(2, 2 + length);
        pending = pending.subarray(2 + length);
        const response = answer(message, 'tcp');
        if (response) {
          const frame = Buffer.allocUnsafe(2 + response.length);
          frame.writeUInt16BE(response.length, 0);
          response.copy(frame, 2);
          conn.write(frame);
        } else if (message.length < 12) {
          conn.destroy();
          return;
        }
      }
    });
  });

  let udp: dgram.Socket | undefined;
  let tcp: net.Server | undefined;
  const requested = options.port ?? 0;
  let port = requested;
  for (let attempt = 1; ; attempt++) {
    try {
      if (wantUdp) {
        udp = makeUdp();
        await bindUdp(udp, requested, host);
        port = udp.address().port;
      }
      if (wantTcp) {
        tcp = makeTcp();
        await listenTcp(tcp, wantUdp ? port : requested, host);
        const address = tcp.address();
        if (address && typeof address === 'object') port = address.port;
      }
      break;
    } catch (err) {
      await closeAll(udp, tcp);
      udp = undefined;
      tcp = undefined;
      const inUse = err instanceof Error && (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      // Only a port we picked may be retried: the UDP port the OS chose can be taken for TCP by another program.
      if (!inUse || requested !== 0 || attempt >= PORT_ATTEMPTS) {
        throw new Error(`DNS server cannot listen on ${host}:${requested}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  udp?.on('error', onError);
  tcp?.on('error', onError);

  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    update(next: ZoneSet): void {
      zones = next;
    },
    close(): Promise<void> {
      closing ??= (async () => {
        for (const conn of connections) conn.destroy();
        await closeAll(udp, tcp);
      })();
      return closing;
    },
  };
}

function bindUdp(socket: dgram.Socket, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    socket.once('error', onError);
    socket.bind(port, host, () => {
      socket.off('error', onError);
      resolve();
    });
  });
}

function listenTcp(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function closeAll(udp: dgram.Socket | undefined, tcp: net.Server | undefined): Promise<void> {
  await Promise.all([
    new Promise<void>((resolve) => {
      if (!udp) return resolve();
      try {
        udp.close(() => resolve());
      } catch {
        resolve();
      }
    }),
    new Promise<void>((resolve) => {
      if (!tcp || !tcp.listening) return resolve();
      tcp.close(() => resolve());
    }),
  ]);
}
