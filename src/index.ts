// The package's public API: what `import { ... } from "kubefed-ts"` gives library users.
export * from './common/object.js';
export { planReplicas, rspResult, PlannerInputError } from './federation/planner.js';
export type { PlannerPreferences } from './federation/planner.js';
