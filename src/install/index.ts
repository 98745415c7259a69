// The public surface of the install generator: the control plane's objects for `kubefedctl init [--deploy]`, and
// the chart and kustomize files built from them.
export {
  controlPlaneObjects,
  controlPlaneObjectGroups,
  controllerCommand,
  controllerDeployment,
  defaultFederatedTypeConfigs,
  kubeFedConfigObject,
  metricsService,
  namespaceObject,
} from './objects.js';
export type { GroupedObjects, ObjectGroup } from './objects.js';
export { defaultControlPlaneOptions, resolveControlPlaneOptions } from './options.js';
export type { ControlPlaneInput, ControlPlaneOptions, ImagePullPolicy, ResourceRequirements } from './options.js';
export { configRules, controllerRbacObjects, controllerRules } from './rbac.js';
export type { PolicyRule } from './rbac.js';
export * from './names.js';
export { defaultChartValues, optionsFromValues } from './values.js';
export type { ChartValues } from './values.js';
export { checkInstallFiles, installFiles, writeInstallFiles } from './generate.js';
export type { FileProblem } from './generate.js';
export { packageVersion } from './version.js';
