// `kubefedctl join CLUSTER_NAME`: register a member cluster with the control plane (kubefed-behaviour.md §4.2).
import type { Scope } from '../apis/constants.js';
import type { KubeFedCluster } from '../apis/types.js';
import { isAlreadyExists } from '../client/index.js';
import type { RestClient, ResourceRef } from '../client/index.js';
import { isObject, type KubeObject } from '../common/object.js';
import { deleteIfExists, ensure, getIfExists, isSubset, poll } from './apply.js';
import { CliError } from './errors.js';
import {
  hostClusterName,
  hostCredentialsSecret,
  joinNames,
  kubeFedClusterObject,
  memberRbac,
  memberServiceAccount,
  memberTokenSecret,
  namespaceObject,
  type JoinNames,
} from './join-objects.js';
import { readKubeFedConfig } from './kubefed-config.js';
import { refs } from './resources.js';
import type { ClusterHandle, Session } from './session.js';

export interface JoinOptions {
  clusterContext?: string;
  hostClusterName?: string;
  secretName?: string;
  errorOnExisting: boolean;
  /** How long to wait for the member's token controller to fill the token Secret (KubeFed: 30 s). */
  tokenWaitMs?: number;
}

/** Objects this run created, deleted again (newest first) when a later step fails. */
class Undo {
  readonly #created: { client: RestClient; ref: ResourceRef }[] = [];

  record(client: RestClient, ref: ResourceRef): void {
    this.#created.push({ client, ref });
  }

  async run(): Promise<void> {
    for (const { client, ref } of this.#created.reverse()) {
      await deleteIfExists(client, ref).catch(() => undefined);
    }
  }
}

function exists(what: string, where: string): CliError {
  return new CliError(`${what} already exists in ${where}; unjoin the cluster first or pass --error-on-existing=false to update it`);
}

async function checkPreconditions(session: Session, host: ClusterHandle, member: ClusterHandle, clusterName: string, n: JoinNames, o: JoinOptions): Promise<void> {
  session.log.v(2, 'Performing preflight checks.');
  // Reading the namespace proves the member is reachable with these credentials before anything is written.
  await getIfExists(member.client, { ...refs.namespaces, name: n.namespace });
  if (!o.errorOnExisting) return;
  if (await getIfExists(member.client, { ...refs.serviceAccounts, namespace: n.namespace, name: n.serviceAccount })) {
    throw new CliError(`service account: ${n.serviceAccount} already exists in joining cluster: ${clusterName}; unjoin it first or pass --error-on-existing=false`);
  }
  if (await getIfExists(host.client, { ...refs.kubeFedClusters, namespace: n.namespace, name: clusterName })) {
    throw exists(`kubefedcluster "${clusterName}"`, `namespace "${n.namespace}" of the host cluster "${host.context}"`);
  }
  if (o.secretName && (await getIfExists(host.client, { ...refs.secrets, namespace: n.namespace, name: o.secretName }))) {
    throw exists(`secret "${o.secretName}"`, `namespace "${n.namespace}" of the host cluster "${host.context}"`);
  }
}

async function createOrUpdate(client: RestClient, ref: ResourceRef, obj: KubeObject, o: JoinOptions, undo: Undo, where: string): Promise<void> {
  const at = { ...ref, namespace: obj.metadata.namespace, name: obj.metadata.name };
  try {
    await client.create({ ...ref, namespace: obj.metadata.namespace }, obj);
    undo.record(client, at);
    return;
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    if (o.errorOnExisting) throw exists(`${obj.kind.toLowerCase()} "${obj.metadata.name}"`, where);
  }
  const live = await client.get(at);
  if (obj.kind.endsWith('Binding') && !isSubset(obj['roleRef'], live['roleRef'])) {
    // roleRef is immutable: a binding to another role must be recreated.
    await client.delete(at);
    await client.create({ ...ref, namespace: obj.metadata.namespace }, obj);
    return;
  }
  await ensure(client, ref, obj);
}

async function waitForToken(member: ClusterHandle, n: JoinNames, timeoutMs: number): Promise<{ token: string; caCrt?: string }> {
  const secret = await poll(async () => {
    const s = await getIfExists<KubeObject>(member.client, { ...refs.secrets, namespace: n.namespace, name: n.serviceAccount });
    const data = s && isObject(s['data']) ? s['data'] : undefined;
    return data && typeof data['token'] === 'string' && data['token'] !== '' ? data : undefined;
  }, timeoutMs, 1000);
  if (!secret) {
    throw new CliError(
      `timed out after ${Math.round(timeoutMs / 1000)}s waiting for the token of secret "${n.namespace}/${n.serviceAccount}" in cluster "${member.context}": ` +
        'the cluster did not issue a service account token (is its token controller running?)',
    );
  }
  const result: { token: string; caCrt?: string } = { token: Buffer.from(String(secret['token']), 'base64').toString('utf8') };
  if (typeof secret['ca.crt'] === 'string' && secret['ca.crt']) result.caCrt = secret['ca.crt'];
  return result;
}

export async function join(session: Session, clusterName: string, o: JoinOptions): Promise<void> {
  const ns = session.options.kubefedNamespace;
  const host = session.host();
  const member = session.cluster(o.clusterContext || clusterName);
  const hostName = hostClusterName(host.context, o.hostClusterName);
  session.log.v(
    2,
    `Args and flags: name ${clusterName}, host: ${host.context}, host-system-namespace: ${ns}, kubeconfig: ${session.options.kubeconfig ?? ''}, ` +
      `cluster-context: ${member.context}, secret-name: ${o.secretName ?? ''}, dry-run: ${session.options.dryRun}`,
  );
  const config = await readKubeFedConfig(host, ns);
  const scope: Scope = config.spec.scope === 'Namespaced' ? 'Namespaced' : 'Cluster';
  const n = joinNames(clusterName, hostName, ns);
  await checkPreconditions(session, host, member, clusterName, n, o);
  if (session.options.dryRun) {
    session.log.v(2, `Dry run: cluster "${clusterName}" passed the preflight checks; nothing was created`);
    console.log(`Dry run: would join cluster "${clusterName}" (context "${member.context}") to the KubeFed control plane in namespace "${ns}" of "${host.context}"`);
    return;
  }

  const undo = new Undo();
  try {
    const memberWhere = `joining cluster: ${clusterName}`;
    if (!(await getIfExists(member.client, { ...refs.namespaces, name: ns }))) {
      session.log.v(2, `Creating ${ns} namespace in joining cluster`);
      await member.client.create(refs.namespaces, namespaceObject(ns));
      undo.record(member.client, { ...refs.namespaces, name: ns });
      session.log.v(2, `Created ${ns} namespace in joining cluster`);
    }
    session.log.v(2, `Creating service account in joining cluster: ${clusterName}`);
    await createOrUpdate(member.client, refs.serviceAccounts, memberServiceAccount(n), o, undo, memberWhere);
    const tokenSecret = memberTokenSecret(n);
    if (!(await getIfExists(member.client, { ...refs.secrets, namespace: ns, name: n.serviceAccount }))) {
      await member.client.create({ ...refs.secrets, namespace: ns }, tokenSecret);
      undo.record(member.client, { ...refs.secrets, namespace: ns, name: n.serviceAccount });
    }
    session.log.v(2, `Created service account: ${n.serviceAccount} in joining cluster: ${clusterName}`);

    session.log.v(2, `Creating ${scope === 'Cluster' ? 'cluster role and binding' : 'role and binding'} for service account: ${n.serviceAccount} in joining cluster: ${clusterName}`);
    for (const { ref, object } of memberRbac(n, scope)) await createOrUpdate(member.client, refs[ref], object, o, undo, memberWhere);
    session.log.v(2, `Created ${scope === 'Cluster' ? 'cluster role and binding' : 'role and binding'} for service account: ${n.serviceAccount} in joining cluster: ${clusterName}`);

    session.log.v(2, `Waiting up to ${Math.round((o.tokenWaitMs ?? 30_000) / 1000)}s for the token of service account ${n.serviceAccount}`);
    const { token, caCrt } = await waitForToken(member, n, o.tokenWaitMs ?? 30_000);

    session.log.v(2, `Creating secret in host cluster: ${host.context}`);
    const existingCluster = await getIfExists<KubeFedCluster>(host.client, { ...refs.kubeFedClusters, namespace: ns, name: clusterName });
    // Re-joining without --secret-name reuses the cluster's current secret rather than leaking a new one each time.
    const secretName = o.secretName || existingCluster?.spec.secretRef.name;
    const desiredSecret = hostCredentialsSecret(clusterName, ns, secretName, token, caCrt);
    let hostSecretName: string;
    const liveSecret = secretName ? await getIfExists<KubeObject>(host.client, { ...refs.secrets, namespace: ns, name: secretName }) : undefined;
    if (liveSecret) {
      await ensure(host.client, refs.secrets, desiredSecret);
      hostSecretName = secretName as string;
    } else {
      const created = await host.client.create({ ...refs.secrets, namespace: ns }, desiredSecret);
      hostSecretName = created.metadata.name ?? '';
      undo.record(host.client, { ...refs.secrets, namespace: ns, name: hostSecretName });
    }
    session.log.v(2, `Created secret in host cluster named: ${hostSecretName}`);

    const endpoint = {
      server: member.connection.server,
      insecureSkipTLSVerify: member.connection.skipTLSVerify,
      ...(member.connection.caData ? { caPem: member.connection.caData } : {}),
      ...(caCrt ? { secretCaCrt: caCrt } : {}),
      ...(member.connection.proxyUrl ? { proxyUrl: member.connection.proxyUrl } : {}),
    };
    const kfc = kubeFedClusterObject(clusterName, ns, hostSecretName, endpoint);
    session.log.v(2, `Creating KubeFedCluster "${clusterName}" in namespace ${ns} of the host cluster`);
    if (existingCluster) {
      await host.client.patch({ ...refs.kubeFedClusters, namespace: ns, name: clusterName }, 'merge', { spec: kfc.spec });
    } else {
      await host.client.create({ ...refs.kubeFedClusters, namespace: ns }, kfc);
    }
    session.log.v(2, `Created KubeFedCluster "${clusterName}"`);
  } catch (err) {
    session.log.v(2, 'Join failed; deleting the objects this run created');
    await undo.run();
    throw err;
  }
  session.log.v(2, `Successfully joined cluster "${clusterName}" to the KubeFed control plane`);
  console.log(`Cluster "${clusterName}" joined the KubeFed control plane in namespace "${ns}" of the host cluster "${host.context}"`);
}
