// `kubefedctl init`: install the control plane's API objects into the host cluster, idempotently (like
// `karmadactl init` / `clusteradm init`): namespace, CRDs, KubeFedConfig, controller RBAC and the default
// FederatedTypeConfigs. Every object is reported as created, configured or unchanged.
import type { Scope } from '../apis/constants.js';
import { allCrds } from '../apis/crds/index.js';
import { defaultFederatedTypes, federatedTypeConfigFor } from '../apis/federated-crd.js';
import type { KubeObject } from '../common/object.js';
import { crdEstablished, ensure, getIfExists, poll } from './apply.js';
import { CliError } from './errors.js';
import { controllerRbac, defaultKubeFedConfig } from './init-objects.js';
import { namespaceObject } from './join-objects.js';
import { displayName, refs } from './resources.js';
import type { Session } from './session.js';

export interface InitOptions {
  scope: Scope;
  /** How long to wait for each CRD to be Established. */
  crdTimeoutMs?: number;
}

function groupOf(apiVersion: string): string | undefined {
  const i = apiVersion.indexOf('/');
  return i < 0 ? undefined : apiVersion.slice(0, i);
}

export async function init(session: Session, o: InitOptions): Promise<void> {
  const host = session.host();
  const ns = session.options.kubefedNamespace;
  const dryRun = session.options.dryRun;
  const suffix = dryRun ? ' (dry run)' : '';
  const report = (obj: KubeObject, result: string): void => {
    const where = obj.metadata.namespace ? ` in namespace ${obj.metadata.namespace}` : '';
    console.log(`${displayName(obj.kind, groupOf(obj.apiVersion), obj.metadata.name ?? '')} ${result}${where}${result === 'unchanged' ? '' : suffix}`);
  };
  session.log.v(2, `Installing the KubeFed control plane into namespace ${ns} of the host cluster "${host.context}" (scope ${o.scope})`);

  const nsObj = namespaceObject(ns);
  report(nsObj, (await ensure(host.client, refs.namespaces, nsObj, { dryRun })).result);

  const crds = allCrds();
  for (const crd of crds) report(crd, (await ensure(host.client, refs.crds, crd, { dryRun })).result);
  if (!dryRun) {
    session.log.v(2, `Waiting for ${crds.length} CustomResourceDefinitions to be Established`);
    for (const crd of crds) {
      const name = crd.metadata.name ?? '';
      const ok = await poll(async () => {
        const live = await getIfExists<KubeObject>(host.client, { ...refs.crds, name });
        return live && crdEstablished(live) ? live : undefined;
      }, o.crdTimeoutMs ?? 30_000, 100);
      if (!ok) throw new CliError(`customresourcedefinition "${name}" was not Established within ${Math.round((o.crdTimeoutMs ?? 30_000) / 1000)}s in the host cluster "${host.context}"`);
    }
  }

  // An existing KubeFedConfig is the operator's configuration: init never rewrites it (scope is immutable anyway).
  const config = defaultKubeFedConfig(ns, o.scope);
  if (dryRun && !(await getIfExists(host.client, { ...refs.namespaces, name: ns }))) report(config, 'created');
  else {
    const outcome = await ensure(host.client, refs.kubeFedConfigs, config, { dryRun, mode: 'create-only' });
    report(config, outcome.result);
    const liveScope = (outcome.object as { spec?: { scope?: string } }).spec?.scope;
    if (liveScope && liveScope !== o.scope) session.log.warn(`KubeFedConfig ${ns}/kubefed keeps its scope ${liveScope} (--scope ${o.scope} ignored: scope is immutable)`);
  }

  for (const { ref, object } of controllerRbac(ns, o.scope)) report(object, (await ensure(host.client, refs[ref], object, { dryRun })).result);

  for (const t of defaultFederatedTypes()) {
    const ftc = federatedTypeConfigFor(t, ns);
    if (dryRun && !(await getIfExists(host.client, { ...refs.namespaces, name: ns }))) {
      report(ftc, 'created');
      continue;
    }
    report(ftc, (await ensure(host.client, refs.federatedTypeConfigs, ftc, { dryRun })).result);
  }
  session.log.v(2, 'KubeFed control plane objects installed');
}
