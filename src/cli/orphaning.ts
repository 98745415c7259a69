// `kubefedctl orphaning-deletion enable|disable|status TYPE NAME`: the `kubefed.io/orphan` annotation, which makes
// deleting a federated resource leave its member objects in place (kubefed-behaviour.md §4.7).
import { ORPHAN_ANNOTATION, ORPHAN_ANNOTATION_TRUE, TYPES_GROUP } from '../apis/constants.js';
import { isNotFound } from '../client/index.js';
import type { KubeObject } from '../common/object.js';
import { resolveType } from './enable.js';
import { CliError } from './errors.js';
import type { Session } from './session.js';

export type OrphaningAction = 'enable' | 'disable' | 'status';

/** The annotation change an action makes, or undefined when there is nothing to change. */
export function orphaningChange(obj: KubeObject, action: 'enable' | 'disable'): KubeObject | undefined {
  const annotations = { ...obj.metadata.annotations };
  const enabled = annotations[ORPHAN_ANNOTATION] === ORPHAN_ANNOTATION_TRUE;
  if (action === 'enable') {
    if (enabled) return undefined;
    annotations[ORPHAN_ANNOTATION] = ORPHAN_ANNOTATION_TRUE;
  } else {
    if (!(ORPHAN_ANNOTATION in annotations)) return undefined;
    delete annotations[ORPHAN_ANNOTATION];
  }
  return { ...obj, metadata: { ...obj.metadata, annotations } };
}

export function orphaningStatus(obj: KubeObject): 'Enabled' | 'Disabled' {
  return obj.metadata.annotations?.[ORPHAN_ANNOTATION] === ORPHAN_ANNOTATION_TRUE ? 'Enabled' : 'Disabled';
}

export async function orphaning(session: Session, action: OrphaningAction, typeName: string, name: string, namespaceFlag: string | undefined): Promise<void> {
  const host = session.host();
  const r = await resolveType(host, typeName);
  if (!r.kind.startsWith('Federated') || r.group !== TYPES_GROUP) {
    session.log.warn(`Warning: ${r.group ? `${r.resource}.${r.group}` : r.resource}/${r.version} might not be a federated resource`);
  }
  const namespace = r.namespaced ? namespaceFlag || host.connection.namespace || 'default' : undefined;
  const ref = { group: r.group, version: r.version, resource: r.resource, namespace, name };
  let obj: KubeObject;
  try {
    obj = await host.client.get(ref);
  } catch (err) {
    if (isNotFound(err)) throw new CliError(`${r.kind} "${namespace ? `${namespace}/` : ''}${name}" not found in the host cluster "${host.context}"`);
    throw err;
  }
  if (action === 'status') {
    console.log(orphaningStatus(obj));
    return;
  }
  const changed = orphaningChange(obj, action);
  if (changed && !session.options.dryRun) await host.client.update(ref, changed);
  console.log(`Orphaning deletion ${action === 'enable' ? 'enabled' : 'disabled'} for ${r.kind} "${namespace ? `${namespace}/` : ''}${name}"`);
}
