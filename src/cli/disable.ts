// `kubefedctl disable NAME`: stop propagating a type and remove its FederatedTypeConfig, and with --delete-crd its
// Federated<Kind> CRD (kubefed-behaviour.md §4.5).
import type { FederatedTypeConfig } from '../apis/types.js';
import { crdNameFor, groupQualifiedName } from '../apis/naming.js';
import type { KubeList } from '../common/object.js';
import { deleteIfExists, getIfExists, poll } from './apply.js';
import { federatedTypeObjects, resolveType, targetHasReplicas, targetSchema } from './enable.js';
import { CliError } from './errors.js';
import { refs } from './resources.js';
import type { Session } from './session.js';

export interface DisableOptions {
  deleteCrd: boolean;
  federatedGroup?: string;
  version?: string;
  /** How long to wait for the propagation controller to report NotRunning (KubeFed: 10 s). */
  verifyTimeoutMs?: number;
}

/** Flag combinations KubeFed refuses; its message named a non-existent `--kubefed-group` flag (quirk 12). */
export function validateDisableFlags(o: DisableOptions): void {
  if (o.deleteCrd) return;
  if (o.version !== undefined) throw new CliError('--version flag valid only with --delete-crd');
  if (o.federatedGroup !== undefined) throw new CliError('--federated-group flag valid only with --delete-crd');
}

export async function disable(session: Session, name: string, o: DisableOptions): Promise<void> {
  validateDisableFlags(o);
  const ns = session.options.kubefedNamespace;
  const host = session.host();
  // A dotted name is an FTC name already (`deployments.apps`); anything else is resolved like `enable` does.
  const ftcName = name.includes('.') ? name : groupQualifiedName(await (async () => {
    const r = await resolveType(host, name, o.version);
    return { group: r.group, pluralName: r.resource };
  })());
  const ftcRef = { ...refs.federatedTypeConfigs, namespace: ns, name: ftcName };
  const ftc = await getIfExists<FederatedTypeConfig>(host.client, ftcRef);
  if (!ftc) console.log(`FederatedTypeConfig "${ns}/${ftcName}" does not exist`);
  if (session.options.dryRun) return;

  let crdName: string | undefined;
  if (ftc) crdName = crdNameFor({ group: ftc.spec.federatedType.group ?? '', pluralName: ftc.spec.federatedType.pluralName });
  else if (o.deleteCrd) {
    // Without the FTC, the CRD name is that of the FTC `enable` would generate for the type.
    const r = await resolveType(host, ftcName, o.version);
    const objs = federatedTypeObjects(r, targetHasReplicas(await targetSchema(host, r), r.group, r.kind), {
      federatedGroup: o.federatedGroup ?? 'types.kubefed.io',
      federatedVersion: 'v1beta1',
    }, ns);
    crdName = objs.crd.metadata.name;
  }

  if (ftc) {
    if (o.deleteCrd && crdName) {
      const fed = ftc.spec.federatedType;
      let instances: KubeList | undefined;
      try {
        instances = await host.client.list({ group: fed.group ?? '', version: fed.version, resource: fed.pluralName }, { limit: 1 });
      } catch {
        instances = undefined;
      }
      if (instances && instances.items.length > 0) {
        throw new CliError(
          `Cannot delete CRD "${crdName}" while resource instances exist. Please delete all resources of type ${fed.kind} ` +
            `(kubectl get ${fed.pluralName}.${fed.group} --all-namespaces) before disabling with --delete-crd`,
        );
      }
    }
    if (ftc.spec.propagation !== 'Disabled') {
      await host.client.patch(ftcRef, 'merge', { spec: { propagation: 'Disabled' } });
    }
    console.log(`Disabled propagation for FederatedTypeConfig "${ns}/${ftcName}"`);
    if (!ftc.status) {
      console.log(`No controller has reported status for FederatedTypeConfig "${ns}/${ftcName}" (is kubefed-controller-manager running?); continuing`);
    } else {
      console.log(`Verifying propagation controller is stopped for FederatedTypeConfig "${ns}/${ftcName}"`);
      const stopped = await poll(async () => {
        const live = await getIfExists<FederatedTypeConfig>(host.client, ftcRef);
        return !live || live.status?.propagationController === 'NotRunning' ? true : undefined;
      }, o.verifyTimeoutMs ?? 10_000, 100);
      if (stopped) console.log(`Propagation controller for FederatedTypeConfig "${ns}/${ftcName}" is stopped`);
      else console.log(`Propagation controller for FederatedTypeConfig "${ns}/${ftcName}" did not report NotRunning within ${Math.round((o.verifyTimeoutMs ?? 10_000) / 1000)}s (is kubefed-controller-manager running?); continuing`);
    }
  }

  if (o.deleteCrd && crdName) {
    if (await deleteIfExists(host.client, { ...refs.crds, name: crdName })) console.log(`customresourcedefinition "${crdName}" deleted`);
    else console.log(`customresourcedefinition "${crdName}" does not exist`);
  }
  if (ftc) {
    await deleteIfExists(host.client, ftcRef);
    console.log(`federatedtypeconfig "${ns}/${ftcName}" deleted`);
  }
}
