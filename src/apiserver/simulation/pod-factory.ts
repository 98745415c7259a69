// Pods from a controller's template (pkg/controller/controller_utils.go GetPodFromTemplate): the template's labels,
// annotations and spec, a controller ownerReference, and a generated name "<prefix><5 random chars>" retried on the
// rare collision, as the API server's generateName would.
import type { KubeObject } from '../../common/object.js';
import { isObject } from '../../common/object.js';
import { ApiError } from '../http/api-error.js';
import { cloneJson } from '../objects/deep-equal.js';
import { generateName } from '../objects/names.js';
import { CONTROLLER_MANAGER, type ClusterContext } from './cluster-context.js';
import { ownerRefTo, rec, strMap } from './object-fields.js';

export interface PodOverrides {
  name?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  hostname?: string;
  subdomain?: string;
}

export function createPodFromTemplate(ctx: ClusterContext, owner: KubeObject, template: unknown, prefix: string, o: PodOverrides = {}): KubeObject {
  const t = rec(template);
  const tmeta = rec(t.metadata);
  const spec = isObject(t.spec) ? cloneJson(t.spec) : {};
  if (o.nodeName) spec.nodeName = o.nodeName;
  if (o.hostname) spec.hostname = o.hostname;
  if (o.subdomain) spec.subdomain = o.subdomain;
  const annotations = strMap(tmeta.annotations);
  const body = (name: string): Record<string, unknown> => ({
    metadata: {
      name,
      labels: { ...strMap(tmeta.labels), ...o.labels },
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ownerReferences: [ownerRefTo(owner)],
    },
    spec,
  });
  const ns = owner.metadata.namespace ?? '';
  if (o.name) return ctx.svc.create(ctx.types.pods, ns, body(o.name), { fieldManager: CONTROLLER_MANAGER }).object;
  for (let attempt = 0; ; attempt++) {
    try {
      return ctx.svc.create(ctx.types.pods, ns, body(generateName(prefix)), { fieldManager: CONTROLLER_MANAGER }).object;
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 409) || attempt >= 5) throw e;
    }
  }
}
