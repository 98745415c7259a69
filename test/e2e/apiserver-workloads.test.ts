// Simulated nodes and workloads (issue 3), checked with the real kubectl as a user would on a real cluster:
// rollouts, rolling updates, capacity limits, load-balancer addresses, Jobs and zoned Nodes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { ok, serverVersion, startClusters, waitFor } from './harness.js';

const c = await startClusters(2);

function deployment(name: string, replicas: number, image = 'nginx:1.25'): string {
  return stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }] }] } },
    },
  });
}

test('a Deployment of 3 rolls out to 3/3 with 3 Running Pods', async () => {
  ok(await c.kubectl(['apply', '-f', c.writeFile('web.yaml', deployment('web', 3))]));
  const status = ok(await c.kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s']));
  assert.match(status, /deployment "web" successfully rolled out/);
  ok(await c.kubectl(['wait', '--for=condition=Available', 'deployment/web', '--timeout=60s']));
  assert.match(ok(await c.kubectl(['get', 'deployment', 'web'])), /^web\s+3\/3\s+3\s+3\s+/m);
  const pods = ok(await c.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'wide', '--no-headers']));
  const rows = pods.trim().split('\n');
  assert.equal(rows.length, 3, pods);
  for (const row of rows) assert.match(row, /^web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+cluster1-node-[123]\s/);
  const events = ok(await c.kubectl(['get', 'events', '--field-selector', 'reason=ScalingReplicaSet', '-o', 'jsonpath={.items[*].message}']));
  assert.match(events, /Scaled up replica set web-[a-z0-9]+ from 0 to 3/);
});

test('a rolling image update makes a new ReplicaSet and scales the old one to 0', async () => {
  const before = ok(await c.kubectl(['get', 'rs', '-l', 'app=web', '-o', 'name'])).trim();
  ok(await c.kubectl(['set', 'image', 'deployment/web', 'web=nginx:1.26']));
  assert.match(ok(await c.kubectl(['rollout', 'status', 'deployment/web', '--timeout=60s'])), /successfully rolled out/);
  const rs = ok(await c.kubectl(['get', 'rs', '-l', 'app=web', '-o',
    'jsonpath={range .items[*]}{.metadata.name} {.spec.replicas} {.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.spec.template.spec.containers[0].image}{"\\n"}{end}']));
  const lines = rs.trim().split('\n').sort((a, b) => a.localeCompare(b));
  assert.equal(lines.length, 2, rs);
  const old = lines.find((l) => `replicaset.apps/${l.split(' ')[0] ?? ''}` === before);
  const fresh = lines.find((l) => l !== old);
  assert.match(old ?? '', / 0 1 nginx:1\.25$/);
  assert.match(fresh ?? '', / 3 2 nginx:1\.26$/);
  const images = ok(await c.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.containers[0].image}']));
  await waitFor(async () => {
    const now = ok(await c.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.containers[0].image}']));
    return now.split(' ').length === 3 && now.split(' ').every((i) => i === 'nginx:1.26');
  }, 20_000, `only nginx:1.26 pods (had ${images})`);
});

test('a Deployment beyond node capacity leaves Unschedulable Pods', async () => {
  for (const n of [1, 2, 3]) {
    ok(await c.kubectl(['patch', 'node', `cluster2-node-${n}`, '--subresource=status', '--type=merge', '-p', '{"status":{"allocatable":{"pods":"1"}}}'], { context: 'cluster2' }));
  }
  ok(await c.kubectl(['apply', '-f', c.writeFile('big.yaml', deployment('big', 5))], { context: 'cluster2' }));
  await waitFor(async () => {
    const phases = ok(await c.kubectl(['get', 'pods', '-l', 'app=big', '-o', 'jsonpath={.items[*].status.phase}'], { context: 'cluster2' }));
    const p = phases.split(' ');
    return p.filter((x) => x === 'Running').length === 3 && p.filter((x) => x === 'Pending').length === 2;
  }, 30_000, '3 Running and 2 Pending pods');
  const pending = ok(await c.kubectl(['get', 'pods', '-l', 'app=big', '--field-selector', 'status.phase=Pending', '-o',
    'jsonpath={range .items[*]}{.status.conditions[?(@.type=="PodScheduled")].reason}: {.status.conditions[?(@.type=="PodScheduled")].message}{"\\n"}{end}'], { context: 'cluster2' }));
  for (const line of pending.trim().split('\n')) {
    assert.match(line, /^Unschedulable: 0\/3 nodes are available: 3 Too many pods\. preemption: /);
  }
  // kube-scheduler records events.k8s.io Events: reportingComponent is set, the core view's source is empty.
  const events = ok(await c.kubectl(['get', 'events', '--field-selector', 'reason=FailedScheduling', '-o', 'jsonpath={.items[*].source.component} {.items[*].reportingComponent}'], { context: 'cluster2' }));
  assert.match(events, /default-scheduler/);
  assert.match(ok(await c.kubectl(['get', 'deployment', 'big'], { context: 'cluster2' })), /^big\s+3\/5\s+5\s+3\s+/m);
});

test('a LoadBalancer Service and an Ingress get addresses distinct per cluster, Endpoints follow ready Pods', async () => {
  ok(await c.kubectl(['expose', 'deployment', 'web', '--type=LoadBalancer', '--port=80']));
  ok(await c.kubectl(['expose', 'deployment', 'big', '--type=LoadBalancer', '--port=80'], { context: 'cluster2' }));
  const lbIp = async (context: string, svc: string): Promise<string> => waitFor(async () =>
    ok(await c.kubectl(['get', 'service', svc, '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}'], { context })).trim(), 20_000, `${svc} LB address`);
  const ip1 = await lbIp('cluster1', 'web');
  const ip2 = await lbIp('cluster2', 'big');
  assert.match(ip1, /^127\.100\.1\.\d+$/);
  assert.match(ip2, /^127\.100\.2\.\d+$/);
  assert.match(ok(await c.kubectl(['get', 'service', 'web'])), /^web\s+LoadBalancer\s+10\.(9[6-9]|1[01][0-9])\.\d+\.\d+\s+127\.100\.1\.\d+\s+80:3\d{4}\/TCP\s/m);
  await waitFor(async () => ok(await c.kubectl(['get', 'endpoints', 'web', '-o', 'jsonpath={.subsets[0].addresses[*].ip}'])).trim().split(' ').length === 3, 20_000, '3 endpoint addresses');

  // `kubectl create ingress` sends protobuf, which this server does not decode for Ingress yet; apply sends JSON.
  ok(await c.kubectl(['apply', '-f', c.writeFile('ingress.yaml', stringify({
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' },
    spec: { rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  }))]));
  const ingIp = await waitFor(async () => ok(await c.kubectl(['get', 'ingress', 'web', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}'])).trim(), 20_000, 'ingress address');
  assert.match(ingIp, /^127\.100\.1\.\d+$/);
  assert.notEqual(ingIp, ip1);
});

test('a Job completes', async () => {
  ok(await c.kubectl(['create', 'job', 'hello', '--image=busybox:1.36', '--', 'echo', 'hi']));
  ok(await c.kubectl(['wait', '--for=condition=complete', 'job/hello', '--timeout=60s']));
  const job = ok(await c.kubectl(['get', 'job', 'hello', '-o', 'jsonpath={.status.succeeded} {.status.completionTime}']));
  assert.match(job, /^1 \d{4}-\d\d-\d\dT/);
  assert.match(ok(await c.kubectl(['get', 'pods', '-l', 'job-name=hello', '--no-headers'])), /^hello-[a-z0-9]{5}\s+0\/1\s+Completed\s+/m);
});

test('Nodes list with zones, regions and the kubelet version', async () => {
  const out = ok(await c.kubectl(['get', 'nodes', '-L', 'topology.kubernetes.io/zone', '-L', 'topology.kubernetes.io/region']));
  const rows = out.trim().split('\n');
  assert.match(rows[0] ?? '', /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+ZONE\s+REGION$/);
  assert.equal(rows.length, 4, out);
  for (const [i, zone] of ['a', 'b', 'c'].entries()) {
    assert.match(out, new RegExp(`^cluster1-node-${i + 1}\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.${serverVersion(c.engine).minor}\\.\\d+\\s+cluster1-${zone}\\s+cluster1$`, 'm'));
  }
  const legacy = ok(await c.kubectl(['get', 'node', 'cluster1-node-1', '-o', 'jsonpath={.metadata.labels.failure-domain\\.beta\\.kubernetes\\.io/zone} {.status.capacity.pods}']));
  assert.equal(legacy, 'cluster1-a 110');
});

test('deleting a running Pod is graceful: Terminating with a deletionTimestamp, then gone well within its 30 s', async () => {
  for (const name of ['grace-a', 'grace-b']) ok(await c.kubectl(['run', name, '--image=nginx:1.25']));
  for (const name of ['grace-a', 'grace-b']) ok(await c.kubectl(['wait', '--for=condition=Ready', `pod/${name}`, '--timeout=60s']));

  // kubectl delete (--wait=true) returns only once the kubelet has made its final delete.
  const started = Date.now();
  assert.match(ok(await c.kubectl(['delete', 'pod', 'grace-a'])), /pod "grace-a" deleted/);
  assert.ok(Date.now() - started < 15_000, 'kubectl delete should not wait out the 30 s grace period');
  const gone = await c.kubectl(['get', 'pod', 'grace-a']);
  assert.notEqual(gone.code, 0);
  assert.match(gone.stderr, /NotFound|not found/);

  // A watch started before a --wait=false delete sees the Pod Terminating (MODIFIED with the requested grace period).
  const watch = c.spawnKubectl(['get', 'pod', 'grace-b', '--watch', '-o',
    'jsonpath={.metadata.name}:{.metadata.deletionGracePeriodSeconds}:{.metadata.deletionTimestamp}{"\\n"}']);
  try {
    await watch.waitForOutput(/^grace-b::$/m, 20_000);
    ok(await c.kubectl(['delete', 'pod', 'grace-b', '--wait=false', '--grace-period=20']));
    await watch.waitForOutput(/^grace-b:20:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/m, 20_000);
  } finally {
    await watch.stop();
  }
  await waitFor(async () => (await c.kubectl(['get', 'pod', 'grace-b'])).code !== 0, 20_000, 'grace-b removed by its kubelet');
});
