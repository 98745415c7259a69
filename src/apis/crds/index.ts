// Every CRD KubeFed installs, from one definition each, and their YAML for the chart, kustomize and `kubefedctl init`.
import { stringify } from 'yaml';
import { defaultFederatedTypes, federatedTypeCrd } from '../federated-crd.js';
import type { CustomResourceDefinition } from './crd.js';
import {
  clusterPropagatedVersionCrd,
  federatedServiceStatusCrd,
  federatedTypeConfigCrd,
  kubeFedClusterCrd,
  kubeFedConfigCrd,
  propagatedVersionCrd,
} from './core.js';
import { dnsEndpointCrd, domainCrd, ingressDnsRecordCrd, serviceDnsRecordCrd } from './dns.js';
import { replicaSchedulingPreferenceCrd } from './scheduling.js';

export * from './crd.js';
export * from './schema.js';
export { celMatches, celString, GO_DURATION_PATTERN } from './cel.js';
export {
  clusterPropagatedVersionCrd,
  federatedServiceStatusCrd,
  federatedTypeConfigCrd,
  FTC_NAME_RULE,
  kubeFedClusterCrd,
  kubeFedConfigCrd,
  propagatedVersionCrd,
} from './core.js';
export { dnsEndpointCrd, domainCrd, ingressDnsRecordCrd, serviceDnsRecordCrd } from './dns.js';
export { replicaSchedulingPreferenceCrd } from './scheduling.js';
export { structuralSchemaErrors } from './structural.js';

/** The control plane's own CRDs (core, scheduling, multicluster DNS), sorted by name as KubeFed's chart lists them. */
export function controlPlaneCrds(): CustomResourceDefinition[] {
  return [
    kubeFedClusterCrd(),
    kubeFedConfigCrd(),
    federatedTypeConfigCrd(),
    propagatedVersionCrd(),
    clusterPropagatedVersionCrd(),
    federatedServiceStatusCrd(),
    replicaSchedulingPreferenceCrd(),
    domainCrd(),
    serviceDnsRecordCrd(),
    ingressDnsRecordCrd(),
    dnsEndpointCrd(),
  ].sort(byName);
}

/** The CRDs of the ten default federated types. */
export function defaultFederatedTypeCrds(): CustomResourceDefinition[] {
  return defaultFederatedTypes().map(federatedTypeCrd).sort(byName);
}

/** Everything an install applies: control-plane CRDs, then the default federated types. */
export function allCrds(): CustomResourceDefinition[] {
  return [...controlPlaneCrds(), ...defaultFederatedTypeCrds()];
}

export interface RenderCrdsOptions {
  /** Include the ten default Federated<Kind> CRDs (default true). */
  federatedTypes?: boolean;
}

/** Multi-document YAML (`---` before each document), stable across runs so generated files diff cleanly. */
export function renderCrdsYaml(options: RenderCrdsOptions = {}): string {
  const crds = options.federatedTypes === false ? controlPlaneCrds() : allCrds();
  return crds.map((crd) => `---\n${stringify(crd, { lineWidth: 0 })}`).join('');
}

function byName(a: CustomResourceDefinition, b: CustomResourceDefinition): number {
  const x = a.metadata.name ?? '';
  const y = b.metadata.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
