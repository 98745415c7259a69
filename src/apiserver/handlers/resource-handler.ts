// Resource endpoints: /api/v1/... and /apis/{g}/{v}/[namespaces/{ns}/]{resource}[/{name}[/{sub}]], mapped to the
// ObjectService with kube-apiserver's verbs, query parameters, status codes and bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SigningKey } from '../auth/jwt.js';
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import {
  badRequest, gone, methodNotAllowed, notAcceptable, notFound, notFoundPath, PlainNotFound, successStatus,
} from '../http/api-error.js';
import { bareContentType, negotiateObjectView, type ObjectView } from '../http/media-type.js';
import type { ResourceRequest } from '../http/request-info.js';
import { readBody, sendJson, sendText, warningHeaders } from '../http/respond.js';
import { applyConfiguration, defaultFieldManager, requestManagedFields } from '../objects/field-managers.js';
import type { DeleteOptions, ObjectService, WriteOptions, WriteResult } from '../objects/object-service.js';
import type { Registry } from '../registry/registry.js';
import { gvString, type ResourceType } from '../registry/resource-type.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { duplicateFields } from './duplicate-fields.js';
import { dryRunCauses, listQuery, optionsError, rejectOptions, writeQuery } from './request-options.js';
import { renderList, renderObject } from './object-views.js';
import { APPLY_PATCH, applyPatch, checkPatchType } from './patch-types.js';
import { decodeObjectBody, parseJsonOrYaml } from './request-body.js';
import { applyScale, scaleOf } from './scale.js';
import { parseSelection, selects } from './selection.js';
import type { TableOptions } from './table-view.js';
import { answerReview, REVIEW_KINDS } from './reviews.js';
import { tokenRequest } from './token-request.js';
import { serveWatch } from './watch.js';

export interface ResourceHandlerContext {
  registry: Registry;
  service: ObjectService;
  bookmarkIntervalMs: number;
  /** Answers creates of review kinds (nothing stored), e.g. selfsubjectaccessreviews. */
  review?: (t: ResourceType, body: unknown, namespace: string) => KubeObject;
  /** Signs the tokens of serviceaccounts/NAME/token. */
  signingKey?: SigningKey;
}

function errTarget(t: ResourceType): { group: string; resource: string } {
  return { group: t.group, resource: t.resource };
}

/** Duplicate keys of a JSON create or update body (protobuf and YAML bodies have their own decoders). */
function jsonDuplicates(req: IncomingMessage, raw: Buffer): string[] {
  const ct = bareContentType(req.headers['content-type']);
  return ct === '' || ct === 'application/json' ? duplicateFields(raw.toString('utf8')) : [];
}

function writeOptions(kind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions', q: URLSearchParams, userAgent: string | undefined): WriteOptions {
  const { dryRun, fieldValidation } = writeQuery(kind, q);
  return { dryRun, fieldValidation, fieldManager: q.get('fieldManager') || defaultFieldManager(userAgent) };
}

/** includeObject of a Table request (other views ignore it). */
function tableOptions(q: URLSearchParams, view: ObjectView): TableOptions {
  const v = q.get('includeObject') ?? '';
  if (view.kind === 'table' && !['', 'None', 'Object', 'Metadata'].includes(v)) {
    throw badRequest(`Unable to convert to Table as requested: includeObject: Invalid value: ${JSON.stringify(v)}: must be 'Metadata', 'Object', 'None', or empty`);
  }
  return { includeObject: v === 'None' || v === 'Object' ? v : 'Metadata' };
}

/** Kinds whose DELETE answers with the deleted object (registry ReturnDeletedObject); the others with a Status. */
function returnsDeletedObject(t: ResourceType): boolean {
  return !!t.custom || ['/services', '/namespaces', 'apiextensions.k8s.io/customresourcedefinitions'].includes(t.storageKey);
}

export async function handleResource(req: IncomingMessage, res: ServerResponse, rr: ResourceRequest, query: URLSearchParams,
  ctx: ResourceHandlerContext): Promise<void> {
  const t = ctx.registry.get(rr.group, rr.version, rr.resource);
  if (!t) {
    // A group-version nobody serves never reaches an API handler; a known one answers with a Status.
    if (ctx.registry.typesIn(rr.group, rr.version).length === 0) throw new PlainNotFound();
    throw notFoundPath();
  }
  if (!t.namespaced && rr.namespace) throw notFoundPath();
  const sub = rr.subresource;
  if (sub && !rr.name) throw notFoundPath();
  const extraSub = sub ? t.extraSubresources?.find((x) => x.name === sub) : undefined;
  if (sub && !extraSub && !((sub === 'status' && t.status) || (sub === 'scale' && t.scale))) {
    // A custom resource's unserved subresource routes to the resource's own handler, which finds no such object.
    if (t.custom && (sub === 'status' || sub === 'scale')) throw notFound(errTarget(t), rr.name);
    throw notFoundPath();
  }
  const method = req.method ?? 'GET';
  if (extraSub) {
    if (method !== 'POST' || !extraSub.verbs.includes('create') || !ctx.signingKey) throw methodNotAllowed();
    const body = decodeObjectBody(req.headers['content-type'], await readBody(req));
    writeQuery('CreateOptions', query);
    const saType = ctx.registry.get('', 'v1', 'serviceaccounts') as ResourceType;
    const r = tokenRequest(ctx.service, saType, rr.namespace, rr.name, body, ctx.signingKey);
    const manager = query.get('fieldManager') || defaultFieldManager(req.headers['user-agent']);
    const mf = requestManagedFields(r.requested, manager, 'authentication.k8s.io/v1', sub);
    if (mf.length) r.object.metadata.managedFields = mf;
    sendJson(res, 201, r.object);
    return;
  }
  const view = negotiateObjectView(req.headers.accept);
  if (!view) throw notAcceptable('only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf');
  const svc = ctx.service;
  const ns = rr.namespace;
  const allowed = (verb: string): void => {
    if (!t.verbs.includes(verb)) throw methodNotAllowed();
  };

  const reply = (code: number, o: KubeObject, warnings: string[] = []): void => {
    const objectView: ObjectView = o.kind === 'Scale' ? { kind: 'json' } : view;
    const r = renderObject(t, o.kind === 'Scale' ? o : svc.view(t, o), objectView, tableOptions(query, objectView));
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
        listQuery(query, true);
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
          table: tableOptions(query, view),
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
      const raw = await readBody(req);
      const body = decodeObjectBody(req.headers['content-type'], raw);
      if (REVIEW_KINDS.has(t.storageKey)) {
        writeQuery('CreateOptions', query);
        const manager = query.get('fieldManager') || defaultFieldManager(req.headers['user-agent']);
        const asked = isObject(body) ? (body as KubeObject) : undefined;
        const answer = ctx.review ? ctx.review(t, body, ns) : answerReview(t, body, { namespace: ns });
        // SelfSubjectRulesReview's storage does not run field management; the other reviews record the asker.
        const tracked = asked && t.resource !== 'selfsubjectrulesreviews';
        const mf = tracked ? requestManagedFields({ ...asked, metadata: {}, status: undefined }, manager, gvString(t)) : [];
        if (mf.length) answer.metadata.managedFields = mf;
        sendJson(res, 201, answer);
        return;
      }
      const r = svc.create(t, ns, body, { ...writeOptions('CreateOptions', query, req.headers['user-agent']), duplicateFields: jsonDuplicates(req, raw) });
      reply(201, r.object, r.warnings);
      return;
    }
    case 'PUT': {
      if (!rr.name) throw methodNotAllowed();
      allowed('update');
      const raw = await readBody(req);
      const body = decodeObjectBody(req.headers['content-type'], raw);
      const opts = { ...writeOptions('UpdateOptions', query, req.headers['user-agent']), duplicateFields: jsonDuplicates(req, raw) };
      if (sub === 'scale') {
        const r = svc.mutate(t, ns, rr.name, 'scale', opts, (cur) => applyScale(t, cur, body));
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
      const opts = writeOptions('PatchOptions', query, req.headers['user-agent']);
      if (ct === APPLY_PATCH) {
        applyPatchRequest(t, ns, rr.name, sub, patch, query, opts, svc, reply);
        return;
      }
      let r: WriteResult;
      if (sub === 'scale') {
        r = svc.mutate(t, ns, rr.name, 'scale', opts, (cur) => applyScale(t, cur, applyPatch(t, ct, scaleOf(t, cur), patch)));
        reply(200, scaleOf(t, r.object), r.warnings);
        return;
      }
      r = svc.mutate(t, ns, rr.name, sub === 'status' ? 'status' : '', opts, (cur) => applyPatch(t, ct, cur, patch));
      reply(200, r.object, r.warnings);
      return;
    }
    case 'DELETE': {
      const raw = await readBody(req);
      const opts = deleteOptions(bareContentType(req.headers['content-type']), raw, query);
      if (!rr.name) {
        allowed('deletecollection');
        const sel = parseSelection(t, ns, query);
        const deleted: KubeObject[] = [];
        for (const o of [...svc.store.list(t.storageKey, sel.namespace)]) {
          if (!selects(t, sel, o)) continue;
          deleted.push(svc.view(t, svc.delete(t, o.metadata.namespace ?? '', o.metadata.name ?? '', opts).object));
        }
        const r = renderList(t, deleted, { resourceVersion: String(svc.store.resourceVersion) }, { kind: 'json' }, tableOptions(query, { kind: 'json' }));
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
  const fieldManager = query.get('fieldManager') ?? '';
  if (!fieldManager) {
    rejectOptions('PatchOptions', [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }]);
  }
  if (isObject(patch) && sub !== 'scale') {
    // fieldmanager refuses an apply configuration of another kind (or none): `invalid object type: /, Kind=`.
    const apiVersion = typeof patch.apiVersion === 'string' ? patch.apiVersion : '';
    const kind = typeof patch.kind === 'string' ? patch.kind : '';
    if (apiVersion !== gvString(t) || kind !== t.kind) {
      const slash = apiVersion.indexOf('/');
      const gv = slash < 0 ? `/${apiVersion}` : apiVersion;
      throw badRequest(`invalid object type: ${gv}, Kind=${kind}`);
    }
    const meta = isObject(patch.metadata) ? patch.metadata : {};
    if (typeof meta.name === 'string' && meta.name !== name) {
      throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    }
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

function deleteOptions(ct: string, raw: Buffer, query: URLSearchParams): DeleteOptions {
  const opts: DeleteOptions = {};
  let body: Record<string, unknown> = {};
  if (raw.length > 0) {
    const parsed = decodeObjectBody(ct || 'application/json', raw);
    if (isObject(parsed)) body = parsed;
  }
  const policy = body.propagationPolicy ?? query.get('propagationPolicy') ?? undefined;
  if (policy !== undefined && policy !== null) {
    if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
      throw optionsError('DeleteOptions', [{ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(String(policy))}: supported values: "Foreground", "Background", "Orphan", "nil"`, field: 'propagationPolicy' }]);
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
  const dry = [...(Array.isArray(body.dryRun) ? body.dryRun.map(String) : []), ...query.getAll('dryRun')];
  rejectOptions('DeleteOptions', dryRunCauses(dry));
  if (dry.length > 0) opts.dryRun = true;
  const grace = parseGracePeriod(body.gracePeriodSeconds ?? query.get('gracePeriodSeconds'));
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  return opts;
}

/**
 * DeleteOptions.gracePeriodSeconds; absent means the kind's default. kube-apiserver takes a negative period as 0
 * (delete now) rather than refusing it.
 */
function parseGracePeriod(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw badRequest(`gracePeriodSeconds: Invalid value: "${String(v)}": must be an integer`);
  }
  return Math.max(n, 0);
}

const CONTINUE_TOO_OLD = 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

function listResponse(res: ServerResponse, t: ResourceType, ns: string, query: URLSearchParams, svc: ObjectService, view: ObjectView): void {
  const opts = listQuery(query, false);
  const sel = parseSelection(t, ns, query);
  const cont = opts.continueToken ? decodeContinue(opts.continueToken) : undefined;
  // The list a token continues is a snapshot at its resourceVersion; once that fell out of the history, it is gone.
  if (cont && cont.rv < svc.store.history.floor) throw gone(CONTINUE_TOO_OLD);
  // resourceVersion=0 is served from the watch cache, which does not paginate: the limit is ignored.
  const limit = opts.resourceVersion === '0' && !cont ? 0 : opts.limit;
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
  const r = renderList(t, items, meta, view, tableOptions(query, view));
  sendText(res, 200, r.contentType, r.body);
}
