// Content negotiation for responses (k8s.io/apiserver/pkg/endpoints/handlers/negotiation): the first Accept entry
// the server can produce wins. Besides plain JSON, kubectl asks for meta.k8s.io Tables and clients may ask for
// PartialObjectMetadata; discovery has its own aggregated media types.
export interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [{ type: '*/*', params: {} }];
  const out: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [type = '', ...ps] = part.split(';').map((s) => s.trim());
    if (!type) continue;
    const params: Record<string, string> = {};
    for (const p of ps) {
      const i = p.indexOf('=');
      if (i > 0) params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"|"$/g, '');
    }
    out.push({ type: type.toLowerCase(), params });
  }
  return out;
}

export type ObjectView =
  | { kind: 'json' }
  | { kind: 'table'; version: 'v1' | 'v1beta1' }
  | { kind: 'metadata'; version: 'v1' | 'v1beta1' };

function isJson(type: string): boolean {
  return type === 'application/json' || type === 'application/*' || type === '*/*';
}

/** The view of resource responses an Accept header asks for; undefined = nothing we can produce (406). */
export function negotiateObjectView(accept: string | undefined): ObjectView | undefined {
  for (const r of parseAccept(accept)) {
    if (!isJson(r.type)) continue;
    const as = r.params.as;
    if (as === undefined) return { kind: 'json' };
    if (r.params.g !== 'meta.k8s.io') continue;
    const v = r.params.v;
    if (v !== 'v1' && v !== 'v1beta1') continue;
    if (as === 'Table') return { kind: 'table', version: v };
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { kind: 'metadata', version: v };
  }
  return undefined;
}

export type DiscoveryView = { kind: 'aggregated'; version: 'v2' | 'v2beta1' } | { kind: 'legacy' };

export function negotiateDiscovery(accept: string | undefined): DiscoveryView | undefined {
  for (const r of parseAccept(accept)) {
    if (!isJson(r.type)) continue;
    if (r.params.as === undefined) return { kind: 'legacy' };
    if (r.params.as === 'APIGroupDiscoveryList' && r.params.g === 'apidiscovery.k8s.io' && (r.params.v === 'v2' || r.params.v === 'v2beta1')) {
      return { kind: 'aggregated', version: r.params.v };
    }
  }
  return undefined;
}

/** The bare media type of a Content-Type header ("application/json; charset=utf-8" → "application/json"). */
export function bareContentType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
