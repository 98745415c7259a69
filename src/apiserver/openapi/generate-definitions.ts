// Generates builtin-definitions.generated.ts from the Kubernetes OpenAPI definitions that the pinned npm package
// @kubernetes/client-node (1.4.0, generated from the Kubernetes v1.34 OpenAPI spec) ships: each model class's
// `attributeTypeMap` gives the JSON field names, types and formats, and its `.d.ts` declaration marks required
// fields (no `?`). Only the definitions reachable from the kinds this server serves are kept.
// Run: node dist/src/apiserver/openapi/generate-definitions.js > src/apiserver/openapi/builtin-definitions.generated.ts
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { builtinResourceTypes } from '../registry/builtin-types.js';
import type { Definition, RootKind } from './definitions.js';

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

interface ModelClass {
  attributeTypeMap?: Attribute[];
}

const require = createRequire(import.meta.url);
const MODELS_DIR = join(dirname(require.resolve('@kubernetes/client-node/package.json')), 'dist', 'gen', 'models');

// Client model names whose prefix is not the plain version (V1, V2, ...): the group is part of the name.
const MODEL_NAME_OVERRIDES: Record<string, string> = {
  '/v1/Event': 'CoreV1Event',
  'events.k8s.io/v1/Event': 'EventsV1Event',
};

// Kinds served without a discovery entry of their own (the scale subresource's autoscaling/v1 Scale).
// PodTemplate is listed so PodTemplateSpec is named for the core group, as kube-apiserver names it.
const EXTRA_ROOTS: { group: string; version: string; kind: string }[] = [
  { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  { group: '', version: 'v1', kind: 'PodTemplate' },
];

// Types of k8s.io/apimachinery (kube-apiserver names them io.k8s.apimachinery.pkg.apis.meta.v1.X); every other
// definition belongs to the group of the first served kind that reaches it, core kinds first.
const META_TYPES = new Set([
  'ObjectMeta', 'ListMeta', 'LabelSelector', 'LabelSelectorRequirement', 'OwnerReference', 'ManagedFieldsEntry',
  'Condition', 'Status', 'StatusDetails', 'StatusCause', 'DeleteOptions', 'Preconditions', 'APIResource',
]);

function modelName(group: string, version: string, kind: string): string {
  return MODEL_NAME_OVERRIDES[`${group}/${version}/${kind}`] ?? `${version[0]?.toUpperCase() ?? ''}${version.slice(1)}${kind}`;
}

/** V1DeploymentSpec → DeploymentSpec; CoreV1Event → Event; V1beta1X → X. */
function shortName(model: string): string {
  return model.replace(/^(Core|Events|Apiextensions|Authentication|Rbac|Storage|Discovery)?V\d+((alpha|beta)\d+)?/, '');
}

function pkgFor(group: string, version: string, short: string): string {
  if (META_TYPES.has(short)) return 'io.k8s.apimachinery.pkg.apis.meta.v1';
  if (group === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}`;
  return `io.k8s.api.${group === '' ? 'core' : group.split('.')[0] ?? group}.${version}`;
}

async function loadModel(model: string): Promise<{ attributes: Attribute[]; required: string[] } | undefined> {
  let cls: ModelClass;
  try {
    const mod = (await import(join(MODELS_DIR, `${model}.js`))) as Record<string, ModelClass>;
    cls = mod[model] as ModelClass;
  } catch {
    return undefined;
  }
  const dts = readFileSync(join(MODELS_DIR, `${model}.d.ts`), 'utf8');
  const required = [...dts.matchAll(/^\s+'([^']+)': /gm)].map((m) => m[1] as string);
  return { attributes: cls.attributeTypeMap ?? [], required };
}

/** Translates a client-node type string into the compact form; `refs` collects referenced models. */
function typeOf(type: string, format: string, refs: string[]): string {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return `[]${typeOf(array[1] as string, format, refs)}`;
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return `{}${typeOf(map[1] as string, format, refs)}`;
  switch (type) {
    case 'string':
      return format ? `string:${format}` : 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      if (format === 'int32' || format === 'int64') return `integer:${format}`;
      return format ? `number:${format}` : 'number';
    case 'Date':
      return 'string:date-time';
    case 'IntOrString':
      return 'IntOrString';
    case 'any':
    case 'object':
      return 'object';
    default:
      refs.push(type);
      return `#${type}`;
  }
}

export async function generateDefinitions(): Promise<{ definitions: Record<string, Definition>; roots: RootKind[] }> {
  const kinds = [...builtinResourceTypes().map((t) => ({ group: t.group, version: t.version, kind: t.kind })), ...EXTRA_ROOTS];
  // Core kinds first so shared types (PodSpec, Container, ...) are named for the core group.
  kinds.sort((a, b) => (a.group === '' ? 0 : 1) - (b.group === '' ? 0 : 1));
  const byModel = new Map<string, { name: string; def: Definition }>();
  const roots: { -readonly [K in keyof RootKind]: RootKind[K] }[] = [];
  for (const k of kinds) {
    const queue = [modelName(k.group, k.version, k.kind)];
    if (!(await loadModel(queue[0] as string))) continue;
    roots.push({ ...k, definition: shortName(queue[0] as string) });
    while (queue.length) {
      const model = queue.shift() as string;
      if (byModel.has(model)) continue;
      const loaded = await loadModel(model);
      if (!loaded) continue;
      const refs: string[] = [];
      const properties: Record<string, string> = {};
      for (const a of loaded.attributes) properties[a.baseName] = typeOf(a.type, a.format, refs);
      const short = shortName(model);
      const required = loaded.attributes.filter((a) => loaded.required.includes(a.name)).map((a) => a.baseName);
      byModel.set(model, { name: short, def: { pkg: pkgFor(k.group, k.version, short), ...(required.length ? { required } : {}), properties } });
      queue.push(...refs);
    }
  }
  const fullName = (model: string): string => {
    const m = byModel.get(model);
    return m ? `${m.def.pkg}.${m.name}` : model;
  };
  const definitions: Record<string, Definition> = {};
  for (const [model, { def }] of byModel) {
    const props: Record<string, string> = {};
    for (const [p, ty] of Object.entries(def.properties)) props[p] = ty.replace(/#([A-Za-z0-9]+)$/, (_m, ref: string) => `#${fullName(ref)}`);
    definitions[fullName(model)] = { ...def, properties: props };
  }
  for (const r of roots) r.definition = fullName(modelName(r.group, r.version, r.kind));
  return { definitions, roots };
}

export function renderDefinitionsModule(d: { definitions: Record<string, Definition>; roots: RootKind[] }): string {
  const sorted = Object.fromEntries(Object.keys(d.definitions).sort().map((k) => [k, d.definitions[k]]));
  return [
    '// Generated by generate-definitions.ts from @kubernetes/client-node 1.4.0 (Kubernetes v1.34 OpenAPI models). Do not edit.',
    "import type { Definition, RootKind } from './definitions.js';",
    '',
    'export const BUILTIN_ROOTS: readonly RootKind[] = [',
    ...d.roots.map((r) => `  ${JSON.stringify(r)},`),
    '];',
    '',
    'export const BUILTIN_DEFINITIONS: Readonly<Record<string, Definition>> = {',
    ...Object.entries(sorted).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
    '};',
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) {
  process.stdout.write(renderDefinitionsModule(await generateDefinitions()));
}
