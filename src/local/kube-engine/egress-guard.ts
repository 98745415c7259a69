// The real engine's guard on kube-apiserver's traffic to the cluster network. kube-apiserver dials nodes, pods and
// Services for `kubectl logs/exec/port-forward`, the pods/proxy and services/proxy subresources, and
// Service-referenced webhooks and APIServices. Its egress selector (--egress-selector-config-file, "cluster"
// network) sends all of that as HTTP CONNECT through the unix socket served here, which lets through only
// destinations in 127.0.0.0/8 and refuses the rest with 403. So pod and Service addresses can be ordinary cluster
// addresses (which Endpoints must hold: kube-apiserver rejects loopback endpoint addresses), while no process of
// the engine ever sends a packet off loopback. URL webhooks use the "controlplane" network and dial directly.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

const MAX_HEADER_BYTES = 8192;

/** host:port of a CONNECT request line, or undefined when the head is not one. */
export function connectTarget(head: string): { host: string; port: number } | undefined {
  const m = /^CONNECT (\S+) HTTP\/1\.[01]\r\n/.exec(head);
  if (!m || !m[1]) return undefined;
  const at = m[1].lastIndexOf(':');
  if (at <= 0) return undefined;
  const host = m[1].slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const port = Number(m[1].slice(at + 1));
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host, port };
}

/** Loopback only: 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';
}

export interface EgressGuard {
  close(): Promise<void>;
}

export async function startEgressGuard(socketPath: string, log: (line: string) => void): Promise<EgressGuard> {
  rmSync(socketPath, { force: true });
  const server: Server = createServer((client) => handle(client, log));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return {
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        rmSync(socketPath, { force: true });
      }),
  };
}

function handle(client: Socket, log: (line: string) => void): void {
  let head = Buffer.alloc(0);
  client.on('error', () => client.destroy());
  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) {
      if (head.length > MAX_HEADER_BYTES) client.end('HTTP/1.1 431 Request Header Fields Too Large\r\n\r\n');
      return;
    }
    client.off('data', onData);
    const target = connectTarget(head.subarray(0, end + 4).toString('latin1'));
    if (!target) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    if (!isLoopback(target.host)) {
      log(`egress guard: refused kube-apiserver's connection to ${target.host}:${target.port} (only 127.0.0.0/8 is reachable here)`);
      client.end(`HTTP/1.1 403 Forbidden\r\n\r\n`);
      return;
    }
    const upstream = connect(target.port, target.host, () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      const rest = head.subarray(end + 4);
      if (rest.length > 0) upstream.write(rest);
      client.pipe(upstream).pipe(client);
    });
    upstream.on('error', () => {
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
  };
  client.on('data', onData);
}

/** kube-apiserver's EgressSelectorConfiguration: the "cluster" network through the guard's socket. */
export async function writeEgressSelectorConfig(file: string, socketPath: string): Promise<void> {
  const doc = {
    apiVersion: 'apiserver.k8s.io/v1beta1',
    kind: 'EgressSelectorConfiguration',
    egressSelections: [{ name: 'cluster', connection: { proxyProtocol: 'HTTPConnect', transport: { uds: { udsName: socketPath } } } }],
  };
  await writeFile(file, stringify(doc));
}
