// A Target over one local cluster: the real kubectl binaries (the dispatcher or a pinned kubectl.1.NN, each with its
// own discovery cache under the cluster set's HOME) and raw HTTPS with the admin token and the cluster CA.
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { dirname, join } from 'node:path';
import { run, type ClusterCredentials, type Engine } from '../harness.js';
import type { HttpOutput, KubectlOptions, KubectlOutput, RequestOptions, Target, WatchEvent, WatchOptions, WatchOutput } from './scenario.js';

/** What a Target needs of a cluster set (harness Clusters has all of it). */
export interface ClusterHandle {
  readonly engine: Engine;
  readonly kubeconfig: string;
  readonly home: string;
  credentials(context: string): ClusterCredentials;
}

/** The folder of the gcloud dispatcher, which also holds kubectl.1.27 … kubectl.1.33. */
const KUBECTL_DIR = dirname(realpathSync(execFileSync('sh', ['-c', 'command -v kubectl']).toString().trim()));

/** Requests that never answer would hang a scenario forever; the real server answers every request here well within this. */
const REQUEST_TIMEOUT_MS = 20_000;

export interface ClosableTarget extends Target {
  close(): void;
}

export function targetFor(c: ClusterHandle, namespace: string, scratch: string, context = 'cluster1'): ClosableTarget {
  const creds = c.credentials(context);
  const agent = new Agent({ ca: creds.caPem, keepAlive: true });
  const base = new URL(creds.server);
  mkdirSync(scratch, { recursive: true });

  const send = (method: string, path: string, opts: RequestOptions): Promise<{ status: number; contentType: string; text: string; warnings?: string[] }> =>
    new Promise((resolve, reject) => {
      const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
      const token = opts.token ?? creds.token;
      if (token) headers.Authorization = `Bearer ${token}`;
      if (body !== undefined) {
        headers['Content-Type'] = opts.contentType ?? 'application/json';
        // Node sends DELETE bodies without framing unless told their length; the server would read them as a request.
        headers['Content-Length'] = String(Buffer.byteLength(body));
      }
      const req = httpsRequest({ hostname: base.hostname, port: base.port, path, method, headers, agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          const warnings = warningTexts(res.headers.warning);
          resolve({ status: res.statusCode ?? 0, contentType: mediaType(res.headers['content-type']), text, ...(warnings.length ? { warnings } : {}) });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer after ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });

  const kubectl = (args: string[], opts: KubectlOptions = {}): Promise<KubectlOutput> => {
    const minor = opts.minor ?? 32;
    const bin = minor === 32 ? 'kubectl' : join(KUBECTL_DIR, `kubectl.1.${minor}`);
    const cache = join(c.home, 'fidelity-cache', `1.${minor}`);
    return run(bin, [`--kubeconfig=${c.kubeconfig}`, `--cache-dir=${cache}`, ...args], {
      env: { HOME: c.home, KUBECONFIG: '' }, ...(opts.input === undefined ? {} : { input: opts.input }),
    });
  };

  const watch = (path: string, opts: WatchOptions = {}): Promise<WatchOutput> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${creds.token}` };
      const events: WatchEvent[] = [];
      let status = 0;
      let settled = false;
      const req = httpsRequest({ hostname: base.hostname, port: base.port, path, method: 'GET', headers, agent: false, ca: creds.caPem }, (res) => {
        status = res.statusCode ?? 0;
        let buf = '';
        res.setEncoding('utf8');
        if (status !== 200) {
          res.on('data', (d: string) => (buf += d));
          res.on('end', () => finish(parseBody(buf)));
          return;
        }
        res.on('data', (d: string) => {
          buf += d;
          for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (line) events.push(JSON.parse(line) as WatchEvent);
          }
          if (opts.until?.(events)) finish();
        });
        res.on('end', () => finish());
        res.on('error', () => finish());
        if (opts.onOpen) opts.onOpen().catch((e: unknown) => fail(e));
      });
      const finish = (body?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        resolve(body === undefined ? { status, events } : { status, events, body });
      };
      const fail = (e: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      const timer = setTimeout(() => finish(), opts.timeoutMs ?? 5000);
      req.on('error', (e) => (status === 0 ? fail(e) : finish()));
      req.end();
    });

  return {
    engine: c.engine,
    namespace,
    kubeconfig: c.kubeconfig,
    server: creds.server,
    home: c.home,
    kubectl,
    async request(method: string, path: string, opts: RequestOptions = {}): Promise<HttpOutput> {
      // A request that fails without an answer (a hung watch, a reset) is recorded, not thrown: it is an output too.
      const r = await send(method, path, opts).catch((e: unknown) => ({ status: 0, contentType: '', text: e instanceof Error ? e.message : String(e) }));
      const body = r.contentType.includes('json') ? parseBody(r.text) : r.text;
      return { status: r.status, contentType: r.contentType, body, ...('warnings' in r && r.warnings ? { warnings: r.warnings } : {}) };
    },
    watch,
    file(name: string, content: string): string {
      const p = join(scratch, name);
      writeFileSync(p, content);
      return p;
    },
    close(): void {
      agent.destroy();
    },
  };
}

/** The media type with its parameters in the order sent, minus `charset` (both servers send UTF-8). */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';').map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('charset=')).join(';');
}

/** `299 - "text"` warning headers (one header, or several joined by commas) → the texts. */
function warningTexts(header: string | string[] | undefined): string[] {
  const all = Array.isArray(header) ? header.join(', ') : header ?? '';
  return [...all.matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] as string).replace(/\\(.)/g, '$1'));
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
