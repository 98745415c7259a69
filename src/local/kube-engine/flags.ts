// The command lines of one real control plane's components. Pure: every path and port comes in, so the choices
// are visible (and unit-tested) in one place. Flag names are those of the v1.37 components
// (https://kubernetes.io/docs/reference/command-line-tools-reference/); the choices follow three rules of this
// machine: everything listens on 127.0.0.1 only, nothing may send traffic off loopback (so no kube-proxy, no
// endpoint reconciler advertising an address, no cloud provider), and the clusters are throw-away test clusters
// (so etcd may skip fsync, and there is one instance of each controller, without leader election).

export interface ComponentPaths {
  dataDir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  tokenFile: string;
  serviceAccountKeyFile: string;
  serviceAccountPublicKeyFile: string;
  controllerManagerKubeconfig: string;
  schedulerKubeconfig: string;
  /** kube-apiserver's EgressSelectorConfiguration (egress-guard.ts): cluster traffic through the loopback guard. */
  egressSelectorConfigFile: string;
}

export interface ComponentPorts {
  host: string;
  apiserver: number;
  etcd: number;
  etcdPeer: number;
}

/** Service ClusterIPs are only numbers here (no kube-proxy routes them); the range is the built-in server's. */
export const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/12';
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export function etcdUrl(ports: ComponentPorts): string {
  return `http://${ports.host}:${ports.etcd}`;
}

export function etcdArgs(ports: ComponentPorts, paths: Pick<ComponentPaths, 'dataDir'>): string[] {
  const client = etcdUrl(ports);
  const peer = `http://${ports.host}:${ports.etcdPeer}`;
  return [
    '--name=default',
    `--data-dir=${paths.dataDir}/etcd`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    // Local test clusters trade crash durability for speed; a clean stop (SIGTERM) still persists everything.
    '--unsafe-no-fsync',
    '--log-level=warn',
    // Keep the database from growing without bound in long benchmarks, as kube-apiserver's own compaction does.
    '--auto-compaction-mode=revision',
    '--auto-compaction-retention=10000',
  ];
}

export function apiserverArgs(ports: ComponentPorts, paths: ComponentPaths): string[] {
  return [
    `--etcd-servers=${etcdUrl(ports)}`,
    `--bind-address=${ports.host}`,
    `--advertise-address=${ports.host}`,
    `--secure-port=${ports.apiserver}`,
    `--tls-cert-file=${paths.certFile}`,
    `--tls-private-key-file=${paths.keyFile}`,
    `--client-ca-file=${paths.caFile}`,
    // The same static token file the built-in server reads: the kubeconfig's admin token and the components' own.
    `--token-auth-file=${paths.tokenFile}`,
    '--authorization-mode=RBAC',
    `--service-account-issuer=${SERVICE_ACCOUNT_ISSUER}`,
    `--service-account-key-file=${paths.serviceAccountPublicKeyFile}`,
    `--service-account-signing-key-file=${paths.serviceAccountKeyFile}`,
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
    // The `kubernetes` Service exists, but no Endpoints advertise this process (its address is loopback anyway,
    // which Endpoints may not hold).
    '--endpoint-reconciler-type=none',
    // kubectl logs/exec reach a node by its InternalIP, which the fake kubelet sets in 127.0.0.0/8.
    '--kubelet-preferred-address-types=InternalIP',
    // Traffic to nodes, pods and Services goes through the egress guard, which lets only loopback through.
    `--egress-selector-config-file=${paths.egressSelectorConfigFile}`,
    '--allow-privileged=true',
    '--profiling=false',
    `--cert-dir=${paths.dataDir}/apiserver-certs`,
  ];
}

/**
 * Node IPAM stays off (no CNI here hands out pod CIDRs; the fake kubelet chooses pod IPs). The cloud controllers
 * left kube-controller-manager for cloud-controller-manager; the fake kubelet does their load-balancer part.
 */
export const DISABLED_CONTROLLERS = ['-node-ipam-controller'];

export function controllerManagerArgs(clusterName: string, paths: ComponentPaths): string[] {
  return [
    `--kubeconfig=${paths.controllerManagerKubeconfig}`,
    `--controllers=*,${DISABLED_CONTROLLERS.join(',')}`,
    `--cluster-name=${clusterName}`,
    `--service-account-private-key-file=${paths.serviceAccountKeyFile}`,
    `--root-ca-file=${paths.caFile}`,
    // Each controller acts as its own kube-system ServiceAccount, as in kubeadm: the bootstrap RBAC of the
    // system:kube-controller-manager user alone does not cover what the controllers write.
    '--use-service-account-credentials=true',
    `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
    '--leader-elect=false',
    // No HTTPS endpoint: nothing scrapes it, and it would need two more ports per cluster.
    '--secure-port=0',
    // The default 20 qps makes a 100-replica rollout take seconds of client-side waiting on an idle server.
    '--kube-api-qps=200',
    '--kube-api-burst=400',
  ];
}

export function schedulerArgs(paths: ComponentPaths): string[] {
  return [
    `--kubeconfig=${paths.schedulerKubeconfig}`,
    '--leader-elect=false',
    '--secure-port=0',
    '--kube-api-qps=200',
    '--kube-api-burst=400',
  ];
}
