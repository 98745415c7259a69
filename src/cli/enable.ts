// `kubefedctl enable`: make a Kubernetes type federatable by creating its Federated<Kind> CRD and its
// FederatedTypeConfig (kubefed-behaviour.md §4.4).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_FEDERATED_GROUP, DEFAULT_FEDERATED_VERSION } from '../apis/constants.js';
import type { CustomResourceDefinition } from '../apis/crds/crd.js';
import { federatedTypeConfigFor, federatedTypeCrd, type FederatedTypeOptions } from '../apis/federated-crd.js';
import { crdNameFor, groupQualifiedName } from '../apis/naming.js';
import type { FederatedTypeConfig } from '../apis/types.js';
import type { ApiResource } from '../client/index.js';
import { ResourceResolutionError } from '../client/index.js';
import { isObject, type KubeList, type KubeObject } from '../common/object.js';
import { crdEstablished, getIfExists, isSubset, poll } from './apply.js';
import { CliError } from './errors.js';
import { refs } from './resources.js';
import type { ClusterHandle, Session } from './session.js';

/** An EnableTypeDirective file (`-f`): metadata.name and optional spec overrides of the flags' defaults. */
export interface EnableTypeDirective {
  name: string;
  targetVersion?: string;
  federatedGroup: string;
  federatedVersion: string;
}

export function parseEnableTypeDirective(text: string, file: string): EnableTypeDirective {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new CliError(`cannot parse ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const meta = isObject(doc) && isObject(doc['metadata']) ? doc['metadata'] : {};
  const spec = isObject(doc) && isObject(doc['spec']) ? doc['spec'] : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : '';
  if (!name) throw new CliError(`${file} has no metadata.name: an EnableTypeDirective names the type to enable there`);
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const directive: EnableTypeDirective = {
    name,
    federatedGroup: str(spec['federatedGroup']) ?? DEFAULT_FEDERATED_GROUP,
    federatedVersion: str(spec['federatedVersion']) ?? DEFAULT_FEDERATED_VERSION,
  };
  const targetVersion = str(spec['targetVersion']);
  if (targetVersion) directive.targetVersion = targetVersion;
  return directive;
}

/** True when the target schema declares an integer `spec.replicas` (the federated type then gets `retainReplicas`). */
export function schemaHasIntegerReplicas(schema: unknown): boolean {
  if (!isObject(schema) || !isObject(schema['properties'])) return false;
  const spec = schema['properties']['spec'];
  if (!isObject(spec) || !isObject(spec['properties'])) return false;
  const replicas = spec['properties']['replicas'];
  return isObject(replicas) && replicas['type'] === 'integer';
}

/**
 * Built-in kinds whose spec has an int32 `replicas` (k8s.io/api apps/v1 types.go DeploymentSpec, ReplicaSetSpec,
 * StatefulSetSpec; core/v1 types.go ReplicationControllerSpec). Used only when the server publishes a schema without
 * `spec` for a built-in type: an incomplete OpenAPI document must not silently drop `retainReplicas`.
 */
const BUILTIN_REPLICAS_KINDS = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', '/ReplicationController']);

/** `retainReplicas` decision: the schema when it describes `spec`, else the built-in table. */
export function targetHasReplicas(schema: unknown, group: string, kind: string): boolean {
  const hasSpec = isObject(schema) && isObject(schema['properties']) && isObject(schema['properties']['spec']);
  if (hasSpec) return schemaHasIntegerReplicas(schema);
  return BUILTIN_REPLICAS_KINDS.has(`${group}/${kind}`);
}

/**
 * APIs that serve the same objects under several groups (Kubernetes' deprecated API table, as in KubeFed): two
 * FTCs for one of these would propagate the same member objects twice.
 */
const EQUIVALENT_APIS: Record<string, string[]> = {
  deployments: ['apps', 'extensions'],
  daemonsets: ['apps', 'extensions'],
  replicasets: ['apps', 'extensions'],
  statefulsets: ['apps'],
  networkpolicies: ['networking.k8s.io', 'extensions'],
  podsecuritypolicies: ['policy', 'extensions'],
  ingresses: ['networking.k8s.io', 'extensions'],
};

export function equivalentTypeNames(plural: string, group: string): string[] {
  const groups = EQUIVALENT_APIS[plural];
  if (!groups || !groups.includes(group)) return [];
  return groups.filter((g) => g !== group).map((g) => `${plural}.${g}`);
}

/** Turns a discovery resolution failure into KubeFed's message plus where to look. */
export async function resolveType(host: ClusterHandle, name: string, version?: string): Promise<ApiResource> {
  try {
    return await host.discovery.resolveResource(name, version ? { version } : {});
  } catch (err) {
    if (err instanceof ResourceResolutionError && err.candidates.length === 0) {
      throw new CliError(`${err.message} Run "kubectl api-resources --context ${host.context}" to list the types the host cluster serves.`);
    }
    throw err;
  }
}

/**
 * The target's schema, from its CRD when it has one, else from the server's OpenAPI v3 document. Only two facts are
 * drawn from it (whether `spec.replicas` is an integer, and that a schema exists); it is not embedded (§4.4).
 */
export async function targetSchema(host: ClusterHandle, r: ApiResource): Promise<unknown> {
  if (r.group !== '') {
    const crd = await getIfExists<CustomResourceDefinition>(host.client, { ...refs.crds, name: `${r.resource}.${r.group}` });
    if (crd) {
      const version = crd.spec.versions.find((v) => v.name === r.version) ?? crd.spec.versions[0];
      return version?.schema?.openAPIV3Schema ?? {};
    }
  }
  const schema = await host.discovery.openapiV3Schema({ group: r.group, version: r.version, kind: r.kind });
  if (!schema) {
    throw new CliError(
      `the host cluster "${host.context}" publishes no OpenAPI schema for ${r.kind} (${r.group ? `${r.group}/` : ''}${r.version}); ` +
        'kubefedctl needs it to generate the federated type',
    );
  }
  return schema;
}

export interface EnableOptions {
  federatedGroup: string;
  federatedVersion: string;
}

/** The FTC and CRD for a resolved type. */
export function federatedTypeObjects(r: ApiResource, hasReplicas: boolean, opts: EnableOptions, namespace: string): { ftc: FederatedTypeConfig; crd: CustomResourceDefinition } {
  const o: FederatedTypeOptions = {
    target: {
      group: r.group,
      version: r.version,
      kind: r.kind,
      pluralName: r.resource,
      scope: r.namespaced ? 'Namespaced' : 'Cluster',
      shortNames: r.shortNames,
    },
    targetHasReplicas: hasReplicas,
    federatedGroup: opts.federatedGroup,
    federatedVersion: opts.federatedVersion,
  };
  return { ftc: federatedTypeConfigFor(o, namespace), crd: federatedTypeCrd(o) };
}

function federatedCrdName(ftc: FederatedTypeConfig): string {
  return crdNameFor({ group: ftc.spec.federatedType.group ?? '', pluralName: ftc.spec.federatedType.pluralName });
}

function sameFederatedType(a: FederatedTypeConfig, b: FederatedTypeConfig): boolean {
  const x = a.spec.federatedType;
  const y = b.spec.federatedType;
  return (x.group ?? '') === (y.group ?? '') && x.version === y.version && x.kind === y.kind && x.pluralName === y.pluralName;
}

function apiVersionKind(ftc: FederatedTypeConfig): string {
  const t = ftc.spec.federatedType;
  return `${t.group ? `${t.group}/` : ''}${t.version}, Kind=${t.kind}`;
}

/**
 * Creates or updates the CRD, waits until the server serves it, then creates or updates the FTC. Refuses (before
 * writing anything) to change the federated type of an enabled type, to take over a CRD another FTC uses, or to
 * enable a type whose equivalent API (same objects, other group) is already enabled.
 */
export async function applyFederatedType(session: Session, host: ClusterHandle, ftc: FederatedTypeConfig, crd: CustomResourceDefinition, print: (line: string) => void): Promise<void> {
  const ns = session.options.kubefedNamespace;
  const name = ftc.metadata.name ?? '';
  const crdName = crd.metadata.name ?? '';
  if (!(await getIfExists(host.client, { ...refs.namespaces, name: ns }))) {
    throw new CliError(`KubeFed system namespace "${ns}" does not exist in the host cluster "${host.context}"; run "kubefedctl init" first or pass --kubefed-namespace`);
  }
  const existing = await getIfExists<FederatedTypeConfig>(host.client, { ...refs.federatedTypeConfigs, namespace: ns, name });
  if (existing && !sameFederatedType(existing, ftc)) {
    throw new CliError(
      `Federation is already enabled for "${name}" with federated type "${apiVersionKind(existing)}". ` +
        `Changing the federated type to "${apiVersionKind(ftc)}" is not supported; run "kubefedctl disable ${name}" first.`,
    );
  }
  const all = await host.client.list<FederatedTypeConfig>({ ...refs.federatedTypeConfigs, namespace: ns });
  const others = (all as KubeList<FederatedTypeConfig>).items.filter((f) => f.metadata.name !== name);
  const target = ftc.spec.targetType;
  for (const eq of equivalentTypeNames(target.pluralName, target.group ?? '')) {
    const clash = others.find((f) => f.metadata.name === eq);
    if (clash) {
      throw new CliError(`Failed to enable "${name}": the equivalent API "${eq}" is already enabled with federated type "${apiVersionKind(clash)}"; disable it first ("kubefedctl disable ${eq}")`);
    }
  }
  const sharer = others.find((f) => federatedCrdName(f) === crdName);
  if (sharer) {
    throw new CliError(
      `Failed to enable "${name}": the CRD "${crdName}" is already used by FederatedTypeConfig "${ns}/${sharer.metadata.name}"; ` +
        'use --federated-group to generate the federated type in another group',
    );
  }

  const liveCrd = await getIfExists<CustomResourceDefinition>(host.client, { ...refs.crds, name: crdName });
  if (!liveCrd) {
    if (session.options.dryRun) print(`customresourcedefinition.apiextensions.k8s.io/${crdName} created (dry run)`);
    else {
      await host.client.create(refs.crds, crd);
      print(`customresourcedefinition.apiextensions.k8s.io/${crdName} created`);
    }
  } else if (isSubset(crd.spec, liveCrd.spec)) {
    print(`customresourcedefinition.apiextensions.k8s.io/${crdName} unchanged`);
  } else if (session.options.dryRun) {
    print(`customresourcedefinition.apiextensions.k8s.io/${crdName} updated (dry run)`);
  } else {
    await host.client.update({ ...refs.crds, name: crdName }, { ...liveCrd, spec: crd.spec });
    print(`customresourcedefinition.apiextensions.k8s.io/${crdName} updated`);
  }
  if (!session.options.dryRun) {
    const established = await poll(async () => {
      const c = await getIfExists<KubeObject>(host.client, { ...refs.crds, name: crdName });
      return c && crdEstablished(c) ? c : undefined;
    }, 30_000, 100);
    if (!established) throw new CliError(`customresourcedefinition "${crdName}" was not Established within 30s in the host cluster "${host.context}"`);
    host.discovery.invalidate();
  }

  const dry = session.options.dryRun ? ' (dry run)' : '';
  if (!existing) {
    if (!session.options.dryRun) await host.client.create({ ...refs.federatedTypeConfigs, namespace: ns }, ftc);
    print(`federatedtypeconfig.core.kubefed.io/${name} created in namespace ${ns}${dry}`);
  } else if (isSubset(ftc.spec, existing.spec)) {
    print(`federatedtypeconfig.core.kubefed.io/${name} unchanged in namespace ${ns}`);
  } else {
    if (!session.options.dryRun) await host.client.patch({ ...refs.federatedTypeConfigs, namespace: ns, name }, 'merge', { spec: ftc.spec });
    print(`federatedtypeconfig.core.kubefed.io/${name} updated in namespace ${ns}${dry}`);
  }
}

export interface EnableCommandOptions extends EnableOptions {
  filename?: string;
  version?: string;
}

/** Resolves the type named on the command line (or in `-f FILE`) and builds its FTC and CRD. */
export async function prepareEnable(session: Session, name: string | undefined, o: EnableCommandOptions): Promise<{ ftc: FederatedTypeConfig; crd: CustomResourceDefinition }> {
  let typeName = name;
  let opts: EnableOptions = { federatedGroup: o.federatedGroup, federatedVersion: o.federatedVersion };
  let version = o.version;
  if (o.filename) {
    if (name) throw new CliError('specify either a type NAME or -f FILENAME, not both');
    let text: string;
    try {
      text = readFileSync(o.filename === '-' ? 0 : o.filename, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read ${o.filename}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const directive = parseEnableTypeDirective(text, o.filename);
    typeName = directive.name;
    opts = { federatedGroup: directive.federatedGroup, federatedVersion: directive.federatedVersion };
    version = directive.targetVersion;
  }
  if (!typeName) throw new CliError('a type NAME (e.g. deployments.apps) or -f FILENAME is required; see "kubefedctl enable --help"');
  const host = session.host();
  session.log.v(2, `Looking up the API resource named "${typeName}" in the host cluster "${host.context}"`);
  const resource = await resolveType(host, typeName, version);
  session.log.v(2, `Resolved "${typeName}" to ${groupQualifiedName({ group: resource.group, pluralName: resource.resource })} (${resource.kind}, ${resource.group ? `${resource.group}/` : ''}${resource.version})`);
  const schema = await targetSchema(host, resource);
  return federatedTypeObjects(resource, targetHasReplicas(schema, resource.group, resource.kind), opts, session.options.kubefedNamespace);
}
