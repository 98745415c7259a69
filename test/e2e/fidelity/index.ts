// Every differential fidelity scenario, by area, in the order the suite runs them.
import { authScenarios } from './auth-reviews.js';
import { builtinObjectScenarios } from './builtin-objects.js';
import { clientNodeScenarios } from './client-node.js';
import { crdScenarios } from './crds.js';
import { deletionScenarios } from './deletion-gc.js';
import { discoveryTableScenarios } from './discovery-tables.js';
import { errorScenarios } from './errors.js';
import { kubectlVersionScenarios } from './kubectl-versions.js';
import { listWatchScenarios } from './list-watch.js';
import { patchScenarios } from './patch-ssa.js';
import type { Scenario } from './scenario.js';
import { subresourceScenarios } from './subresources.js';

export const SCENARIOS: Scenario[] = [
  ...listWatchScenarios,
  ...errorScenarios,
  ...patchScenarios,
  ...subresourceScenarios,
  ...deletionScenarios,
  ...crdScenarios,
  ...discoveryTableScenarios,
  ...builtinObjectScenarios,
  ...authScenarios,
  ...kubectlVersionScenarios,
  ...clientNodeScenarios,
];

export { runScenarios, type ScenarioResult } from './run.js';
export { parseAccepted, triage, type AcceptedDifference } from './accepted.js';
export { describeDifference, type Difference } from './compare.js';
