// Response bodies for objects and lists in the negotiated view: the object itself, meta.k8s.io
// PartialObjectMetadata(List), or a meta.k8s.io Table (kubectl-wire §6). List JSON is assembled from each object's
// cached JSON text so large lists are not re-serialised.
import type { KubeObject } from '../../common/object.js';
import type { ObjectView } from '../http/media-type.js';
import { objectJson } from '../http/respond.js';
import type { ResourceType } from '../registry/resource-type.js';
import { gvString } from '../registry/resource-type.js';
import { tableFor, type TableOptions } from './table-view.js';

export interface ListMetaOut {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface Rendered {
  contentType: string;
  body: string;
}

function metaJson(m: ListMetaOut): string {
  const o: Record<string, unknown> = { resourceVersion: m.resourceVersion };
  if (m.continue) o.continue = m.continue;
  if (m.remainingItemCount !== undefined) o.remainingItemCount = m.remainingItemCount;
  return JSON.stringify(o);
}

const itemCache = new WeakMap<object, string>();

/** JSON of a stored object as a list item of a built-in kind, computed once per object. */
function itemJson(o: KubeObject): string {
  let text = itemCache.get(o);
  if (text === undefined) {
    const { apiVersion: _v, kind: _k, ...rest } = o;
    text = JSON.stringify(rest);
    itemCache.set(o, text);
  }
  return text;
}

export function partialMetadata(o: KubeObject, version = 'v1'): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: o.metadata };
}

/**
 * kube-apiserver labels every JSON response, Tables and PartialObjectMetadata included, with the serializer's plain
 * media type; clients decode it by kind and apiVersion.
 */
const JSON_TYPE = 'application/json';

export function renderObject(t: ResourceType, o: KubeObject, view: ObjectView, table: TableOptions): Rendered {
  switch (view.kind) {
    case 'json':
      return { contentType: JSON_TYPE, body: objectJson(o) };
    case 'metadata':
      return { contentType: JSON_TYPE, body: JSON.stringify(partialMetadata(o, view.version)) };
    case 'table':
      return { contentType: JSON_TYPE, body: JSON.stringify(tableFor(t, [o], { resourceVersion: o.metadata.resourceVersion ?? '' }, view.version, table)) };
  }
}

export function renderList(t: ResourceType, items: KubeObject[], meta: ListMetaOut, view: ObjectView, table: TableOptions): Rendered {
  switch (view.kind) {
    case 'json': {
      // Items of a built-in kind's list carry no apiVersion/kind (the typed list's items have no TypeMeta); custom
      // resources' unstructured items keep theirs.
      const parts = items.map(t.custom ? objectJson : itemJson);
      return {
        contentType: JSON_TYPE,
        body: `{"kind":${JSON.stringify(t.listKind)},"apiVersion":${JSON.stringify(gvString(t))},"metadata":${metaJson(meta)},"items":[${parts.join(',')}]}`,
      };
    }
    case 'metadata':
      return {
        contentType: JSON_TYPE,
        body: JSON.stringify({ kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${view.version}`, metadata: JSON.parse(metaJson(meta)) as unknown, items: items.map((o) => partialMetadata(o, view.version)) }),
      };
    case 'table':
      return { contentType: JSON_TYPE, body: JSON.stringify(tableFor(t, items, meta, view.version, table)) };
  }
}
