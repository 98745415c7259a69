// Writing responses and reading request bodies. Stored objects are immutable, so their JSON text is cached per
// object: a list or a watch fan-out serialises each object once, however many clients read it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, Status } from '../../common/object.js';
import { ApiError, internalError, requestEntityTooLarge } from './api-error.js';

const jsonCache = new WeakMap<object, string>();

/** JSON text of a stored (never mutated) object, computed once. */
export function objectJson(o: KubeObject): string {
  let s = jsonCache.get(o);
  if (s === undefined) {
    s = JSON.stringify(o);
    jsonCache.set(o, s);
  }
  return s;
}

export function sendText(res: ServerResponse, code: number, contentType: string, body: string, headers: Record<string, string | string[]> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, code: number, value: unknown, headers: Record<string, string | string[]> = {}, contentType = 'application/json'): void {
  sendText(res, code, contentType, JSON.stringify(value), headers);
}

export function sendStatus(res: ServerResponse, status: Status, headers: Record<string, string | string[]> = {}): void {
  sendJson(res, status.code, status, headers);
}

export function sendError(res: ServerResponse, err: unknown, log: (msg: string) => void): void {
  if (err instanceof ApiError) {
    sendStatus(res, err.status);
    return;
  }
  log(`internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  sendStatus(res, internalError(err instanceof Error ? err.message : String(err)).status);
}

/** kube-apiserver's default request size limit (3 MiB, --max-request-bytes for etcd objects is 1.5 MiB). */
const MAX_BODY = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(requestEntityTooLarge('the request body is too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Warning headers (RFC 7234 style, code 299) as kube-apiserver sends them. */
export function warningHeaders(warnings: string[]): Record<string, string[]> {
  if (warnings.length === 0) return {};
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) };
}
