// For tests that drive an in-process API server over loopback HTTP: one server per test file (started in `before`,
// closed in `after`) and a JSON request helper.
import { after, before } from 'node:test';
import { startApiServer, type ApiServerOptions, type RunningApiServer } from '../server.js';

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export interface InProcessServer {
  /** The running server; valid inside tests (after `before` ran). */
  readonly server: RunningApiServer;
  call(method: string, path: string, body?: unknown, contentType?: string): Promise<Reply>;
}

export function useInProcessServer(options: ApiServerOptions = {}): InProcessServer {
  let server: RunningApiServer | undefined;
  before(async () => {
    server = await startApiServer(options);
  });
  after(async () => {
    await server?.close();
  });
  const running = (): RunningApiServer => {
    if (!server) throw new Error('the in-process API server is not started yet: use it inside a test');
    return server;
  };
  return {
    get server() {
      return running();
    },
    async call(method, path, body, contentType = 'application/json') {
      const res = await fetch(`${running().url}${path}`, {
        method,
        headers: { 'Content-Type': contentType },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
  };
}
