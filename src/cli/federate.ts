// `kubefedctl federate TYPE NAME`: create the federated form of an existing object, of a namespace with its
// contents, or of the objects in a file (kubefed-behaviour.md §4.6).
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { groupQualifiedName } from '../apis/naming.js';
import type { FederatedResource, FederatedTypeConfig, Placement } from '../apis/types.js';
import type { ApiResource } from '../client/index.js';
import { isAlreadyExists, isNotFound } from '../client/index.js';
import type { CustomResourceDefinition } from '../apis/crds/crd.js';
import { isObject, type KubeObject } from '../common/object.js';
import { getIfExists, sleep } from './apply.js';
import { applyFederatedType, federatedTypeObjects, resolveType, targetHasReplicas, targetSchema } from './enable.js';
import { CliError } from './errors.js';
import { contentResources, generatedByCluster } from './federate-contents.js';
import { defaultFederatedTypeFor, federatedResourceFor, isDns1123Subdomain, placementFor, type FederatedTypeRef } from './federate-conversion.js';
import { formatObjects, type OutputFormat } from './output.js';
import { refs } from './resources.js';
import type { ClusterHandle, Session } from './session.js';

export interface FederateOptions {
  namespace?: string;
  output?: OutputFormat;
  enableType: boolean;
  contents: boolean;
  filename?: string;
  skipApiResources: string[];
  clusters?: string[];
  clusterSelector?: Record<string, string>;
  /** How long to retry a create answered NotFound (a just-created CRD not served yet; KubeFed: 10 s). */
  createRetryMs?: number;
}

/** Parses `a=b,c=d` into matchLabels. */
export function parseSelector(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const i = part.indexOf('=');
    if (i <= 0) throw new CliError(`invalid --cluster-selector entry "${part}": expected KEY=VALUE[,KEY=VALUE...]`);
    labels[part.slice(0, i)] = part.slice(i + 1);
  }
  return labels;
}

function federatedTypeRef(ftc: FederatedTypeConfig): FederatedTypeRef {
  const f = ftc.spec.federatedType;
  return { apiVersion: f.group ? `${f.group}/${f.version}` : f.version, kind: f.kind };
}

/** The FTC of a type: installed, or enabled now (`--enable-type`), or assumed (`-o` without writing anything). */
async function typeConfigFor(session: Session, host: ClusterHandle, r: ApiResource, o: FederateOptions, created: Set<string>): Promise<FederatedTypeConfig | undefined> {
  const ns = session.options.kubefedNamespace;
  const name = groupQualifiedName({ group: r.group, pluralName: r.resource });
  const ftc = await getIfExists<FederatedTypeConfig>(host.client, { ...refs.federatedTypeConfigs, namespace: ns, name });
  if (ftc) return ftc;
  const generated = (): Promise<{ ftc: FederatedTypeConfig; crd: CustomResourceDefinition }> =>
    targetSchema(host, r).then((schema) => federatedTypeObjects(r, targetHasReplicas(schema, r.group, r.kind), { federatedGroup: 'types.kubefed.io', federatedVersion: 'v1beta1' }, ns));
  if (o.output) return (await generated()).ftc;
  if (!o.enableType) return undefined;
  if (!created.has(name)) {
    const objs = await generated();
    await applyFederatedType(session, host, objs.ftc, objs.crd, (line) => console.log(line));
    created.add(name);
    return objs.ftc;
  }
  return getIfExists<FederatedTypeConfig>(host.client, { ...refs.federatedTypeConfigs, namespace: ns, name });
}

function notEnabled(session: Session, r: ApiResource): CliError {
  const name = groupQualifiedName({ group: r.group, pluralName: r.resource });
  return new CliError(
    `FederatedTypeConfig "${session.options.kubefedNamespace}/${name}" not found: the type ${r.kind} is not enabled for federation. ` +
      `Consider using '--enable-type' to enable it, or run "kubefedctl enable ${name}" first`,
  );
}

async function createFederated(session: Session, host: ClusterHandle, ftc: FederatedTypeConfig, obj: FederatedResource, source: string, o: FederateOptions): Promise<void> {
  const f = ftc.spec.federatedType;
  const ref = { group: f.group ?? '', version: f.version, resource: f.pluralName, namespace: obj.metadata.namespace };
  const deadline = Date.now() + (o.createRetryMs ?? 10_000);
  const what = `${f.kind} "${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}"`;
  for (;;) {
    try {
      await host.client.create(ref, obj);
      break;
    } catch (err) {
      if (isNotFound(err) && Date.now() < deadline) {
        await sleep(1000);
        continue;
      }
      if (isAlreadyExists(err)) {
        throw new CliError(`${what} already exists in the host cluster "${host.context}"; delete it first or edit it with kubectl`);
      }
      throw err;
    }
  }
  session.log.v(2, `Successfully created ${f.kind} "${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}" from ${source}`);
  console.log(`${f.kind.toLowerCase()}.${f.group}/${obj.metadata.name} created${obj.metadata.namespace ? ` in namespace ${obj.metadata.namespace}` : ''}`);
}

interface Planned {
  ftc: FederatedTypeConfig;
  object: FederatedResource;
  source: string;
}

/** `-f FILE`: every document converted with KubeFed's default assumptions, printed, never created. */
export function federateDocuments(text: string, source: string, placement: Placement): { objects: FederatedResource[]; warnings: string[] } {
  const objects: FederatedResource[] = [];
  const warnings: string[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new CliError(`cannot parse ${source}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isObject(value) || typeof value['kind'] !== 'string' || typeof value['apiVersion'] !== 'string' || !isObject(value['metadata'])) {
      throw new CliError(`${source} contains a document that is not a Kubernetes object (it needs apiVersion, kind and metadata)`);
    }
    const items = value['kind'] === 'List' && Array.isArray(value['items']) ? value['items'] : [value];
    for (const item of items) {
      if (!isObject(item)) continue;
      const obj = item as unknown as KubeObject;
      const c = federatedResourceFor(obj, defaultFederatedTypeFor(obj.kind), placement);
      objects.push(c.federated);
      warnings.push(...c.warnings);
    }
  }
  return { objects, warnings };
}

export async function federate(session: Session, typeName: string | undefined, name: string | undefined, o: FederateOptions): Promise<void> {
  if (o.enableType && o.output) throw new CliError('--enable-type cannot be combined with --output: -o prints the federated resources without writing anything');
  if (o.clusters && o.clusterSelector) throw new CliError('use either --clusters or --cluster-selector, not both');
  const placement = placementFor({ ...(o.clusters ? { clusters: o.clusters } : {}), ...(o.clusterSelector ? { matchLabels: o.clusterSelector } : {}) });

  if (o.filename) {
    if (typeName || name) throw new CliError('-f/--filename takes no TYPE-NAME or RESOURCE-NAME arguments');
    if (o.contents) throw new CliError('--contents cannot be combined with -f/--filename');
    let text: string;
    try {
      text = readFileSync(o.filename === '-' ? 0 : o.filename, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read ${o.filename}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const { objects, warnings } = federateDocuments(text, o.filename === '-' ? 'stdin' : o.filename, placement);
    for (const w of warnings) session.log.warn(w);
    process.stdout.write(formatObjects(objects, o.output ?? 'yaml'));
    return;
  }
  if (!typeName || !name) throw new CliError('TYPE-NAME and RESOURCE-NAME are required (e.g. "kubefedctl federate deployments.apps nginx -n default"); see "kubefedctl federate --help"');

  const host = session.host();
  const r = await resolveType(host, typeName);
  const isNamespace = r.group === '' && r.resource === 'namespaces';
  if (o.contents && !isNamespace) throw new CliError('--contents flag is only applicable to namespaces');
  const namespace = r.namespaced ? o.namespace || host.connection.namespace || 'default' : undefined;
  const created = new Set<string>();
  const ftc = await typeConfigFor(session, host, r, o, created);
  if (!ftc) throw notEnabled(session, r);

  const sourceRef = { group: r.group, version: r.version, resource: r.resource, namespace, name };
  let source: KubeObject;
  try {
    source = await host.client.get(sourceRef);
  } catch (err) {
    if (isNotFound(err)) {
      throw new CliError(`${r.kind} "${namespace ? `${namespace}/` : ''}${name}" not found in the host cluster "${host.context}"${namespace ? '; use -n to pick its namespace' : ''}`);
    }
    throw err;
  }
  const describe = (obj: KubeObject, kind: string): string => `${kind} "${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name}"`;
  const plan: Planned[] = [];
  const main = federatedResourceFor(source, federatedTypeRef(ftc), placement);
  for (const w of main.warnings) session.log.warn(w);
  plan.push({ ftc, object: main.federated, source: describe(source, r.kind) });

  if (o.contents) {
    // Contents follow the FederatedNamespace: an empty selector selects all clusters, and the sync controller
    // intersects it with the namespace's placement, so placing the namespace places everything in it.
    const followNamespace = placementFor({});
    const resources = contentResources(await host.discovery.preferredResources(), o.skipApiResources);
    const notEnabledTypes: string[] = [];
    for (const cr of resources) {
      const list = await host.client.listAll({ group: cr.group, version: cr.version, resource: cr.resource, namespace: name });
      const candidates = list.items
        .map((item) => ({ ...item, apiVersion: cr.group ? `${cr.group}/${cr.version}` : cr.version, kind: cr.kind }))
        .filter((item) => {
          const why = generatedByCluster(item);
          if (why) session.log.v(2, `Skipping ${describe(item, cr.kind)}: ${why}`);
          if (!isDns1123Subdomain(item.metadata.name ?? '')) {
            session.log.warn(`Skipping ${describe(item, cr.kind)}: its name is not a valid DNS-1123 subdomain`);
            return false;
          }
          return !why;
        });
      if (candidates.length === 0) continue;
      const crFtc = await typeConfigFor(session, host, cr, o, created);
      if (!crFtc) {
        notEnabledTypes.push(groupQualifiedName({ group: cr.group, pluralName: cr.resource }));
        continue;
      }
      for (const item of candidates) {
        const c = federatedResourceFor(item, federatedTypeRef(crFtc), followNamespace);
        for (const w of c.warnings) session.log.warn(w);
        plan.push({ ftc: crFtc, object: c.federated, source: describe(item, cr.kind) });
      }
    }
    if (notEnabledTypes.length > 0) {
      session.log.warn(`Not federating objects of types that are not enabled: ${notEnabledTypes.join(', ')} (use --enable-type to enable them, or --skip-api-resources to silence this)`);
    }
  }

  if (o.output) {
    process.stdout.write(formatObjects(plan.map((p) => p.object), o.output));
    return;
  }
  if (session.options.dryRun) {
    for (const p of plan) console.log(`${p.ftc.spec.federatedType.kind.toLowerCase()}.${p.ftc.spec.federatedType.group}/${p.object.metadata.name} created (dry run)`);
    return;
  }
  // Checked before writing anything: the named object must be new; namespace contents that are federated already
  // are in the state the user asked for and are skipped.
  const toCreate: Planned[] = [];
  for (const [i, p] of plan.entries()) {
    const f = p.ftc.spec.federatedType;
    const ref = { group: f.group ?? '', version: f.version, resource: f.pluralName, namespace: p.object.metadata.namespace, name: p.object.metadata.name };
    let present = false;
    try {
      present = (await getIfExists(host.client, ref)) !== undefined;
    } catch (err) {
      // A federated type whose CRD is not served yet has no objects.
      if (!isNotFound(err)) throw err;
    }
    if (!present) toCreate.push(p);
    else if (i === 0) throw new CliError(`${f.kind} "${p.object.metadata.namespace ? `${p.object.metadata.namespace}/` : ''}${p.object.metadata.name}" already exists in the host cluster "${host.context}"; delete it first or edit it with kubectl`);
    else console.log(`${f.kind.toLowerCase()}.${f.group}/${p.object.metadata.name} already exists in namespace ${p.object.metadata.namespace}, skipped`);
  }
  for (const p of toCreate) await createFederated(session, host, p.ftc, p.object, p.source, o);
}
