// Server-side Table printers for the built-in resources, reproducing kube-apiserver 1.32's
// pkg/printers/internalversion/printers.go: column names, types, priorities, and the cell each print function
// computes (printPod, printDeployment, printService, printJob, ...). Resources printers.go has no handler for
// (roles, clusterroles, customresourcedefinitions) use the default `Name`/`Created At` converter, as kube does.
// Column descriptions are the API types' full field docs, as the real server serves them (measured on v1.37).

import type { KubeObject } from '../../common/object.js';
import { formatLabelSelector, selectorFromLabelSelector } from '../../common/labels.js';
import type { LabelSelectorSpec } from '../../common/labels.js';
import { formatAge, humanDuration } from './duration.js';
import { ageColumn, column, nameColumn } from './table-converter.js';
import type { TableColumnDefinition, TableConverter } from './table-converter.js';
import { defaultTableConverter } from './default-converter.js';

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const rec = (v: unknown): Rec => (isRec(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const recs = (v: unknown): Rec[] => arr(v).filter(isRec);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown, dflt = 0): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : dflt);

function dig(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const p of path) cur = rec(cur)[p];
  return cur;
}

const meta = (o: KubeObject): Rec => rec(o.metadata);
const age = (o: KubeObject, now: Date): string => formatAge(str(meta(o)['creationTimestamp']), now);

const containersCol = (): TableColumnDefinition => column('Containers', 'string', 'Names of each container in the template.', 1);
const imagesCol = (): TableColumnDefinition => column('Images', 'string', 'Images referenced by each container in the template.', 1);

/** layoutContainerCells: comma-joined names and images. */
function containerCells(podSpec: unknown): [string, string] {
  const cs = recs(dig(podSpec, 'containers'));
  return [cs.map((c) => str(c['name'])).join(','), cs.map((c) => str(c['image'])).join(',')];
}

/** labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty. */
function formatLabels(m: unknown): string {
  const r = rec(m);
  const keys = Object.keys(r).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${str(r[k])}`).join(',');
}

/** LabelSelectorAsSelector(...).String(), `<invalid>` when the selector does not convert. */
function selectorString(s: unknown): string {
  try {
    return selectorFromLabelSelector(isRec(s) ? (s as LabelSelectorSpec) : null).toString();
  } catch {
    return '<invalid>';
  }
}

const formatSelector = (s: unknown): string => formatLabelSelector(isRec(s) ? (s as LabelSelectorSpec) : null);

function conditionTrue(conditions: unknown, type: string): boolean {
  return recs(conditions).some((c) => c['type'] === type && c['status'] === 'True');
}

// ---- pods ----

function isRestartableInit(c: Rec | undefined): boolean {
  return c !== undefined && c['restartPolicy'] === 'Always';
}

function laterOf(current: number, ts: unknown): number {
  const t = typeof ts === 'string' ? Date.parse(ts) : NaN;
  return Number.isNaN(t) || t <= current ? current : t;
}

function podCells(o: KubeObject, now: Date): unknown[] {
  const spec = rec(o['spec']);
  const status = rec(o['status']);
  const initSpecs = recs(spec['initContainers']);
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = recs(spec['containers']).length;
  let readyContainers = 0;
  let lastRestart = 0;
  let lastRestartableInitRestart = 0;
  const phase = str(status['phase']);
  let reason = str(status['reason']) || phase;
  if (recs(status['conditions']).some((c) => c['type'] === 'PodScheduled' && c['reason'] === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }
  const initByName = new Map<string, Rec>();
  for (const c of initSpecs) {
    initByName.set(str(c['name']), c);
    if (isRestartableInit(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = recs(status['initContainerStatuses']);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i] ?? {};
    const restartable = isRestartableInit(initByName.get(str(cs['name'])));
    restarts += int(cs['restartCount']);
    const lastTerminated = rec(dig(cs, 'lastState', 'terminated'));
    if (isRec(dig(cs, 'lastState', 'terminated'))) lastRestart = laterOf(lastRestart, lastTerminated['finishedAt']);
    if (restartable) {
      restartableInitRestarts += int(cs['restartCount']);
      if (isRec(dig(cs, 'lastState', 'terminated'))) {
        lastRestartableInitRestart = laterOf(lastRestartableInitRestart, lastTerminated['finishedAt']);
      }
    }
    const terminated = dig(cs, 'state', 'terminated');
    const waiting = dig(cs, 'state', 'waiting');
    if (isRec(terminated) && int(terminated['exitCode']) === 0) continue;
    if (restartable && cs['started'] === true) {
      if (cs['ready'] === true) readyContainers++;
      continue;
    }
    if (isRec(terminated)) {
      const r = str(terminated['reason']);
      if (r === '') {
        reason = int(terminated['signal']) !== 0 ? `Init:Signal:${int(terminated['signal'])}` : `Init:ExitCode:${int(terminated['exitCode'])}`;
      } else {
        reason = `Init:${r}`;
      }
    } else if (isRec(waiting) && str(waiting['reason']) !== '' && waiting['reason'] !== 'PodInitializing') {
      reason = `Init:${str(waiting['reason'])}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status['conditions'], 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = recs(status['containerStatuses']);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] ?? {};
      restarts += int(cs['restartCount']);
      if (isRec(dig(cs, 'lastState', 'terminated'))) lastRestart = laterOf(lastRestart, dig(cs, 'lastState', 'terminated', 'finishedAt'));
      const waiting = dig(cs, 'state', 'waiting');
      const terminated = dig(cs, 'state', 'terminated');
      if (isRec(waiting) && str(waiting['reason']) !== '') {
        reason = str(waiting['reason']);
      } else if (isRec(terminated) && str(terminated['reason']) !== '') {
        reason = str(terminated['reason']);
      } else if (isRec(terminated)) {
        reason = int(terminated['signal']) !== 0 ? `Signal:${int(terminated['signal'])}` : `ExitCode:${int(terminated['exitCode'])}`;
      } else if (cs['ready'] === true && isRec(dig(cs, 'state', 'running'))) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(status['conditions'], 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = typeof meta(o)['deletionTimestamp'] === 'string';
  if (deleting && status['reason'] === 'NodeLost') reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsCell = String(restarts);
  if (restarts !== 0 && lastRestart !== 0) restartsCell = `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;

  const podIPs = recs(status['podIPs']);
  const podIP = str(podIPs[0]?.['ip']) || str(status['podIP']) || '<none>';
  const gates = recs(spec['readinessGates']);
  let readinessGates = '<none>';
  if (gates.length > 0) {
    const conds = recs(status['conditions']);
    const trueCount = gates.filter((g) => conds.find((c) => c['type'] === g['conditionType'])?.['status'] === 'True').length;
    readinessGates = `${trueCount}/${gates.length}`;
  }
  return [
    str(meta(o)['name']), `${readyContainers}/${totalContainers}`, reason, restartsCell, age(o, now),
    podIP, str(spec['nodeName']) || '<none>', str(status['nominatedNodeName']) || '<none>', readinessGates,
  ];
}

// ---- services, ingresses, endpoints, nodes ----

function loadBalancerAddresses(lb: unknown): string {
  return recs(dig(lb, 'ingress'))
    .flatMap((i) => [str(i['ip']), str(i['hostname'])].filter((s) => s !== '').slice(0, 1))
    .join(',');
}

function serviceExternalIP(spec: Rec, status: Rec): string {
  const externalIPs = arr(spec['externalIPs']).map(str);
  switch (str(spec['type']) || 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(status['loadBalancer']);
      if (externalIPs.length > 0) return [...(lb === '' ? [] : lb.split(',')), ...externalIPs].join(',');
      return lb === '' ? '<pending>' : lb;
    }
    case 'ExternalName':
      return str(spec['externalName']);
    default:
      return '<unknown>';
  }
}

function servicePorts(spec: Rec): string {
  const s = recs(spec['ports'])
    .map((p) => {
      const protocol = str(p['protocol']) || 'TCP';
      return int(p['nodePort']) > 0 ? `${int(p['port'])}:${int(p['nodePort'])}/${protocol}` : `${int(p['port'])}/${protocol}`;
    })
    .join(',');
  return s === '' ? '<none>' : s;
}

function ingressHosts(rules: unknown): string {
  const all = recs(rules);
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const r of all) {
    if (list.length === max) more = true;
    if (!more && str(r['host']) !== '') list.push(str(r['host']));
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${all.length - max} more...` : list.join(',');
}

function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function formatEndpoints(subsets: unknown): string {
  const ss = recs(subsets);
  if (ss.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const s of ss) {
    const addresses = recs(s['addresses']);
    const ports = recs(s['ports']);
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(str(a['ip']));
      }
      continue;
    }
    for (const p of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(str(a['ip']), int(p['port'])));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

function nodeRoles(labels: unknown): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(rec(labels))) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role !== '') roles.add(role);
    } else if (k === 'kubernetes.io/role' && str(v) !== '') {
      roles.add(str(v));
    }
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

function nodeAddress(status: Rec, type: string): string {
  return str(recs(status['addresses']).find((a) => a['type'] === type)?.['address']) || '<none>';
}

function nodeStatus(o: KubeObject): string {
  const ready = recs(dig(o, 'status', 'conditions')).find((c) => c['type'] === 'Ready');
  const out = [ready === undefined ? 'Unknown' : ready['status'] === 'True' ? 'Ready' : 'NotReady'];
  if (dig(o, 'spec', 'unschedulable') === true) out.push('SchedulingDisabled');
  return out.join(',');
}

// ---- events (core/v1 and events.k8s.io/v1 share the internal printer) ----

function eventCells(o: KubeObject, now: Date): unknown[] {
  const v1 = o.apiVersion === 'events.k8s.io/v1';
  const involved = rec(v1 ? o['regarding'] : o['involvedObject']);
  const source = rec(v1 ? o['deprecatedSource'] : o['source']);
  const firstTs = str(v1 ? o['deprecatedFirstTimestamp'] : o['firstTimestamp']);
  const lastTs = str(v1 ? o['deprecatedLastTimestamp'] : o['lastTimestamp']);
  const message = str(v1 ? o['note'] : o['message']);
  let count = int(v1 ? o['deprecatedCount'] : o['count']);
  const first = firstTs !== '' ? formatAge(firstTs, now) : formatAge(str(o['eventTime']), now);
  let last = lastTs !== '' ? formatAge(lastTs, now) : first;
  const series = o['series'];
  if (isRec(series)) {
    last = formatAge(str(series['lastObservedTime']), now);
    count = int(series['count']);
  } else if (count === 0) {
    count = 1;
  }
  const kind = str(involved['kind']).toLowerCase();
  const target = str(involved['name']) !== '' ? `${kind}/${str(involved['name'])}` : kind;
  const component = str(source['component']) || str(o['reportingController']);
  const host = str(source['host']) || str(o['reportingInstance']);
  return [
    last, str(o['type']), str(o['reason']), target, str(involved['fieldPath']),
    host === '' ? component : `${component}, ${host}`, message.trim(), first, count, str(meta(o)['name']),
  ];
}

// ---- the table ----

function converter(columns: TableColumnDefinition[], cells: (o: KubeObject, now: Date) => unknown[]): TableConverter {
  return { columns, cells };
}

const name = (o: KubeObject): string => str(meta(o)['name']);

const rbacBindingColumns = (what: string): TableColumnDefinition[] => [
  nameColumn(),
  // The RoleBinding and ClusterRoleBinding roleRef docs differ (rbac/v1 types.go).
  column('Role', 'string', what === 'roleBinding'
    ? 'roleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.'
    : 'roleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.'),
  ageColumn(),
  column('Users', 'string', `Users in the ${what}`, 1),
  column('Groups', 'string', `Groups in the ${what}`, 1),
  column('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, 1),
];

function bindingCells(o: KubeObject, now: Date): unknown[] {
  const ref = rec(o['roleRef']);
  const subjects = recs(o['subjects']);
  const of = (kind: string): string[] =>
    subjects.filter((s) => s['kind'] === kind).map((s) => (kind === 'ServiceAccount' ? `${str(s['namespace'])}:${str(s['name'])}` : str(s['name'])));
  return [name(o), `${str(ref['kind'])}/${str(ref['name'])}`, age(o, now), of('User').join(', '), of('Group').join(', '), of('ServiceAccount').join(', ')];
}

const builders: Record<string, () => TableConverter> = {
  '/namespaces': () => converter(
    [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
    (o, now) => [name(o), str(dig(o, 'status', 'phase')), age(o, now)],
  ),
  '/pods': () => converter(
    [
      nameColumn(),
      column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
      column('Status', 'string', 'The aggregate status of the containers in this pod.'),
      column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      ageColumn(),
      column('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
      column('Node', 'string', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename', 1),
      column('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.', 1),
      column('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates', 1),
    ],
    podCells,
  ),
  'apps/deployments': () => converter(
    [
      nameColumn(),
      column('Ready', 'string', 'Number of the pod with ready state'),
      column('Up-to-date', 'string', 'Total number of non-terminating pods targeted by this deployment that have the desired template spec.'),
      column('Available', 'string', 'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.'),
      ageColumn(), containersCol(), imagesCol(),
      column('Selector', 'string', "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.", 1),
    ],
    (o, now) => {
      const [names, images] = containerCells(dig(o, 'spec', 'template', 'spec'));
      const status = rec(o['status']);
      return [
        name(o), `${int(status['readyReplicas'])}/${int(dig(o, 'spec', 'replicas'), 1)}`, int(status['updatedReplicas']),
        int(status['availableReplicas']), age(o, now), names, images, selectorString(dig(o, 'spec', 'selector')),
      ];
    },
  ),
  'apps/replicasets': () => converter(
    [
      nameColumn(),
      column('Desired', 'integer', 'Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset'),
      column('Current', 'integer', 'Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset'),
      column('Ready', 'integer', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.'),
      ageColumn(), containersCol(), imagesCol(),
      column('Selector', 'string', "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", 1),
    ],
    (o, now) => {
      const [names, images] = containerCells(dig(o, 'spec', 'template', 'spec'));
      const status = rec(o['status']);
      return [
        name(o), int(dig(o, 'spec', 'replicas'), 1), int(status['replicas']), int(status['readyReplicas']), age(o, now),
        names, images, formatSelector(dig(o, 'spec', 'selector')),
      ];
    },
  ),
  'apps/statefulsets': () => converter(
    [nameColumn(), column('Ready', 'string', 'Number of the pod with ready state'), ageColumn(), containersCol(), imagesCol()],
    (o, now) => {
      const [names, images] = containerCells(dig(o, 'spec', 'template', 'spec'));
      return [name(o), `${int(dig(o, 'status', 'readyReplicas'))}/${int(dig(o, 'spec', 'replicas'), 1)}`, age(o, now), names, images];
    },
  ),
  'apps/daemonsets': () => converter(
    [
      nameColumn(),
      column('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
      column('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/'),
      column('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
      column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
      column('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
      column('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
      ageColumn(), containersCol(), imagesCol(),
      column('Selector', 'string', "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", 1),
    ],
    (o, now) => {
      const [names, images] = containerCells(dig(o, 'spec', 'template', 'spec'));
      const s = rec(o['status']);
      return [
        name(o), int(s['desiredNumberScheduled']), int(s['currentNumberScheduled']), int(s['numberReady']),
        int(s['updatedNumberScheduled']), int(s['numberAvailable']), formatLabels(dig(o, 'spec', 'template', 'spec', 'nodeSelector')),
        age(o, now), names, images, formatSelector(dig(o, 'spec', 'selector')),
      ];
    },
  ),
  'batch/jobs': () => converter(
    [
      nameColumn(),
      column('Status', 'string', 'Status of the job.'),
      column('Completions', 'string', 'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.'),
      column('Duration', 'string', 'Time required to complete the job.'),
      ageColumn(), containersCol(), imagesCol(),
      column('Selector', 'string', 'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', 1),
    ],
    (o, now) => {
      const spec = rec(o['spec']);
      const status = rec(o['status']);
      const succeeded = int(status['succeeded']);
      let completions: string;
      if (typeof spec['completions'] === 'number') completions = `${succeeded}/${int(spec['completions'])}`;
      else if (int(spec['parallelism']) > 1) completions = `${succeeded}/1 of ${int(spec['parallelism'])}`;
      else completions = `${succeeded}/1`;
      const start = typeof status['startTime'] === 'string' ? Date.parse(status['startTime']) : NaN;
      const end = typeof status['completionTime'] === 'string' ? Date.parse(status['completionTime']) : NaN;
      let duration = '';
      if (!Number.isNaN(start)) duration = humanDuration((Number.isNaN(end) ? now.getTime() : end) - start);
      const conds = status['conditions'];
      let state = 'Running';
      if (conditionTrue(conds, 'Complete')) state = 'Complete';
      else if (conditionTrue(conds, 'Failed')) state = 'Failed';
      else if (typeof meta(o)['deletionTimestamp'] === 'string') state = 'Terminating';
      else if (conditionTrue(conds, 'Suspended')) state = 'Suspended';
      else if (conditionTrue(conds, 'FailureTarget')) state = 'FailureTarget';
      else if (conditionTrue(conds, 'SuccessCriteriaMet')) state = 'SuccessCriteriaMet';
      const [names, images] = containerCells(dig(spec, 'template', 'spec'));
      return [name(o), state, completions, duration, age(o, now), names, images, formatSelector(spec['selector'])];
    },
  ),
  '/services': () => converter(
    [
      nameColumn(),
      column('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is "None", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. "ExternalName" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types'),
      column('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies'),
      column('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system.'),
      column('Port(s)', 'string', 'The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies'),
      ageColumn(),
      column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/', 1),
    ],
    (o, now) => {
      const spec = rec(o['spec']);
      const clusterIP = str(arr(spec['clusterIPs'])[0]) || str(spec['clusterIP']) || '<none>';
      return [
        name(o), str(spec['type']) || 'ClusterIP', clusterIP, serviceExternalIP(spec, rec(o['status'])), servicePorts(spec),
        age(o, now), formatLabels(spec['selector']),
      ];
    },
  ),
  '/configmaps': () => converter(
    [nameColumn(), column('Data', 'string', "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."), ageColumn()],
    (o, now) => [name(o), Object.keys(rec(o['data'])).length + Object.keys(rec(o['binaryData'])).length, age(o, now)],
  ),
  '/secrets': () => converter(
    [
      nameColumn(),
      column('Type', 'string', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
      column('Data', 'string', "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
      ageColumn(),
    ],
    (o, now) => {
      const keys = new Set([...Object.keys(rec(o['data'])), ...Object.keys(rec(o['stringData']))]);
      return [name(o), str(o['type']) || 'Opaque', keys.size, age(o, now)];
    },
  ),
  '/serviceaccounts': () => converter(
    [nameColumn(), column('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), ageColumn()],
    (o, now) => [name(o), recs(o['secrets']).length, age(o, now)],
  ),
  '/nodes': () => converter(
    [
      nameColumn(),
      column('Status', 'string', 'The status of the node'),
      column('Roles', 'string', 'The roles of the node'),
      ageColumn(),
      column('Version', 'string', 'Kubelet Version reported by the node.'),
      column('Internal-IP', 'string', "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).", 1),
      column('External-IP', 'string', "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).", 1),
      column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
      column('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
      column('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
    ],
    (o, now) => {
      const status = rec(o['status']);
      const info = rec(status['nodeInfo']);
      return [
        name(o), nodeStatus(o), nodeRoles(meta(o)['labels']), age(o, now), str(info['kubeletVersion']),
        nodeAddress(status, 'InternalIP'), nodeAddress(status, 'ExternalIP'),
        str(info['osImage']) || '<unknown>', str(info['kernelVersion']) || '<unknown>', str(info['containerRuntimeVersion']) || '<unknown>',
      ];
    },
  ),
  '/events': () => eventConverter(),
  'events.k8s.io/events': () => eventConverter(),
  '/endpoints': () => converter(
    [nameColumn(), column('Endpoints', 'string', 'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.'), ageColumn()],
    (o, now) => [name(o), formatEndpoints(o['subsets']), age(o, now)],
  ),
  'networking.k8s.io/ingresses': () => converter(
    [
      nameColumn(),
      column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
      column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
      column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
      column('Ports', 'string', 'Ports of TLS configurations that open'),
      ageColumn(),
    ],
    (o, now) => {
      const spec = rec(o['spec']);
      return [
        name(o), str(spec['ingressClassName']) || '<none>', ingressHosts(spec['rules']),
        loadBalancerAddresses(dig(o, 'status', 'loadBalancer')), recs(spec['tls']).length > 0 ? '80, 443' : '80', age(o, now),
      ];
    },
  ),
  'rbac.authorization.k8s.io/rolebindings': () => converter(rbacBindingColumns('roleBinding'), bindingCells),
  'rbac.authorization.k8s.io/clusterrolebindings': () => converter(rbacBindingColumns('clusterRoleBinding'), bindingCells),
  'rbac.authorization.k8s.io/roles': () => defaultTableConverter(),
  'rbac.authorization.k8s.io/clusterroles': () => defaultTableConverter(),
  'apiextensions.k8s.io/customresourcedefinitions': () => defaultTableConverter(),
  'coordination.k8s.io/leases': () => converter(
    [nameColumn(), column('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.'), ageColumn()],
    (o, now) => [name(o), str(dig(o, 'spec', 'holderIdentity')), age(o, now)],
  ),
};

function eventConverter(): TableConverter {
  return converter(
    [
      column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
      column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
      column('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      column('Object', 'string', 'The object that this event is about.'),
      column('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.', 1),
      column('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
      column('Message', 'string', 'A human-readable description of the status of this operation.'),
      column('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
      column('Count', 'string', 'The number of times this event has occurred.', 1),
      column('Name', 'string', 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', 1, 'name'),
    ],
    eventCells,
  );
}

const cache = new Map<string, TableConverter>();

/**
 * The printer kube-apiserver 1.32 uses for a built-in resource (`group` '' for core), or undefined when the
 * resource is not built in (custom resources use `crdTableConverter`).
 */
export function builtinTableConverter(group: string, resource: string): TableConverter | undefined {
  const key = `${group}/${resource}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const build = Object.prototype.hasOwnProperty.call(builders, key) ? builders[key] : undefined;
  if (build === undefined) return undefined;
  const made = build();
  cache.set(key, made);
  return made;
}
