// Resource endpoints: /api/v1/... and /apis/{g}/{v}/[namespaces/{ns}/]{resource}[/{name}[/{sub}]], mapped to the
// ObjectService with kube-apiserver's verbs, query parameters, status codes and bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import type { FieldValidation } from '../admission/admission.js';
import {
  badRequest, methodNotAllowed, notAcceptable, notFound, notFoundPath, successStatus, unprocessable,
} from '../http/api-error.js';
import { bareContentType, negotiateObjectView, type ObjectView } from '../http/media-type.js';
import type { ResourceRequest } from '../http/request-info.js';
import { readBody, sendJson, sendText, warningHeaders } from '../http/respond.js';
import { applyConfiguration, defaultFieldManager } from '../objects/field-managers.js';
import type { DeleteOptions, ObjectService, WriteOptions, WriteResult } from '../objects/object-service.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { renderList, renderObject } from './object-views.js';
import { APPLY_PATCH, applyPatch, checkPatchType } from './patch-types.js';
import { decodeObjectBody, parseJsonOrYaml } from './request-body.js';
import { applyScale, scaleOf } from './scale.js';
import { parseSelection, selects } from './selection.js';
import type { TableOptions } from './table-view.js';
import { serveWatch } from './watch.js';

export interface ResourceHandlerContext {
  registry: Registry;
  service: ObjectService;
  bookmarkIntervalMs: number;
  /** Handles creates of review kinds (nothing stored), e.g. selfsubjectaccessreviews. */
  review?: (t: ResourceType, body: unknown, user: string) => KubeObject;
}

export interface Caller {
  user: string;
}

function errTarget(t: ResourceType): { group: string; resource: string } {
  return { group: t.group, resource: t.resource };
}

function parseFieldValidation(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`);
}

function parseDryRun(q: URLSearchParams): boolean {
  const all = q.getAll('dryRun');
  for (const v of all) {
    if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  }
  return all.length > 0;
}

function writeOptions(q: URLSearchParams, userAgent: string | undefined): WriteOptions {
  return { dryRun: parseDryRun(q), fieldValidation: parseFieldValidation(q), fieldManager: q.get('fieldManager') || defaultFieldManager(userAgent) };
}

function tableOptions(q: URLSearchParams): TableOptions {
  const v = q.get('includeObject');
  return { includeObject: v === 'None' || v === 'Object' ? v : 'Metadata' };
}

/** Kinds whose DELETE answers with the deleted object (registry ReturnDeletedObject); the others with a Status. */
function returnsDeletedObject(t: ResourceType): boolean {
  return !!t.custom || ['/services', '/namespaces', 'apiextensions.k8s.io/customresourcedefinitions'].includes(t.storageKey);
}

export async function handleResource(req: IncomingMessage, res: ServerResponse, rr: ResourceRequest, query: URLSearchParams,
  ctx: ResourceHandlerContext, caller: Caller): Promise<void> {
  const t = ctx.registry.get(rr.group, rr.version, rr.resource);
  if (!t) throw notFoundPath();
  if (!t.namespaced && rr.namespace) throw notFoundPath();
  const sub = rr.subresource;
  if (sub && !rr.name) throw notFoundPath();
  if (sub && !((sub === 'status' && t.status) || (sub === 'scale' && t.scale))) throw notFoundPath();
  const method = req.method ?? 'GET';
  const view = negotiateObjectView(req.headers.accept);
  if (!view) throw notAcceptable('only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf');
  const svc = ctx.service;
  const ns = rr.namespace;
  const allowed = (verb: string): void => {
    if (!t.verbs.includes(verb)) throw methodNotAllowed();
  };

  const reply = (code: number, o: KubeObject, warnings: string[] = []): void => {
    const r = renderObject(t, o.kind === 'Scale' ? o : svc.view(t, o), o.kind === 'Scale' ? { kind: 'json' } : view, tableOptions(query));
    sendText(res, code, r.contentType, r.body, warningHeaders(warnings));
  };

  switch (method) {
    case 'GET': {
      if (rr.name) {
        allowed('get');
        const o = svc.get(t, ns, rr.name);
        reply(200, sub === 'scale' ? scaleOf(t, o) : o);
        return;
      }
      const watch = query.get('watch');
      if (watch === 'true' || watch === '1') {
        allowed('watch');
        const ts = query.get('timeoutSeconds');
        serveWatch(res, svc, {
          type: t,
          selection: parseSelection(t, ns, query),
          resourceVersion: query.get('resourceVersion') ?? undefined,
          timeoutSeconds: ts ? Number(ts) : undefined,
          allowBookmarks: query.get('allowWatchBookmarks') === 'true',
          bookmarkIntervalMs: ctx.bookmarkIntervalMs,
          sendInitialEvents: query.get('sendInitialEvents') === 'true',
          view,
          table: tableOptions(query),
        });
        return;
      }
      allowed('list');
      listResponse(res, t, ns, query, svc, view);
      return;
    }
    case 'POST': {
      if (rr.name) throw methodNotAllowed();
      allowed('create');
      const body = decodeObjectBody(req.headers['content-type'], await readBody(req));
      if (ctx.review && t.storageKey === 'authorization.k8s.io/selfsubjectaccessreviews') {
        sendJson(res, 201, ctx.review(t, body, caller.user));
        return;
      }
      const r = svc.create(t, ns, body, writeOptions(query, req.headers['user-agent']));
      reply(201, r.object, r.warnings);
      return;
    }
    case 'PUT': {
      if (!rr.name) throw methodNotAllowed();
      allowed('update');
      const body = decodeObjectBody(req.headers['content-type'], await readBody(req));
      const opts = writeOptions(query, req.headers['user-agent']);
      if (sub === 'scale') {
        const r = svc.mutate(t, ns, rr.name, '', opts, (cur) => applyScale(t, cur, body));
        reply(200, scaleOf(t, r.object), r.warnings);
        return;
      }
      const r = svc.update(t, ns, rr.name, body, sub === 'status' ? 'status' : '', opts);
      reply(200, r.object, r.warnings);
      return;
    }
    case 'PATCH': {
      if (!rr.name) throw methodNotAllowed();
      allowed('patch');
      const ct = bareContentType(req.headers['content-type']);
      checkPatchType(t, ct);
      const patch = parseJsonOrYaml(ct, await readBody(req));
      const opts = writeOptions(query, req.headers['user-agent']);
      if (ct === APPLY_PATCH) {
        applyPatchRequest(t, ns, rr.name, sub, patch, query, opts, svc, reply);
        return;
      }
      let r: WriteResult;
      if (sub === 'scale') {
        r = svc.mutate(t, ns, rr.name, '', opts, (cur) => applyScale(t, cur, applyPatch(t, ct, scaleOf(t, cur), patch)));
        reply(200, scaleOf(t, r.object), r.warnings);
        return;
      }
      r = svc.mutate(t, ns, rr.name, sub === 'status' ? 'status' : '', opts, (cur) => applyPatch(t, ct, cur, patch));
      reply(200, r.object, r.warnings);
      return;
    }
    case 'DELETE': {
      const raw = await readBody(req);
      const opts = deleteOptions(raw, query);
      if (!rr.name) {
        allowed('deletecollection');
        const sel = parseSelection(t, ns, query);
        const deleted: KubeObject[] = [];
        for (const o of [...svc.store.list(t.storageKey, sel.namespace)]) {
          if (!selects(t, sel, o)) continue;
          deleted.push(svc.view(t, svc.delete(t, o.metadata.namespace ?? '', o.metadata.name ?? '', opts).object));
        }
        const r = renderList(t, deleted, { resourceVersion: String(svc.store.resourceVersion) }, { kind: 'json' }, tableOptions(query));
        sendText(res, 200, r.contentType, r.body);
        return;
      }
      if (sub) throw methodNotAllowed();
      allowed('delete');
      const r = svc.delete(t, ns, rr.name, opts);
      if (r.deleted && !returnsDeletedObject(t)) {
        sendJson(res, 200, successStatus(errTarget(t), rr.name, r.object.metadata.uid));
        return;
      }
      reply(200, r.object);
      return;
    }
    default:
      throw methodNotAllowed();
  }
}

function applyPatchRequest(t: ResourceType, ns: string, name: string, sub: string, patch: unknown,
  query: URLSearchParams, opts: WriteOptions, svc: ObjectService, reply: (code: number, o: KubeObject, w?: string[]) => void): void {
  const fieldManager = query.get('fieldManager');
  if (!fieldManager) {
    throw unprocessable('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  }
  const force = query.get('force') === 'true';
  const applyOpts: WriteOptions = { ...opts, fieldManager, applied: true };
  const current = svc.find(t, ns, name);
  if (!current) {
    if (sub) throw notFound({ group: t.group, resource: t.resource }, name);
    const created = svc.create(t, ns, applyConfiguration(t, undefined, patch, fieldManager, force, ''), applyOpts);
    reply(201, created.object, created.warnings);
    return;
  }
  const r = svc.mutate(t, ns, name, sub === 'status' ? 'status' : '', applyOpts, (cur) => applyConfiguration(t, cur, patch, fieldManager, force, sub));
  reply(200, r.object, r.warnings);
}

function deleteOptions(raw: Buffer, query: URLSearchParams): DeleteOptions {
  const opts: DeleteOptions = {};
  let body: Record<string, unknown> = {};
  if (raw.length > 0) {
    const parsed = parseJsonOrYaml('application/json', raw);
    if (isObject(parsed)) body = parsed;
  }
  const policy = body.propagationPolicy ?? query.get('propagationPolicy') ?? undefined;
  if (policy !== undefined && policy !== null) {
    if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
      throw badRequest(`propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan"`);
    }
    opts.propagationPolicy = policy;
  } else if (body.orphanDependents === true || query.get('orphanDependents') === 'true') {
    opts.propagationPolicy = 'Orphan';
  }
  if (isObject(body.preconditions)) {
    const p = body.preconditions;
    opts.preconditions = {};
    if (typeof p.uid === 'string') opts.preconditions.uid = p.uid;
    if (typeof p.resourceVersion === 'string') opts.preconditions.resourceVersion = p.resourceVersion;
  }
  const dry = Array.isArray(body.dryRun) ? body.dryRun : [];
  if (dry.includes('All') || parseDryRun(query)) opts.dryRun = true;
  const grace = parseGracePeriod(body.gracePeriodSeconds ?? query.get('gracePeriodSeconds'));
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  return opts;
}

/** DeleteOptions.gracePeriodSeconds (meta/v1): "Value must be non-negative integer"; absent means the kind's default. */
function parseGracePeriod(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw badRequest(`gracePeriodSeconds: Invalid value: "${String(v)}": must be a non-negative integer`);
  }
  return n;
}

function listResponse(res: ServerResponse, t: ResourceType, ns: string, query: URLSearchParams, svc: ObjectService, view: ObjectView): void {
  const sel = parseSelection(t, ns, query);
  const limitText = query.get('limit');
  const limit = limitText ? Number(limitText) : 0;
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`limit: Invalid value: "${limitText ?? ''}"`);
  const contText = query.get('continue');
  const cont = contText ? decodeContinue(contText) : undefined;
  const listRv = cont ? cont.rv : svc.store.resourceVersion;
  const items: KubeObject[] = [];
  let next: string | undefined;
  let remaining: number | undefined;
  if (sel.name !== undefined && sel.namespace !== undefined) {
    const o = svc.store.get(t.storageKey, t.namespaced ? sel.namespace : '', sel.name);
    if (o && selects(t, sel, o)) items.push(svc.view(t, o));
  } else {
    const it = svc.store.list(t.storageKey, sel.namespace, cont ? { namespace: cont.namespace, name: cont.name } : undefined);
    for (const o of it) {
      if (!selects(t, sel, o)) continue;
      if (limit > 0 && items.length === limit) {
        const last = items[items.length - 1] as KubeObject;
        next = encodeContinue({ rv: listRv, namespace: last.metadata.namespace ?? '', name: last.metadata.name ?? '' });
        remaining = 1;
        for (const rest of it) if (selects(t, sel, rest)) remaining++;
        break;
      }
      items.push(svc.view(t, o));
    }
  }
  const meta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: String(listRv) };
  if (next) {
    meta.continue = next;
    // kube-apiserver reports remainingItemCount only for unfiltered lists, where it is exact.
    if (!sel.label && !sel.field) meta.remainingItemCount = remaining;
  }
  const r = renderList(t, items, meta, view, tableOptions(query));
  sendText(res, 200, r.contentType, r.body);
}
