// Multicluster DNS end to end: two local clusters (simulated nodes in zones, load-balancer addresses, Endpoints that
// follow ready Pods), the control plane on cluster1 with the default feature gates (the DNS ones default to Enabled,
// ADR 0004; this file sets none), the real controller manager serving DNS on a free port, and answers checked with
// the real `dig` (or, where dig is missing, the project's DNS client, saying so).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { queryUdp } from '../../src/dns/client.js';
import { ok, run, waitFor } from './harness.js';
import { ctx, NS, startFederation } from './federation-fixture.js';

const APP = 'dns-app';
const WAIT_MS = 40_000;
const HAVE_DIG = spawnSync('dig', ['-v'], { stdio: 'ignore' }).status === 0;

// ---- control plane with the default feature gates ----

const fed = await startFederation({ clusters: 2, waitMs: WAIT_MS, manager: { dns: true } });
const { c, apply } = fed;
const { host: dnsHost, port: dnsPort } = fed.manager.dns ?? { host: '', port: '' };

async function jsonpath(context: string, args: string[], path: string): Promise<string> {
  const r = await c.kubectl(['get', ...args, '-o', `jsonpath=${path}`], { context });
  return r.code === 0 ? r.stdout.trim() : '';
}

// ---- DNS answers ----

interface Answer {
  name: string;
  ttl: number;
  type: string;
  data: string;
}

/** The answer section for `name A`: through `dig` when installed, else through the project's DNS client. */
async function answers(name: string): Promise<{ rcode: string; answers: Answer[] }> {
  if (HAVE_DIG) {
    const r = await run('dig', [`@${dnsHost}`, '-p', dnsPort, name, 'A', '+noall', '+answer', '+comments', '+time=2', '+tries=1']);
    const rcode = /status: (\w+)/.exec(r.stdout)?.[1] ?? 'NO-ANSWER';
    const list = r.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith(';')).map((l) => {
      const [n = '', ttl = '0', , type = '', data = ''] = l.trim().split(/\s+/);
      return { name: n.replace(/\.$/, ''), ttl: Number(ttl), type, data: data.replace(/\.$/, '') };
    });
    return { rcode, answers: list };
  }
  const reply = await queryUdp(dnsHost, Number(dnsPort), name, 'A');
  return {
    rcode: reply.rcode,
    answers: (reply.answers ?? []).map((a) => ({ name: a.name, ttl: 'ttl' in a ? (a.ttl ?? 0) : 0, type: a.type, data: String('data' in a ? a.data : '') })),
  };
}

/** The A addresses in the answer to `name`, sorted (CNAME chains followed by the server inside the zone). */
async function addresses(name: string): Promise<string[]> {
  return (await answers(name)).answers.filter((a) => a.type === 'A').map((a) => a.data).sort();
}

async function waitForAddresses(name: string, want: string[], what: string): Promise<void> {
  const sorted = [...want].sort();
  let last: string[] = [];
  await waitFor(async () => {
    last = await addresses(name);
    return JSON.stringify(last) === JSON.stringify(sorted);
  }, WAIT_MS, `${what} (last answer: ${last.join(',') || 'none'})`).catch((err: unknown) => {
    throw new Error(`${String(err)}; last answer for ${name}: [${last.join(', ')}]; want [${sorted.join(', ')}]`);
  });
}

async function memberLbIp(n: number, kind: string, name: string): Promise<string> {
  return waitFor(async () => (await jsonpath(ctx(n), [kind, '-n', APP, name], '{.status.loadBalancer.ingress[0].ip}')) || undefined, WAIT_MS, `${kind} ${name} address in ${ctx(n)}`);
}

async function eventsOf(kind: string, name: string): Promise<string> {
  return ok(await c.kubectl(['get', 'events', '-n', APP, '--field-selector', `involvedObject.kind=${kind},involvedObject.name=${name}`, '-o', 'jsonpath={range .items[*]}{.type} {.reason}: {.message}{"\\n"}{end}']));
}

// ---- workload: a federated Deployment, LoadBalancer Service and Ingress in both clusters ----

const fedDeployment = (replicas2: number): unknown => ({
  apiVersion: 'types.kubefed.io/v1beta1',
  kind: 'FederatedDeployment',
  metadata: { name: 'web', namespace: APP },
  spec: {
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      },
    },
    placement: { clusters: [{ name: ctx(1) }, { name: ctx(2) }] },
    overrides: [{ clusterName: ctx(2), clusterOverrides: [{ path: '/spec/replicas', value: replicas2 }] }],
  },
});

ok(await c.kubectl(['create', 'namespace', APP]));
await apply([
  { apiVersion: 'types.kubefed.io/v1beta1', kind: 'FederatedNamespace', metadata: { name: APP, namespace: APP }, spec: { placement: { clusters: [{ name: ctx(1) }, { name: ctx(2) }] } } },
  fedDeployment(1),
  {
    apiVersion: 'types.kubefed.io/v1beta1',
    kind: 'FederatedService',
    metadata: { name: 'web', namespace: APP },
    spec: { template: { spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } }, placement: { clusters: [{ name: ctx(1) }, { name: ctx(2) }] } },
  },
  {
    apiVersion: 'types.kubefed.io/v1beta1',
    kind: 'FederatedIngress',
    metadata: { name: 'web', namespace: APP },
    spec: {
      template: { spec: { rules: [{ host: 'ingress.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } },
      placement: { clusters: [{ name: ctx(1) }, { name: ctx(2) }] },
    },
  },
  { apiVersion: 'multiclusterdns.kubefed.io/v1alpha1', kind: 'Domain', metadata: { name: 'myfed', namespace: NS }, domain: 'example.com' },
  { apiVersion: 'multiclusterdns.kubefed.io/v1alpha1', kind: 'ServiceDNSRecord', metadata: { name: 'web', namespace: APP }, spec: { domainRef: 'myfed' } },
  { apiVersion: 'multiclusterdns.kubefed.io/v1alpha1', kind: 'IngressDNSRecord', metadata: { name: 'web', namespace: APP }, spec: { hosts: ['ingress.example.com'], recordTTL: 300 } },
]);

const svcIp = [await memberLbIp(1, 'service', 'web'), await memberLbIp(2, 'service', 'web')];
const ingIp = [await memberLbIp(1, 'ingress', 'web'), await memberLbIp(2, 'ingress', 'web')];
const SVC = `web.${APP}.myfed.svc.example.com`;

test('the KubeFedConfig nobody patched enables both DNS gates', async () => {
  const gates = await jsonpath(ctx(1), ['kubefedconfig', '-n', NS, 'kubefed'], '{range .spec.featureGates[*]}{.name}={.configuration}{"\\n"}{end}');
  assert.match(gates, /^CrossClusterServiceDiscovery=Enabled$/m);
  assert.match(gates, /^FederatedIngress=Enabled$/m);
});

test('the DNS server binds the address it logs', () => {
  assert.equal(dnsHost, '127.0.0.1');
  assert.ok(Number(dnsPort) > 0);
  if (!HAVE_DIG) console.log('dig is not installed: answers are checked with src/dns/client.ts instead');
});

test('a ServiceDNSRecord resolves to the Service addresses of both clusters, at global, region and zone level', async () => {
  assert.notEqual(svcIp[0], svcIp[1], 'each cluster has its own load-balancer range');
  await waitForAddresses(SVC, svcIp, 'global service name with both clusters');
  const zones1 = (await jsonpath(ctx(1), ['kubefedcluster', '-n', NS, ctx(1)], '{.status.zones}'));
  const region1 = await jsonpath(ctx(1), ['kubefedcluster', '-n', NS, ctx(1)], '{.status.region}');
  assert.ok(region1, 'the health controller recorded cluster1 region from node labels');
  await waitForAddresses(`web.${APP}.myfed.svc.${region1}.example.com`, [svcIp[0] ?? ''], 'region name of cluster1');
  const zone = (JSON.parse(zones1 || '[]') as string[])[0];
  assert.ok(zone, 'cluster1 has zones');
  await waitForAddresses(`web.${APP}.myfed.svc.${zone}.${region1}.example.com`, [svcIp[0] ?? ''], 'zone name of cluster1');
  const a = (await answers(SVC)).answers.filter((x) => x.type === 'A');
  assert.ok(a.every((x) => x.ttl === 180), `default TTL 180, got ${a.map((x) => x.ttl).join(',')}`);
  const status = ok(await c.kubectl(['get', 'servicednsrecord', 'web', '-n', APP, '-o', 'jsonpath={.status.domain} {.status.dns[*].cluster}']));
  assert.equal(status.trim(), 'example.com cluster1 cluster2');
});

test('an IngressDNSRecord with recordTTL 300 answers with both Ingress addresses and TTL 300', async () => {
  await waitForAddresses('ingress.example.com', ingIp, 'ingress host with both clusters');
  const { answers: list } = await answers('ingress.example.com');
  assert.deepEqual([...new Set(list.map((x) => x.ttl))], [300]);
  const yaml = ok(await c.kubectl(['get', 'dnsendpoints', 'ingress-web', '-n', APP, '-o', 'yaml']));
  assert.match(yaml, /dnsName: ingress\.example\.com/);
  assert.match(yaml, /recordTTL: 300/);
  assert.match(yaml, /kind: IngressDNSRecord/, 'owned by its record');
});

test('an unknown name in the zone is NXDOMAIN; the server still answers', async () => {
  const r = await answers(`nothing.example.com`);
  assert.equal(r.rcode, 'NXDOMAIN');
});

test('a Service losing its endpoints leaves the global answer; its region falls back by CNAME', async () => {
  await apply([fedDeployment(0)]);
  await waitForAddresses(SVC, [svcIp[0] ?? ''], 'only cluster1 once cluster2 has no ready endpoints');
  const region2 = await jsonpath(ctx(1), ['kubefedcluster', '-n', NS, ctx(2)], '{.status.region}');
  const r = await answers(`web.${APP}.myfed.svc.${region2}.example.com`);
  assert.ok(r.answers.some((x) => x.type === 'CNAME' && x.data === SVC), `region name of cluster2 is a CNAME to the global name: ${JSON.stringify(r.answers)}`);
  assert.match(await eventsOf('ServiceDNSRecord', 'web'), /Warning NoReadyEndpoints: Service "dns-app\/web" in cluster "cluster2" has no ready endpoints/);
  await apply([fedDeployment(1)]);
  await waitForAddresses(SVC, svcIp, 'cluster2 back once its pod is ready');
});

test('a stopped cluster leaves the answers and returns when it is Ready again', async () => {
  ok(await c.kubefedLocal(['stop', ctx(2)]));
  try {
    await waitForAddresses('ingress.example.com', [ingIp[0] ?? ''], 'cluster2 ingress address gone');
    await waitForAddresses(SVC, [svcIp[0] ?? ''], 'cluster2 service address gone');
  } finally {
    ok(await c.kubefedLocal(['start', ctx(2)]));
  }
  await waitForAddresses('ingress.example.com', ingIp, 'cluster2 ingress address back');
  await waitForAddresses(SVC, svcIp, 'cluster2 service address back');
});

test('bad input gets a condition or event and never stops the server', async () => {
  await apply([
    { apiVersion: 'multiclusterdns.kubefed.io/v1alpha1', kind: 'ServiceDNSRecord', metadata: { name: 'web-nodomain', namespace: APP }, spec: { domainRef: 'missing' } },
    { apiVersion: 'multiclusterdns.kubefed.io/v1alpha1', kind: 'IngressDNSRecord', metadata: { name: 'web-badhost', namespace: APP }, spec: { hosts: ['Not_A_Host!'] } },
    { apiVersion: 'multiclusterdns.kubefed.io/v1alpha1', kind: 'IngressDNSRecord', metadata: { name: 'web-dup', namespace: APP }, spec: { hosts: ['ingress.example.com'], recordTTL: 60 } },
  ]);
  await waitFor(async () => /Warning DomainNotFound: Domain "kube-federation-system\/missing" named by spec.domainRef does not exist/.test(await eventsOf('ServiceDNSRecord', 'web-nodomain')), WAIT_MS, 'DomainNotFound event');
  await waitFor(async () => /Warning InvalidHostName: spec.hosts\[0\] "Not_A_Host!" is not a valid DNS name/.test(await eventsOf('IngressDNSRecord', 'web-badhost')), WAIT_MS, 'InvalidHostName event');
  await waitFor(async () => /Warning DuplicateRecord: DNS name "ingress.example.com" is already published by IngressDNSRecord dns-app\/web/.test(await eventsOf('IngressDNSRecord', 'web-dup')), WAIT_MS, 'DuplicateRecord event');
  const { answers: list } = await answers('ingress.example.com');
  assert.deepEqual([...new Set(list.map((x) => x.ttl))], [300], 'the older record keeps the name and its TTL');
  assert.deepEqual(list.map((x) => x.data).sort(), [...ingIp].sort());
  assert.deepEqual(await addresses(SVC), [...svcIp].sort(), 'other names are still served');
});

test('deleting a record deletes its DNSEndpoint and its names', async () => {
  ok(await c.kubectl(['delete', 'servicednsrecord', 'web', '-n', APP]));
  await waitFor(async () => (await c.kubectl(['get', 'dnsendpoint', 'service-web', '-n', APP])).code !== 0, WAIT_MS, 'service-web DNSEndpoint deleted');
  await waitFor(async () => (await answers(SVC)).rcode === 'NXDOMAIN', WAIT_MS, 'service name gone');
});

test('the manager stops cleanly', async () => {
  const stopped = await fed.stopManager();
  assert.equal(stopped.code, 0, stopped.stderr);
});
