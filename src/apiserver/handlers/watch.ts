// Watch streams (kubectl-wire §7): a chunked response of {"type","object"} lines. From resourceVersion N every
// change after N is replayed from the watch history (410 Expired as an ERROR event when N is too old); from 0 or
// no RV, synthetic ADDED events for current matches come first. Selector transitions follow the watch cache:
// an object that stops matching is sent as DELETED, one that starts matching as ADDED.
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../../common/object.js';
import { gone } from '../http/api-error.js';
import type { ObjectView } from '../http/media-type.js';
import { objectJson } from '../http/respond.js';
import type { ObjectService } from '../objects/object-service.js';
import type { ResourceType } from '../registry/resource-type.js';
import { gvString } from '../registry/resource-type.js';
import type { ChangeEvent } from '../storage/watch-history.js';
import { partialMetadata } from './object-views.js';
import { selects, type Selection } from './selection.js';
import { tableFor, type TableOptions } from './table-view.js';

export interface WatchRequest {
  type: ResourceType;
  selection: Selection;
  /** undefined or "0": start with the current state. */
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowBookmarks: boolean;
  bookmarkIntervalMs: number;
  sendInitialEvents: boolean;
  view: ObjectView;
  table: TableOptions;
}

/** Beyond this much unsent data the client is too slow; the stream is cut (it will re-watch). */
const MAX_BUFFERED = 32 * 1024 * 1024;

export function serveWatch(res: ServerResponse, svc: ObjectService, w: WatchRequest): void {
  const t = w.type;
  const store = svc.store;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  let firstTable = true;
  let closed = false;

  const render = (type: string, o: KubeObject): string => {
    const viewed = svc.view(t, o);
    let body: string;
    if (w.view.kind === 'table') {
      body = JSON.stringify(tableFor(t, [viewed], { resourceVersion: o.metadata.resourceVersion ?? '' }, w.view.version, { ...w.table, omitColumns: !firstTable }));
      firstTable = false;
    } else if (w.view.kind === 'metadata') {
      body = JSON.stringify(partialMetadata(viewed, w.view.version));
    } else {
      body = objectJson(viewed);
    }
    return `{"type":"${type}","object":${body}}\n`;
  };

  const send = (line: string): void => {
    if (closed) return;
    res.write(line);
    if (res.writableLength > MAX_BUFFERED) finish();
  };

  const deliver = (ev: ChangeEvent): void => {
    if (ev.storageKey !== t.storageKey) return;
    const nowMatches = ev.type !== 'DELETED' && selects(t, w.selection, ev.object);
    const before = ev.prev !== undefined && selects(t, w.selection, ev.prev);
    if (ev.type === 'ADDED') {
      if (nowMatches) send(render('ADDED', ev.object));
    } else if (ev.type === 'MODIFIED') {
      if (nowMatches && before) send(render('MODIFIED', ev.object));
      else if (nowMatches) send(render('ADDED', ev.object));
      else if (before) send(render('DELETED', { ...(ev.prev as KubeObject), metadata: { ...(ev.prev as KubeObject).metadata, resourceVersion: String(ev.rv) } }));
    } else if (before) {
      send(render('DELETED', ev.object));
    }
  };

  const rv = w.resourceVersion;
  let backlog: ChangeEvent[] = [];
  const initial: KubeObject[] = [];
  if (rv === undefined || rv === '' || rv === '0' || w.sendInitialEvents) {
    const sel = w.selection;
    if (sel.name !== undefined && sel.namespace !== undefined) {
      const o = store.get(t.storageKey, sel.namespace, sel.name);
      if (o && selects(t, sel, o)) initial.push(o);
    } else {
      for (const o of store.list(t.storageKey, sel.namespace)) if (selects(t, sel, o)) initial.push(o);
    }
  } else {
    const n = Number(rv);
    const events = Number.isFinite(n) ? store.history.since(n) : undefined;
    if (!events) {
      const err = gone(`too old resource version: ${rv} (${store.history.floor + 1})`).status;
      res.end(`{"type":"ERROR","object":${JSON.stringify(err)}}\n`);
      return;
    }
    backlog = events;
  }

  // A rendering failure ends this watch (the client re-watches) instead of failing the write that triggered it.
  const unsubscribe = store.subscribe(t.storageKey, (ev) => {
    try {
      deliver(ev);
    } catch {
      finish();
    }
  });
  const timers: { timeout?: NodeJS.Timeout; bookmarks?: NodeJS.Timeout } = {};
  function finish(): void {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearTimeout(timers.timeout);
    clearInterval(timers.bookmarks);
    res.end();
  }
  res.on('close', finish);

  for (const o of initial) send(render('ADDED', o));
  for (const ev of backlog) deliver(ev);
  const bookmark = (initialEnd: boolean): void => {
    const meta: Record<string, unknown> = { resourceVersion: String(store.resourceVersion) };
    if (initialEnd) meta.annotations = { 'k8s.io/initial-events-end': 'true' };
    send(`{"type":"BOOKMARK","object":${JSON.stringify({ kind: t.kind, apiVersion: gvString(t), metadata: meta })}}\n`);
  };
  if (w.sendInitialEvents && w.allowBookmarks) bookmark(true);

  // Without timeoutSeconds kube-apiserver picks a random duration in [MinRequestTimeout, 2*MinRequestTimeout)
  // (30-60 minutes), so long-lived watchers spread their reconnects.
  const seconds = w.timeoutSeconds ?? 1800 * (1 + Math.random());
  if (closed) return;
  timers.timeout = setTimeout(finish, seconds * 1000);
  if (w.allowBookmarks) timers.bookmarks = setInterval(() => bookmark(false), w.bookmarkIntervalMs);
}
