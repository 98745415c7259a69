// The manager's HTTP endpoints: /healthz and /readyz (200 `ok`, as kube components answer) and /metrics in the
// Prometheus text format. Health and metrics may share one listener or use two.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface Endpoint {
  server: http.Server;
  address: string;
}

export function parseHostPort(value: string, flag: string): { host: string; port: number } {
  const i = value.lastIndexOf(':');
  const host = i < 0 ? '' : value.slice(0, i).replace(/^\[(.*)\]$/, '$1');
  const portText = i < 0 ? value : value.slice(i + 1);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`${flag} must be HOST:PORT with a port from 0 to 65535, not "${value}"`);
  return { host: host || '0.0.0.0', port };
}

export async function listen(addr: { host: string; port: number }, handler: http.RequestListener): Promise<Endpoint> {
  const server = http.createServer({ keepAliveTimeout: 5_000 }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(addr.port, addr.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const a = server.address() as AddressInfo;
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return { server, address: `${host}:${a.port}` };
}

export function healthHandler(ready: () => boolean): http.RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' || path === '/livez') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok');
    } else if (path === '/readyz') {
      if (ready()) res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok');
      else res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('not ready');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    }
  };
}

export function metricsHandler(registry: Registry): http.RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(err instanceof Error ? err.message : String(err)),
    );
  };
}

export function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
