// Replica scheduling (ReplicaSchedulingPreference): the controller the manager starts, and the decision it applies,
// which `kubefedctl plan-replicas` shows without applying (the pure decision lives in federation/).
export { SchedulingManager, SCHEDULABLE_TYPE_CONFIGS, UNSCHEDULABLE_THRESHOLD_ENV, unschedulableThresholdFromEnv, type SchedulingManagerOptions } from './scheduling-manager.js';
export { RspController, RSP_CONTROLLER_NAME, type RspControllerOptions } from './controller.js';
export { decide, type ClusterState, type Decision, type DecisionInput, type MemberWorkload, type PlanRow } from '../../federation/rsp-decision.js';
export { analysePods, podsMatching, DEFAULT_UNSCHEDULABLE_THRESHOLD_MS, type PodAnalysis, type PodView } from '../../federation/rsp-pod-analysis.js';
