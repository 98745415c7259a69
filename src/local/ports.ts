// Loopback port selection. Free ports come from the OS (listen on port 0); every listener is held open until all
// ports are chosen so that two clusters never get the same one.
import { createServer, type Server } from 'node:net';

export const LOOPBACK = '127.0.0.1';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: LOOPBACK, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Whether nothing listens on `port` on the loopback address right now. */
export async function isPortFree(port: number): Promise<boolean> {
  try {
    await close(await listen(port));
    return true;
  } catch {
    return false;
  }
}

/** `count` distinct ports that were free at the time of the call. */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listen(0));
    return servers.map((s) => {
      const address = s.address();
      if (address === null || typeof address === 'string') throw new Error('the OS did not report a TCP port');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map(close));
  }
}
