// `kubefedctl unjoin CLUSTER_NAME`: remove everything join created, in the member and in the host
// (kubefed-behaviour.md §4.3).
import type { KubeFedCluster } from '../apis/types.js';
import type { ResourceRef } from '../client/index.js';
import type { KubeObject } from '../common/object.js';
import { deleteIfExists, getIfExists } from './apply.js';
import { CliError, userMessage } from './errors.js';
import { hostClusterName, joinNames, type JoinNames } from './join-objects.js';
import { refs } from './resources.js';
import type { ClusterHandle, Session } from './session.js';

export interface UnjoinOptions {
  clusterContext?: string;
  hostClusterName?: string;
  force: boolean;
}

/** What unjoin deletes in the member, in order: bindings before roles, the ServiceAccount and its token last. */
export function memberObjectsToDelete(n: JoinNames): { what: string; ref: ResourceRef }[] {
  return [
    { what: `clusterrolebinding ${n.role}`, ref: { ...refs.clusterRoleBindings, name: n.role } },
    { what: `clusterrole ${n.role}`, ref: { ...refs.clusterRoles, name: n.role } },
    { what: `clusterrolebinding ${n.healthCheckRole}`, ref: { ...refs.clusterRoleBindings, name: n.healthCheckRole } },
    { what: `clusterrole ${n.healthCheckRole}`, ref: { ...refs.clusterRoles, name: n.healthCheckRole } },
    { what: `rolebinding ${n.namespace}/${n.role}`, ref: { ...refs.roleBindings, namespace: n.namespace, name: n.role } },
    { what: `role ${n.namespace}/${n.role}`, ref: { ...refs.roles, namespace: n.namespace, name: n.role } },
    { what: `serviceaccount ${n.namespace}/${n.serviceAccount}`, ref: { ...refs.serviceAccounts, namespace: n.namespace, name: n.serviceAccount } },
    { what: `secret ${n.namespace}/${n.serviceAccount}`, ref: { ...refs.secrets, namespace: n.namespace, name: n.serviceAccount } },
  ];
}

async function cleanMember(session: Session, host: ClusterHandle, member: ClusterHandle, n: JoinNames, force: boolean): Promise<void> {
  for (const { what, ref } of memberObjectsToDelete(n)) {
    try {
      if (await deleteIfExists(member.client, ref)) session.log.v(2, `Deleted ${what} in cluster "${member.context}"`);
    } catch (err) {
      if (!force) throw err;
      session.log.warn(`could not delete ${what} in cluster "${member.context}": ${userMessage(err)}`);
    }
  }
  // The KubeFed namespace of a member is ours to remove, except when the member is the host itself (same uid).
  const memberNs = await getIfExists<KubeObject>(member.client, { ...refs.namespaces, name: n.namespace });
  if (!memberNs) return;
  const hostNs = await getIfExists<KubeObject>(host.client, { ...refs.namespaces, name: n.namespace });
  if (hostNs && hostNs.metadata.uid === memberNs.metadata.uid) {
    session.log.v(2, `Not deleting namespace ${n.namespace}: cluster "${member.context}" is the host cluster`);
    return;
  }
  await deleteIfExists(member.client, { ...refs.namespaces, name: n.namespace });
  session.log.v(2, `Deleted namespace ${n.namespace} in cluster "${member.context}"`);
}

export async function unjoin(session: Session, clusterName: string, o: UnjoinOptions): Promise<void> {
  const ns = session.options.kubefedNamespace;
  const host = session.host();
  const hostName = hostClusterName(host.context, o.hostClusterName);
  const n = joinNames(clusterName, hostName, ns);
  const kfcRef = { ...refs.kubeFedClusters, namespace: ns, name: clusterName };
  const kfc = await getIfExists<KubeFedCluster>(host.client, kfcRef);
  if (!kfc && !o.force) {
    throw new CliError(`Failed to get kubefed cluster "${ns}/${clusterName}" from the host cluster "${host.context}": not found; is the cluster joined? (--force removes what is left anyway)`);
  }
  if (session.options.dryRun) {
    console.log(`Dry run: would unjoin cluster "${clusterName}" from the KubeFed control plane in namespace "${ns}" of "${host.context}"`);
    return;
  }

  let member: ClusterHandle | undefined;
  try {
    member = session.cluster(o.clusterContext || clusterName);
    await cleanMember(session, host, member, n, o.force);
  } catch (err) {
    if (!o.force) throw err;
    session.log.warn(`skipping cleanup of cluster "${member?.context ?? o.clusterContext ?? clusterName}": ${userMessage(err)}`);
  }

  if (kfc) {
    const secret = kfc.spec.secretRef?.name;
    if (secret && (await deleteIfExists(host.client, { ...refs.secrets, namespace: ns, name: secret }))) {
      session.log.v(2, `Deleted secret ${ns}/${secret} in the host cluster`);
    }
    await deleteIfExists(host.client, kfcRef);
    session.log.v(2, `Deleted kubefedcluster ${ns}/${clusterName} in the host cluster`);
  }
  console.log(`Cluster "${clusterName}" unjoined from the KubeFed control plane in namespace "${ns}" of the host cluster "${host.context}"`);
}
