// The plain manifests under config/: one YAML file per object group and a kustomization that applies them all
// (`kubectl apply -k config/`). The CRDs sit in their own kustomization (config/crds/) so they can be applied and
// waited for first: kubectl cannot map a KubeFedConfig or FederatedTypeConfig before its CRD is served.
import { stringify } from 'yaml';
import { GENERATED_HEADER, yamlDocuments } from './chart.js';
import { controlPlaneObjectGroups } from './objects.js';
import type { ObjectGroup } from './objects.js';
import { defaultControlPlaneOptions } from './options.js';

const KUSTOMIZATION = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' };

/** Every file of config/, by path relative to config/. */
export function kustomizeFiles(version: string): Map<string, string> {
  const options = { ...defaultControlPlaneOptions(version), deploy: true };
  const files = new Map<string, string>();
  const resources: string[] = [];
  const fileOf = (group: ObjectGroup): string => (group === 'crds' ? 'crds/crds.yaml' : `${group}.yaml`);
  for (const { group, objects } of controlPlaneObjectGroups(options)) {
    files.set(fileOf(group), `${GENERATED_HEADER}\n${yamlDocuments(objects)}`);
    resources.push(group === 'crds' ? 'crds' : fileOf(group));
  }
  files.set('crds/kustomization.yaml', `${GENERATED_HEADER}\n${stringify({ ...KUSTOMIZATION, resources: ['crds.yaml'] })}`);
  files.set('kustomization.yaml', `${GENERATED_HEADER}\n${stringify({ ...KUSTOMIZATION, resources })}`);
  return files;
}
