export { Supervisor, serverUrl, clusterName, DEFAULT_APISERVER_ENTRY } from './supervisor.js';
export type { ClusterStatus, ClusterState, SupervisorOptions, UpResult } from './supervisor.js';
export { LocalError } from './errors.js';
export { ADMIN_GROUP, ADMIN_USER } from './tokens.js';
