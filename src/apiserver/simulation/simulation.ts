// The simulated cluster inside one API server process: what kube-controller-manager, kube-scheduler, the kubelets
// and a cloud provider would do for the built-in workload kinds. Admission hooks (ClusterIP/NodePort allocation,
// Job selectors) join the server's chain; the controllers follow the store's change stream, never poll.
import type { AdmissionChain } from '../admission/admission.js';
import type { ObjectService } from '../objects/object-service.js';
import type { Registry } from '../registry/registry.js';
import { type ClusterContext, simTypes } from './cluster-context.js';
import { startDaemonSetController } from './daemonset-controller.js';
import { startDeploymentController } from './deployment-controller.js';
import { startEndpointsController } from './endpoints-controller.js';
import { EventRecorder } from './event-recorder.js';
import { jobAdmission } from './job-admission.js';
import { startJobController } from './job-controller.js';
import { startKubelets } from './kubelet.js';
import { startLoadBalancers } from './load-balancer-controller.js';
import { ensureNodes } from './nodes.js';
import { startReplicaSetController } from './replicaset-controller.js';
import { startScheduler } from './scheduler.js';
import { ServiceAllocators, serviceAllocation } from './service-allocation.js';
import { resolveSimulation, type SimulationOptions } from './simulation-options.js';
import { startStatefulSetController } from './statefulset-controller.js';

export interface SimulationDeps {
  registry: Registry;
  service: ObjectService;
  admission: AdmissionChain;
  clusterName: string;
  log: (line: string) => void;
}

/** Adds the admission hooks, creates the nodes and starts every simulated component; returns the stop function. */
export function startSimulation(deps: SimulationDeps, options: SimulationOptions = {}): () => void {
  const types = simTypes(deps.registry);
  const ctx: ClusterContext = {
    svc: deps.service,
    types,
    recorder: new EventRecorder(deps.service, types.events),
    options: resolveSimulation(deps.clusterName, options),
    log: deps.log,
  };
  const allocators = new ServiceAllocators();
  const stops = [allocators.follow(deps.service.store)];
  deps.admission.use(serviceAllocation(allocators));
  deps.admission.use(jobAdmission());
  ensureNodes(ctx);
  stops.push(
    startDeploymentController(ctx),
    startReplicaSetController(ctx),
    startStatefulSetController(ctx),
    startDaemonSetController(ctx),
    startJobController(ctx),
    startScheduler(ctx),
    startKubelets(ctx),
    startEndpointsController(ctx),
    startLoadBalancers(ctx),
  );
  return () => {
    for (const s of stops.reverse()) s();
  };
}
