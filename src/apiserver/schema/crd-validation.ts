// Validation of a CustomResourceDefinition object itself (apiextensions-apiserver pkg/apis/apiextensions/validation
// ValidateCustomResourceDefinition), for the rules a user hits in practice: name = <plural>.<group>, group a
// dotted DNS subdomain, names, scope, versions with exactly one storage version, a schema per version, and
// printer-column JSONPaths that parse.

import type { StatusCause } from '../../common/object.js';
import { validateDNS1123Label, validateDNS1123Subdomain } from '../../common/labels.js';
import { compileJsonPath } from '../jsonpath/index.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const required = (field: string): StatusCause => ({ reason: 'FieldValueRequired', field, message: 'Required value' });
const invalid = (field: string, value: unknown, msg: string): StatusCause =>
  ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${msg}` });

export function validateCustomResourceDefinition(crd: unknown): StatusCause[] {
  const out: StatusCause[] = [];
  const obj = isRec(crd) ? crd : {};
  const spec = isRec(obj['spec']) ? obj['spec'] : {};
  const names = isRec(spec['names']) ? spec['names'] : {};
  const group = str(spec['group']);
  const plural = str(names['plural']);
  const name = str(isRec(obj['metadata']) ? obj['metadata']['name'] : undefined);

  if (plural !== '' && group !== '' && name !== `${plural}.${group}`) {
    out.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  }
  if (group === '') out.push(required('spec.group'));
  else if (!group.includes('.')) out.push(invalid('spec.group', group, 'should be a domain with at least one dot'));
  else {
    const errs = validateDNS1123Subdomain(group);
    if (errs.length > 0) out.push(invalid('spec.group', group, errs.join('; ')));
  }
  for (const key of ['plural', 'singular', 'kind', 'listKind']) {
    const v = str(names[key]);
    if (v === '') {
      if (key === 'plural' || key === 'kind') out.push(required(`spec.names.${key}`));
      continue;
    }
    if (key === 'plural' || key === 'singular') {
      const errs = validateDNS1123Label(v);
      if (errs.length > 0) out.push(invalid(`spec.names.${key}`, v, errs.join('; ')));
    }
  }
  const scope = str(spec['scope']);
  if (scope === '') out.push(required('spec.scope'));
  else if (scope !== 'Namespaced' && scope !== 'Cluster') {
    out.push({ reason: 'FieldValueNotSupported', field: 'spec.scope', message: `Unsupported value: ${JSON.stringify(scope)}: supported values: "Cluster", "Namespaced"` });
  }
  const versions = Array.isArray(spec['versions']) ? spec['versions'].filter(isRec) : [];
  if (versions.length === 0) out.push(invalid('spec.versions', [], 'must have exactly one version marked as storage version'));
  else {
    const storage = versions.filter((v) => v['storage'] === true).length;
    if (storage !== 1) out.push(invalid('spec.versions', versions.map((v) => v['name']), 'must have exactly one version marked as storage version'));
  }
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    const path = `spec.versions[${i}]`;
    const vname = str(v['name']);
    if (vname === '') out.push(required(`${path}.name`));
    else if (seen.has(vname)) out.push({ reason: 'FieldValueDuplicate', field: `${path}.name`, message: `Duplicate value: ${JSON.stringify(vname)}` });
    seen.add(vname);
    const schema = isRec(v['schema']) ? v['schema']['openAPIV3Schema'] : undefined;
    if (!isRec(schema)) out.push(required(`${path}.schema.openAPIV3Schema`));
    else if (schema['type'] !== 'object') {
      out.push({ reason: 'FieldValueRequired', field: `${path}.schema.openAPIV3Schema.type`, message: 'Required value: must not be empty at the root' });
    }
    const cols = Array.isArray(v['additionalPrinterColumns']) ? v['additionalPrinterColumns'].filter(isRec) : [];
    cols.forEach((c, j) => {
      const cpath = `${path}.additionalPrinterColumns[${j}]`;
      if (str(c['name']) === '') out.push(required(`${cpath}.name`));
      const type = str(c['type']);
      if (!['integer', 'number', 'string', 'boolean', 'date'].includes(type)) {
        out.push({ reason: 'FieldValueNotSupported', field: `${cpath}.type`, message: `Unsupported value: ${JSON.stringify(type)}: supported values: "boolean", "date", "integer", "number", "string"` });
      }
      const jp = str(c['jsonPath']);
      if (jp === '') out.push(required(`${cpath}.jsonPath`));
      else {
        try {
          compileJsonPath(`{${jp}}`);
        } catch {
          out.push(invalid(`${cpath}.jsonPath`, jp, 'must be a simple json path'));
        }
      }
    });
  });
  // Structural schemas: every node names its type. A CRD whose versions share one schema is validated as
  // apiextensions' internal version holds it, at spec.validation.
  const schemas = versions.map((v) => (isRec(v['schema']) ? v['schema']['openAPIV3Schema'] : undefined));
  const shared = schemas.length > 0 && schemas.every((x) => JSON.stringify(x) === JSON.stringify(schemas[0]));
  schemas.forEach((schema, i) => {
    if (!isRec(schema) || (shared && i > 0)) return;
    untypedNodes(schema, shared ? 'spec.validation.openAPIV3Schema' : `spec.versions[${i}].schema.openAPIV3Schema`, out);
  });
  return out;
}

/** Nodes below the root with no type (apiextensions' structural schema check), except int-or-string and preserved ones. */
function untypedNodes(node: Rec, path: string, out: StatusCause[]): void {
  const visit = (child: unknown, childPath: string): void => {
    if (!isRec(child)) return;
    if (str(child['type']) === '' && child['x-kubernetes-int-or-string'] !== true && child['x-kubernetes-preserve-unknown-fields'] !== true) {
      out.push({ reason: 'FieldValueRequired', field: `${childPath}.type`, message: 'Required value: must not be empty for specified object fields' });
    }
    untypedNodes(child, childPath, out);
  };
  if (isRec(node['properties'])) for (const [k, v] of Object.entries(node['properties'])) visit(v, `${path}.properties[${k}]`);
  if (isRec(node['items'])) visit(node['items'], `${path}.items`);
  if (isRec(node['additionalProperties'])) visit(node['additionalProperties'], `${path}.additionalProperties`);
}
