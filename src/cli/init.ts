// `kubefedctl init`: install the control plane into the host cluster, idempotently (like `karmadactl init` /
// `clusteradm init`): exactly the objects of the install generator (src/install), which the Helm chart and config/
// are built from too; with `--deploy` that includes the controller manager's Deployment and metrics Service.
// Every object is reported as created, configured or unchanged.
import type { Scope } from '../apis/constants.js';
import type { KubeObject } from '../common/object.js';
import { defaultControlPlaneOptions } from '../install/index.js';
import type { ObjectGroup } from '../install/index.js';
import { crdEstablished, ensure, getIfExists, poll } from './apply.js';
import { CliError } from './errors.js';
import { initSteps, type InitStep } from './init-objects.js';
import { displayName, refs } from './resources.js';
import type { ClusterHandle, Session } from './session.js';

export interface InitOptions {
  scope: Scope;
  /** Also install the controller manager's Deployment and metrics Service (for users without Helm). */
  deploy?: boolean;
  /** The controller manager's image; only meaningful with `deploy`. */
  image?: string;
  /** How long to wait for each CRD to be Established. */
  crdTimeoutMs?: number;
}

const DEFAULT_CRD_TIMEOUT_MS = 30_000;

function groupOf(apiVersion: string): string | undefined {
  const i = apiVersion.indexOf('/');
  return i < 0 ? undefined : apiVersion.slice(0, i);
}

async function waitForCrdsEstablished(host: ClusterHandle, crds: KubeObject[], timeoutMs: number): Promise<void> {
  for (const crd of crds) {
    const name = crd.metadata.name ?? '';
    const ok = await poll(async () => {
      const live = await getIfExists<KubeObject>(host.client, { ...refs.crds, name });
      return live && crdEstablished(live) ? live : undefined;
    }, timeoutMs, 100);
    if (!ok) throw new CliError(`customresourcedefinition "${name}" was not Established within ${Math.round(timeoutMs / 1000)}s in the host cluster "${host.context}"`);
  }
}

export async function init(session: Session, o: InitOptions): Promise<void> {
  const deploy = o.deploy ?? false;
  if (o.image !== undefined && !deploy) {
    throw new CliError('--image sets the image of the controller manager Deployment, which only --deploy installs: add --deploy or drop --image');
  }
  const host = session.host();
  const ns = session.options.kubefedNamespace;
  const dryRun = session.options.dryRun;
  const suffix = dryRun ? ' (dry run)' : '';
  const report = (obj: KubeObject, result: string): void => {
    const where = obj.metadata.namespace ? ` in namespace ${obj.metadata.namespace}` : '';
    console.log(`${displayName(obj.kind, groupOf(obj.apiVersion), obj.metadata.name ?? '')} ${result}${where}${result === 'unchanged' ? '' : suffix}`);
  };
  session.log.v(2, `Installing the KubeFed control plane into namespace ${ns} of the host cluster "${host.context}" (scope ${o.scope}${deploy ? ', with the controller manager' : ''})`);

  const steps = initSteps({ namespace: ns, scope: o.scope, deploy, ...(o.image !== undefined ? { image: o.image } : {}) });
  // A dry run creates no namespace and no CRDs, so nothing inside the namespace can exist yet, and the KubeFed kinds
  // may not even be served: those objects are reported as created without asking the server.
  let namespaceMissing = false;
  const apply = async (step: InitStep): Promise<void> => {
    const { object } = step;
    if (dryRun && namespaceMissing && object.metadata.namespace) {
      report(object, 'created');
      return;
    }
    const outcome = await ensure(host.client, step.ref, object, { dryRun, mode: step.mode });
    report(object, outcome.result);
    if (step.group === 'namespace' && dryRun && outcome.result === 'created') namespaceMissing = true;
    if (step.group === 'kubefedconfig') {
      const liveScope = (outcome.object as { spec?: { scope?: string } }).spec?.scope;
      if (liveScope && liveScope !== o.scope) session.log.warn(`KubeFedConfig ${ns}/kubefed keeps its scope ${liveScope} (--scope ${o.scope} ignored: scope is immutable)`);
    }
  };

  const groups: ObjectGroup[] = [...new Set(steps.map((s) => s.group))];
  for (const group of groups) {
    const inGroup = steps.filter((s) => s.group === group);
    if (group === 'controller-manager') session.log.v(2, `Deploying the controller manager with image ${o.image ?? defaultControlPlaneOptions().image}`);
    for (const step of inGroup) await apply(step);
    if (group === 'crds' && !dryRun) {
      session.log.v(2, `Waiting for ${inGroup.length} CustomResourceDefinitions to be Established`);
      await waitForCrdsEstablished(host, inGroup.map((s) => s.object), o.crdTimeoutMs ?? DEFAULT_CRD_TIMEOUT_MS);
    }
  }
  session.log.v(2, 'KubeFed control plane objects installed');
}
