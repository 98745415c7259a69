// The defaults kube-apiserver gives every pod spec, in Pods and in the pod templates of workloads
// (pkg/apis/core/v1/defaults.go SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_ContainerPort): clients
// read them back, and controllers compare templates with them in place.
import { isObject } from '../../common/object.js';

type Rec = Record<string, unknown>;

function setDefault(o: Rec, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

/** Always for `:latest` or an untagged image (no digest either), IfNotPresent otherwise. */
function pullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastPart.includes(':') ? lastPart.slice(lastPart.lastIndexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Rec): void {
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'imagePullPolicy', pullPolicy(c.image));
  setDefault(c, 'resources', {});
  if (Array.isArray(c.ports)) for (const p of c.ports) if (isObject(p)) setDefault(p, 'protocol', 'TCP');
}

export interface PodSpecDefaultsOptions {
  /** Job templates must name their restart policy (Never or OnFailure); it gets no default here. */
  restartPolicy: boolean;
}

export function defaultPodSpec(spec: Rec, opts: PodSpecDefaultsOptions = { restartPolicy: true }): void {
  if (opts.restartPolicy) setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  for (const key of ['containers', 'initContainers']) {
    const list = spec[key];
    if (Array.isArray(list)) for (const c of list) if (isObject(c)) defaultContainer(c);
  }
}

/** The pod spec of a workload object's template (spec.template.spec), when it has one. */
export function templatePodSpec(o: Rec): Rec | undefined {
  const spec = o.spec;
  if (!isObject(spec) || !isObject(spec.template)) return undefined;
  const t = spec.template;
  return isObject(t.spec) ? t.spec : undefined;
}
