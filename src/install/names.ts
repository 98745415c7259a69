// Names of the objects an install creates. KubeFed's chart names (kubefed-behaviour.md §8) are kept so that scripts,
// dashboards and `kubectl` habits written for KubeFed keep working; the image is this project's own.

export const CONTROLLER_MANAGER_NAME = 'kubefed-controller-manager';
export const CONTROLLER_SERVICE_ACCOUNT = 'kubefed-controller';
/** ClusterRole (Cluster scope) or Role (Namespaced scope) with the controller's rules on KubeFed's API groups. */
export const CONTROLLER_ROLE = 'kubefed-role';
export const CONTROLLER_ROLE_BINDING = 'kubefed-rolebinding';
/** Role in the KubeFed namespace: the leader-election Lease and the member clusters' credential Secrets. */
export const CONFIG_ROLE = 'kubefed-config-role';
export const CONFIG_ROLE_BINDING = 'kubefed-config-rolebinding';
export const METRICS_SERVICE_NAME = 'kubefed-controller-manager-metrics-service';
export const CONTROLLER_CONTAINER_NAME = 'controller-manager';

/** The label KubeFed's chart selects the controller pods with. */
export const CONTROL_PLANE_LABEL = 'kubefed-control-plane';
export const CONTROL_PLANE_LABEL_VALUE = 'controller-manager';

/** Ports of `kubefed-controller-manager` in a pod (its `--healthz-addr` and `--metrics-addr`, KubeFed's defaults). */
export const HEALTHZ_PORT = 8080;
export const METRICS_PORT = 9090;

/** KubeFed's chart runs the controller as this user (no root in the image either). */
export const CONTROLLER_UID = 1001;

/** This project's image; KubeFed's was quay.io/kubernetes-multicluster/kubefed. */
export const IMAGE_REGISTRY = 'ghcr.io/kubefed-ts';
export const IMAGE_NAME = 'kubefed-ts';
export const IMAGE_REPOSITORY = `${IMAGE_REGISTRY}/${IMAGE_NAME}`;

/** The env var the pod's namespace arrives in (downward API), passed on as `--kubefed-namespace`. */
export const POD_NAMESPACE_ENV = 'POD_NAMESPACE';
