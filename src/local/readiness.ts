// Readiness probing over HTTPS with the cluster's own CA, as a client holding the kubeconfig would connect; a
// certificate the CA did not sign, or without the loopback IP SAN, fails here instead of in the user's kubectl.
import { request } from 'node:https';

export interface ProbeTarget {
  url: string;
  caPem: string;
  token: string;
  /** What must answer 200 (default `/readyz`); the real engine adds the `default` ServiceAccount. */
  paths?: string[];
}

/** GETs every path (`/readyz` by default): true when all answer 200, false on anything else or a timeout. */
export async function probeReady(target: ProbeTarget, timeoutMs: number): Promise<boolean> {
  for (const path of target.paths ?? ['/readyz']) {
    if (!(await probePath(target, path, timeoutMs))) return false;
  }
  return true;
}

function probePath(target: ProbeTarget, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      new URL(path, target.url),
      { ca: target.caPem, headers: { Authorization: `Bearer ${target.token}` }, timeout: timeoutMs, agent: false },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

const POLL_MS = 50;

/**
 * Polls `/readyz` until it answers 200. Stops early when `failed()` returns a reason (the process exited) and
 * rejects with it; rejects after `timeoutMs` otherwise.
 */
export async function waitUntilReady(target: ProbeTarget, timeoutMs: number, failed: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reason = failed();
    if (reason !== undefined) throw new Error(reason);
    if (await probeReady(target, Math.min(2000, Math.max(100, deadline - Date.now())))) return;
    if (Date.now() >= deadline) {
      throw new Error(`did not answer ${(target.paths ?? ['/readyz']).join(' and ')} within ${Math.round(timeoutMs / 1000)}s`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
