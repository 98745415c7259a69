// Which objects a list or watch selects: namespace, label selector and field selector, with the field set each
// kind supports (metadata.name, metadata.namespace, plus its selectable fields). Unsupported fields are rejected
// with kube-apiserver's message.
import { parseFieldSelector, type FieldSelector } from '../../common/fields.js';
import { parseLabelSelector, type Selector } from '../../common/labels.js';
import type { KubeObject } from '../../common/object.js';
import { badRequest } from '../http/api-error.js';
import type { ResourceType } from '../registry/resource-type.js';

export interface Selection {
  /** undefined = all namespaces */
  namespace?: string;
  label?: Selector;
  field?: FieldSelector;
  /** A name pinned by `metadata.name=` (lets lists and watches skip scanning). */
  name?: string;
}

export function parseSelection(t: ResourceType, namespace: string, query: URLSearchParams): Selection {
  const sel: Selection = {};
  if (t.namespaced && namespace) sel.namespace = namespace;
  const ls = query.get('labelSelector');
  if (ls) {
    try {
      const s = parseLabelSelector(ls);
      if (!s.empty) sel.label = s;
    } catch (e) {
      throw badRequest(e instanceof Error ? e.message : String(e));
    }
  }
  const fs = query.get('fieldSelector');
  if (fs) {
    let f: FieldSelector;
    try {
      f = parseFieldSelector(fs);
    } catch (e) {
      throw badRequest(e instanceof Error ? e.message : String(e));
    }
    for (const r of f.requirements) {
      if (r.field !== 'metadata.name' && r.field !== 'metadata.namespace' && !t.selectableFields?.[r.field]) {
        // Kinds with field label conversions of their own reject with the conversion's message; the others with
        // the generic registry's, which names the two metadata fields every kind supports.
        throw badRequest(t.selectableFields
          ? `field label not supported: ${r.field}`
          : `${JSON.stringify(r.field)} is not a known field selector: only "metadata.name", "metadata.namespace"`);
      }
    }
    if (!f.empty) {
      sel.field = f;
      const name = f.exactMatch('metadata.name');
      if (name !== undefined) sel.name = name;
      const ns = f.exactMatch('metadata.namespace');
      if (ns !== undefined && t.namespaced && sel.namespace === undefined) sel.namespace = ns;
    }
  }
  return sel;
}

export function selects(t: ResourceType, sel: Selection, o: KubeObject): boolean {
  if (sel.namespace !== undefined && t.namespaced && (o.metadata.namespace ?? '') !== sel.namespace) return false;
  if (sel.label && !sel.label.matches(o.metadata.labels ?? {})) return false;
  if (sel.field) {
    const extra = t.selectableFields;
    return sel.field.matches((field) => {
      if (field === 'metadata.name') return o.metadata.name ?? '';
      if (field === 'metadata.namespace') return o.metadata.namespace ?? '';
      return extra?.[field]?.(o);
    });
  }
  return true;
}
