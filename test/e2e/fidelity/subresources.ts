// The status and scale subresources and metadata.generation: what a write to the main resource may change, what a
// write to /status may change, the Scale object of built-in and custom kinds, and when generation moves.
import { answer, at, nsPath, pick, poll, type HttpOutput, type Scenario, type Target } from './scenario.js';

const MERGE = 'application/merge-patch+json';

/** A CRD with status and scale subresources, cluster-unique per scenario namespace. */
export function dialCrd(t: Target, opts: { status?: boolean; scale?: boolean } = {}): { group: string; plural: string; crd: Record<string, unknown> } {
  const group = `${t.namespace}.example.com`;
  const subresources: Record<string, unknown> = {};
  if (opts.status) subresources.status = {};
  if (opts.scale) subresources.scale = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' };
  return {
    group,
    plural: 'dials',
    crd: {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `dials.${group}` },
      spec: {
        group, scope: 'Namespaced', names: { plural: 'dials', singular: 'dial', kind: 'Dial', shortNames: ['dl'] },
        versions: [{
          name: 'v1', served: true, storage: true, subresources,
          schema: { openAPIV3Schema: { type: 'object', properties: {
            spec: { type: 'object', properties: { replicas: { type: 'integer' }, color: { type: 'string' } } },
            status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' }, phase: { type: 'string' } } },
          } } },
        }],
      },
    },
  };
}

/** Creates a CRD and waits until its resource is served. */
export async function establish(t: Target, crd: Record<string, unknown>, servedPath: string): Promise<HttpOutput> {
  const r = await t.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: crd });
  await poll(async () => ((await t.request('GET', servedPath)).status === 200 ? true : undefined));
  return r;
}

const state = (r: HttpOutput): Record<string, unknown> => ({
  status: r.status, ...(r.status >= 400 ? { error: r.body } : {}),
  spec: at(r.body, 'spec'), objectStatus: at(r.body, 'status'), generation: at(r.body, 'metadata.generation'), labels: at(r.body, 'metadata.labels'),
});

export const subresourceScenarios: Scenario[] = [
  {
    id: 'subresources.status-custom-resource',
    async run(t) {
      const { group, crd } = dialCrd(t, { status: true });
      const path = `/apis/${group}/v1/namespaces/${t.namespace}/dials`;
      await establish(t, crd, path);
      const created = await t.request('POST', path, { body: { apiVersion: `${group}/v1`, kind: 'Dial', metadata: { name: 'd' }, spec: { color: 'red' }, status: { phase: 'ignored' } } });
      const statusPatch = await t.request('PATCH', `${path}/d/status`, { contentType: MERGE, body: { spec: { color: 'blue' }, status: { phase: 'Ready' }, metadata: { labels: { via: 'status' } } } });
      const mainPatch = await t.request('PATCH', `${path}/d`, { contentType: MERGE, body: { spec: { color: 'green' }, status: { phase: 'Lost' } } });
      const labelPatch = await t.request('PATCH', `${path}/d`, { contentType: MERGE, body: { metadata: { labels: { x: 'y' } } } });
      const statusGet = await t.request('GET', `${path}/d/status`);
      const statusPut = await t.request('PUT', `${path}/d/status`, { body: { ...(statusGet.body as object), status: { phase: 'Done' } } });
      const noScale = await t.request('GET', `${path}/d/scale`);
      return {
        created: state(created), statusPatch: state(statusPatch), mainPatch: state(mainPatch), labelPatch: state(labelPatch),
        statusGet: { kind: at(statusGet.body, 'kind'), objectStatus: at(statusGet.body, 'status') }, statusPut: state(statusPut),
        noScale: answer(noScale),
      };
    },
  },
  {
    id: 'subresources.generation-without-status',
    async run(t) {
      const { group, crd } = dialCrd(t);
      const path = `/apis/${group}/v1/namespaces/${t.namespace}/dials`;
      await establish(t, crd, path);
      const created = await t.request('POST', path, { body: { apiVersion: `${group}/v1`, kind: 'Dial', metadata: { name: 'd' }, spec: { color: 'red' }, status: { phase: 'kept' } } });
      const statusChange = await t.request('PATCH', `${path}/d`, { contentType: MERGE, body: { status: { phase: 'changed' } } });
      const labelChange = await t.request('PATCH', `${path}/d`, { contentType: MERGE, body: { metadata: { labels: { a: 'b' } } } });
      const noStatus = await t.request('GET', `${path}/d/status`);
      return { created: state(created), statusChange: state(statusChange), labelChange: state(labelChange), noStatus: answer(noStatus) };
    },
  },
  {
    id: 'subresources.scale-custom-resource',
    async run(t) {
      const { group, crd } = dialCrd(t, { status: true, scale: true });
      const path = `/apis/${group}/v1/namespaces/${t.namespace}/dials`;
      await establish(t, crd, path);
      await t.request('POST', path, { body: { apiVersion: `${group}/v1`, kind: 'Dial', metadata: { name: 'd' }, spec: { replicas: 1 } } });
      await t.request('PATCH', `${path}/d/status`, { contentType: MERGE, body: { status: { replicas: 1, selector: 'app=d' } } });
      const scale = await t.request('GET', `${path}/d/scale`);
      const patched = await t.request('PATCH', `${path}/d/scale`, { contentType: MERGE, body: { spec: { replicas: 3 } } });
      const put = await t.request('PUT', `${path}/d/scale`, { body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'd', namespace: t.namespace }, spec: { replicas: 5 } } });
      const negative = await t.request('PATCH', `${path}/d/scale`, { contentType: MERGE, body: { spec: { replicas: -1 } } });
      const after = await t.request('GET', `${path}/d`);
      const kubectl = await t.kubectl(['scale', `dials.${group}/d`, '--replicas=2', '-n', t.namespace]);
      return {
        scale: answer(scale), patched: answer(patched), put: answer(put), negative: answer(negative),
        after: { spec: at(after.body, 'spec'), generation: at(after.body, 'metadata.generation') }, kubectl,
      };
    },
  },
  {
    id: 'subresources.service-status',
    async run(t) {
      const path = nsPath(t, 'services');
      const created = await t.request('POST', path, {
        body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80 }], selector: { app: 's' } }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } },
      });
      const statusPatch = await t.request('PATCH', `${path}/s/status`, { contentType: MERGE, body: { status: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }] } }, spec: { ports: [{ port: 81 }] } } });
      const mainPatch = await t.request('PATCH', `${path}/s`, { contentType: MERGE, body: { status: { loadBalancer: {} } } });
      const view = (r: HttpOutput): Record<string, unknown> => (r.status >= 400 ? answer(r) : {
        status: r.status, ports: at(r.body, 'spec.ports'), objectStatus: at(r.body, 'status'),
        spec: pick(at(r.body, 'spec'), ['type', 'sessionAffinity', 'ipFamilies', 'ipFamilyPolicy', 'internalTrafficPolicy', 'clusterIP', 'clusterIPs']),
        generation: at(r.body, 'metadata.generation'),
      });
      return { created: view(created), statusPatch: view(statusPatch), mainPatch: view(mainPatch) };
    },
  },
  {
    id: 'subresources.deployment-scale-generation',
    async run(t) {
      const path = nsPath(t, 'deployments', undefined, 'apps/v1');
      const body = {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
        spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      };
      const created = await t.request('POST', path, { body });
      const labelled = await t.request('PATCH', `${path}/web`, { contentType: MERGE, body: { metadata: { labels: { more: 'x' } } } });
      const specChange = await t.request('PATCH', `${path}/web`, { contentType: MERGE, body: { spec: { minReadySeconds: 1 } } });
      const statusWrite = await t.request('PATCH', `${path}/web/status`, { contentType: MERGE, body: { status: { observedGeneration: 99 } } });
      // The deployment controller catches up: observedGeneration follows generation.
      await poll(async () => {
        const r = await t.request('GET', `${path}/web`);
        return at(r.body, 'status.observedGeneration') === at(r.body, 'metadata.generation') ? true : undefined;
      });
      const scale = await t.request('GET', `${path}/web/scale`);
      const scaled = await t.request('PATCH', `${path}/web/scale`, { contentType: MERGE, body: { spec: { replicas: 0 } } });
      const negative = await t.request('PATCH', `${path}/web/scale`, { contentType: MERGE, body: { spec: { replicas: -1 } } });
      const after = await t.request('GET', `${path}/web`);
      return {
        generations: [created, labelled, specChange, statusWrite].map((r) => at(r.body, 'metadata.generation')),
        createdStatus: at(created.body, 'status'),
        scale: { kind: at(scale.body, 'kind'), apiVersion: at(scale.body, 'apiVersion'), spec: at(scale.body, 'spec'), status: at(scale.body, 'status'), name: at(scale.body, 'metadata.name') },
        scaled: { status: scaled.status, spec: at(scaled.body, 'spec') },
        negative: answer(negative),
        afterGeneration: at(after.body, 'metadata.generation'),
        defaults: pick(at(after.body, 'spec'), ['strategy', 'revisionHistoryLimit', 'progressDeadlineSeconds']),
        templateDefaults: at(after.body, 'spec.template.spec'),
      };
    },
  },
];
