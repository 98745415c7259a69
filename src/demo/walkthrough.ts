// The KubeFed usage walkthrough (reference/seed-kubefed-usage-article.txt), replayed on the local clusters: each
// step prints the commands a user would type and their real output, after waiting (with a deadline) for the state
// the article shows. A step whose state is not reached is reported, and the walkthrough goes on.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage, type ResourceRef } from '../client/index.js';
import type { KubeObject } from '../common/object.js';
import { queryUdp } from '../dns/client.js';
import type { DemoEnvironment } from './environment.js';
import { CLUSTERS, HOST_CONTEXT, KUBEFED_NAMESPACE } from './environment.js';
import {
  DNS_ENDPOINT_NAME,
  FEDERATED_DEPLOYMENT,
  FEDERATED_NAMESPACE,
  FEDERATED_VIRTUAL_SERVICE,
  INGRESS_CLUSTERS,
  INGRESS_HOST,
  INGRESS_NAME,
  ingressDnsManifests,
  REPLICA_SCHEDULING,
  RSP_DEPLOYMENT,
  RSP_EXPECTED,
  TEST_NAMESPACE,
  VIRTUAL_SERVICE_CRD,
} from './manifests/index.js';
import type { Printer } from './printer.js';
import { runCommand } from './processes.js';
import type { Invocation } from './shell.js';
import { waitUntil, type Check } from './wait.js';

export interface WalkthroughOptions {
  env: DemoEnvironment;
  printer: Printer;
  timeoutMs: number;
  signal: AbortSignal;
}

const NS = TEST_NAMESPACE;
const CRDS: ResourceRef = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
const KUBEFED_CLUSTERS: ResourceRef = { group: 'core.kubefed.io', version: 'v1beta1', resource: 'kubefedclusters', namespace: KUBEFED_NAMESPACE };
const deployment = (name: string): ResourceRef => ({ group: 'apps', version: 'v1', resource: 'deployments', namespace: NS, name });
const federatedDeployment = (name: string): ResourceRef => ({ group: 'types.kubefed.io', version: 'v1beta1', resource: 'federateddeployments', namespace: NS, name });

type Obj = KubeObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
}

function conditions(o: Obj | undefined): Condition[] {
  const c = o?.status?.['conditions'];
  return Array.isArray(c) ? (c as Condition[]) : [];
}

function conditionTrue(o: Obj | undefined, type: string): boolean {
  return conditions(o).some((c) => c.type === type && c.status === 'True');
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** Spec and status counts of a Deployment, as `kubectl get deploy` shows them (READY is ready/spec). */
function deploymentState(d: Obj): string {
  const s = d.status ?? {};
  return `replicas ${num(d.spec?.['replicas'])}, ready ${num(s['readyReplicas'])}, up-to-date ${num(s['updatedReplicas'])}, available ${num(s['availableReplicas'])}`;
}

function deploymentSettled(d: Obj, replicas: number): boolean {
  const s = d.status ?? {};
  return num(d.spec?.['replicas']) === replicas && num(s['readyReplicas']) === replicas && num(s['updatedReplicas']) === replicas
    && num(s['availableReplicas']) === replicas && num(s['replicas']) === replicas;
}

function loadBalancerIps(o: Obj | undefined): string[] {
  const lb = (o?.status?.['loadBalancer'] ?? {}) as { ingress?: { ip?: string }[] };
  return (lb.ingress ?? []).map((i) => i.ip).filter((ip): ip is string => typeof ip === 'string');
}

export class Walkthrough {
  readonly #o: WalkthroughOptions;
  readonly #manifestDir: string;

  constructor(o: WalkthroughOptions) {
    this.#o = o;
    this.#manifestDir = join(o.env.dir, 'manifests');
  }

  get #p(): Printer {
    return this.#o.printer;
  }

  get #env(): DemoEnvironment {
    return this.#o.env;
  }

  async run(): Promise<void> {
    await this.kubefedClusters();
    await this.enableTypes();
    await this.federatedNamespaceAndVirtualService();
    await this.federatedDeployment();
    await this.replicaScheduling();
    await this.networking();
  }

  // ---- helpers ----

  #kubectl(args: string[], extra: Partial<Invocation> = {}): Invocation {
    return { program: 'kubectl', args, ...extra };
  }

  /** Runs a command that must succeed; a failure is a step that did not reach its state. */
  async #step(step: string, inv: Invocation): Promise<boolean> {
    const r = await this.#env.shell.run(inv);
    if (r.code === 0) {
      this.#p.stepDone();
      return true;
    }
    this.#p.stepFailed(step, `\`${this.#env.shell.line(inv)}\` exited with status ${r.code}`);
    return false;
  }

  /** Waits for a state; on timeout the step is reported and the walkthrough continues with the real state. */
  async #await<T>(step: string, what: string, check: Check<T>): Promise<T | undefined> {
    const r = await waitUntil(what, check, { timeoutMs: this.#o.timeoutMs, onProgress: (l) => this.#p.progress(l), signal: this.#o.signal });
    if (r.reached) {
      this.#p.stepDone();
      return r.value;
    }
    this.#p.stepFailed(step, r.detail);
    return undefined;
  }

  /** Saves a manifest under DIR/manifests, shows it (`cat`) and applies it to the given clusters. */
  async #apply(step: string, file: string, yaml: string, contexts: readonly string[] = [HOST_CONTEXT], show = true): Promise<boolean> {
    mkdirSync(this.#manifestDir, { recursive: true });
    const path = join(this.#manifestDir, file);
    writeFileSync(path, yaml);
    const display = this.#env.shell.displayPath(path);
    if (show) {
      this.#p.command(`cat ${display}`);
      this.#p.output(yaml);
    }
    const invs = contexts.map((c) => this.#kubectl(['--context', c, 'apply', '-f', display]));
    const results = await this.#env.shell.runAll(invs);
    const failed = results.findIndex((r) => r.code !== 0);
    if (failed < 0) {
      this.#p.stepDone();
      return true;
    }
    this.#p.stepFailed(step, `\`${this.#env.shell.line(invs[failed]!)}\` exited with status ${results[failed]!.code}`);
    return false;
  }

  #get(context: string, ref: ResourceRef): Promise<Obj | undefined> {
    return this.#env.reader.get(context, ref) as Promise<Obj | undefined>;
  }

  #crdEstablished(contexts: readonly string[], name: string): Check<true> {
    return async () => {
      for (const c of contexts) {
        const crd = await this.#get(c, { ...CRDS, name });
        if (!conditionTrue(crd, 'Established')) return `CRD ${name} is ${crd ? 'not Established yet' : 'missing'} in ${c}`;
      }
      return { value: true };
    };
  }

  // ---- the walkthrough ----

  async kubefedClusters(): Promise<void> {
    await this.#await('every joined cluster READY True', 'cluster1..3 to be READY True', async () => {
      const items = (await this.#env.reader.list(HOST_CONTEXT, KUBEFED_CLUSTERS)) as Obj[];
      const ready = items.filter((k) => conditionTrue(k, 'Ready')).map((k) => k.metadata.name ?? '');
      const missing = CLUSTERS.filter((c) => !ready.includes(c));
      return missing.length === 0 ? { value: true } : `not READY True yet: ${missing.join(', ')}`;
    });
    await this.#env.shell.run(this.#kubectl(['--context', HOST_CONTEXT, '-n', KUBEFED_NAMESPACE, 'get', 'kubefedclusters']));
    this.#p.blank();
    this.#p.note('kubefedctl join stored each cluster as a KubeFedCluster in the host cluster:');
    await this.#env.shell.run(this.#kubectl(['--context', HOST_CONTEXT, '-n', KUBEFED_NAMESPACE, 'get', 'kubefedclusters', 'cluster1', '-o', 'yaml']));
  }

  async enableTypes(): Promise<void> {
    this.#p.section('Resources: kubefedctl enable');
    this.#p.note('a VirtualService CRD (Istio\'s group, names and printer columns) in every cluster:');
    await this.#apply('VirtualService CRD in every cluster', 'virtualservice-crd.yaml', VIRTUAL_SERVICE_CRD, CLUSTERS, false);
    await this.#await('VirtualService CRD Established', 'virtualservices.networking.istio.io to be Established in every cluster',
      this.#crdEstablished(CLUSTERS, 'virtualservices.networking.istio.io'));
    this.#p.blank();
    await this.#step('kubefedctl enable VirtualService', { program: 'kubefedctl', args: ['enable', 'VirtualService', '--host-cluster-context', HOST_CONTEXT] });
    this.#p.blank();
    await this.#await('federatedvirtualservices CRD Established', 'federatedvirtualservices.types.kubefed.io to be Established',
      this.#crdEstablished([HOST_CONTEXT], 'federatedvirtualservices.types.kubefed.io'));
    await this.#step('kubectl get crd | grep virtualservice', this.#kubectl(['--context', HOST_CONTEXT, 'get', 'crd'], {
      pipe: { display: 'grep virtualservice', filter: (out) => out.split('\n').filter((l) => l.includes('virtualservice')).join('\n') },
    }));
    this.#p.blank();
    await this.#step('kubefedctl enable Deployment', { program: 'kubefedctl', args: ['enable', 'Deployment', '--host-cluster-context', HOST_CONTEXT] });
  }

  async federatedNamespaceAndVirtualService(): Promise<void> {
    this.#p.section('A federated namespace and a FederatedVirtualService');
    await this.#apply('namespace and FederatedNamespace test-namespace', 'federated-namespace.yaml', FEDERATED_NAMESPACE);
    await this.#await(`namespace ${NS} in every cluster`, `namespace ${NS} in cluster1..3`, async () => {
      for (const c of CLUSTERS) {
        if (!(await this.#get(c, { version: 'v1', resource: 'namespaces', name: NS }))) return `not in ${c} yet`;
      }
      return { value: true };
    });
    await this.#env.shell.run(this.#kubectl(['--context', HOST_CONTEXT, 'get', 'federatednamespaces', '-n', NS]));
    this.#p.blank();
    await this.#apply('FederatedVirtualService service-route', 'federated-virtualservice.yaml', FEDERATED_VIRTUAL_SERVICE);
    await this.#env.shell.run(this.#kubectl(['--context', HOST_CONTEXT, 'get', 'federatedvirtualservices', '-n', NS]));
    this.#p.blank();
    const vs: ResourceRef = { group: 'networking.istio.io', version: 'v1alpha3', resource: 'virtualservices', namespace: NS, name: 'service-route' };
    await this.#await('VirtualService service-route in every cluster', 'VirtualService service-route in cluster1..3', async () => {
      for (const c of CLUSTERS) if (!(await this.#get(c, vs))) return `not in ${c} yet`;
      return { value: true };
    });
    await this.#env.shell.runAll(CLUSTERS.map((c) => this.#kubectl(['--context', c, 'get', 'virtualservices', '-n', NS])));
  }

  async federatedDeployment(): Promise<void> {
    this.#p.section('A FederatedDeployment with per-cluster overrides');
    await this.#apply('FederatedDeployment test-deployment', 'federated-deployment.yaml', FEDERATED_DEPLOYMENT);
    await this.#await('test-deployment propagated (Propagation True, CreateInCluster events)', 'test-deployment to be propagated to cluster1 and cluster2', async () => {
      const fd = await this.#get(HOST_CONTEXT, federatedDeployment('test-deployment'));
      if (!fd) return 'no FederatedDeployment test-deployment';
      if (!conditionTrue(fd, 'Propagation')) return `Propagation is not True: ${JSON.stringify(conditions(fd))}`;
      const events = (await this.#env.reader.list(HOST_CONTEXT, { version: 'v1', resource: 'events', namespace: NS })) as (Obj & { reason?: string; involvedObject?: { name?: string } })[];
      const creates = events.filter((e) => e.reason === 'CreateInCluster' && e.involvedObject?.name === 'test-deployment').length;
      return creates >= 2 ? { value: true } : `${creates} CreateInCluster events so far`;
    });
    await this.#await('test-deployment 3/3 in cluster1 and 5/5 (nginx:1.17.0-alpine, no annotation foo) in cluster2', 'the deployments to be ready', async () => {
      const d1 = await this.#get('cluster1', deployment('test-deployment'));
      const d2 = await this.#get('cluster2', deployment('test-deployment'));
      if (!d1 || !d2) return `Deployment test-deployment missing in ${!d1 ? 'cluster1' : 'cluster2'}`;
      if (!deploymentSettled(d1, 3)) return `cluster1: ${deploymentState(d1)}`;
      if (!deploymentSettled(d2, 5)) return `cluster2: ${deploymentState(d2)}`;
      const template = d2.spec?.['template'] as { spec?: { containers?: { image?: string }[] } } | undefined;
      const image = template?.spec?.containers?.[0]?.image;
      if (image !== 'nginx:1.17.0-alpine') return `cluster2 image is ${image}`;
      if (d2.metadata.annotations?.['foo'] !== undefined) return 'cluster2 still has annotation foo';
      return { value: true };
    });
    await this.#env.shell.run(this.#kubectl(['--context', HOST_CONTEXT, 'describe', 'federateddeployment', 'test-deployment', '-n', NS]));
    this.#p.blank();
    await this.#env.shell.run(this.#kubectl(['--context=cluster1', 'get', 'deploy', '-n', NS]));
    this.#p.blank();
    await this.#env.shell.run(this.#kubectl(['--context=cluster2', 'get', 'deploy', '-n', NS]));
  }

  async replicaScheduling(): Promise<void> {
    this.#p.section('Scheduling: ReplicaSchedulingPreference');
    this.#p.note(`expected split of 9 replicas: ${Object.entries(RSP_EXPECTED).map(([c, n]) => `${c} ${n}`).join(', ')}`);
    await this.#apply(`FederatedDeployment and ReplicaSchedulingPreference ${RSP_DEPLOYMENT}`, 'replica-scheduling.yaml', REPLICA_SCHEDULING);
    await this.#await(`${RSP_DEPLOYMENT} split ${Object.entries(RSP_EXPECTED).map(([c, n]) => `${n}/${n} in ${c}`).join(', ')}`,
      `the RSP controller to split ${RSP_DEPLOYMENT}`, async () => {
        for (const [c, n] of Object.entries(RSP_EXPECTED)) {
          const d = await this.#get(c, deployment(RSP_DEPLOYMENT));
          if (!d) return `no Deployment ${RSP_DEPLOYMENT} in ${c}`;
          if (!deploymentSettled(d, n)) return `${c}: ${deploymentState(d)}`;
        }
        return { value: true };
      });
    await this.#env.shell.run(this.#kubectl(['--context', HOST_CONTEXT, 'get', 'replicaschedulingpreferences', '-n', NS]));
    this.#p.blank();
    this.#p.note('the placement and replica overrides the RSP controller wrote into the FederatedDeployment:');
    await this.#env.shell.run(this.#kubectl(['--context', HOST_CONTEXT, 'get', 'federateddeployment', RSP_DEPLOYMENT, '-n', NS,
      '-o', 'jsonpath={"placement: "}{.spec.placement}{"\\noverrides: "}{.spec.overrides}{"\\n"}']));
    this.#p.blank();
    await this.#env.shell.runAll(Object.keys(RSP_EXPECTED).map((c) => this.#kubectl([`--context=${c}`, 'get', 'deploy', RSP_DEPLOYMENT, '-n', NS])));
  }

  async networking(): Promise<void> {
    this.#p.section('Networking: IngressDNSRecord, DNSEndpoint and DNS answers');
    await this.#apply('Domain, FederatedIngress and IngressDNSRecord test-ingress', 'ingress-dns.yaml', ingressDnsManifests(KUBEFED_NAMESPACE));
    const ingress: ResourceRef = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', namespace: NS, name: INGRESS_NAME };
    const ips = await this.#await(`Ingress ${INGRESS_NAME} with a load-balancer IP in ${INGRESS_CLUSTERS.join(' and ')}`,
      'the Ingresses to get load-balancer IPs', async () => {
        const found: string[] = [];
        for (const c of INGRESS_CLUSTERS) {
          const o = await this.#get(c, ingress);
          if (!o) return `no Ingress ${INGRESS_NAME} in ${c} yet`;
          const lb = loadBalancerIps(o);
          if (lb.length === 0) return `Ingress ${INGRESS_NAME} in ${c} has no load-balancer IP yet`;
          found.push(...lb);
        }
        return { value: [...new Set(found)].sort() };
      });
    await this.#env.shell.runAll(INGRESS_CLUSTERS.map((c) => this.#kubectl([`--context=${c}`, 'get', 'ingress', '-n', NS])));
    this.#p.blank();
    const endpoint = await this.#await(`DNSEndpoint ${DNS_ENDPOINT_NAME} with both clusters' IPs`, `DNSEndpoint ${DNS_ENDPOINT_NAME} for ${INGRESS_HOST}`, async () => {
      const ep = await this.#get(HOST_CONTEXT, { group: 'multiclusterdns.kubefed.io', version: 'v1alpha1', resource: 'dnsendpoints', namespace: NS, name: DNS_ENDPOINT_NAME });
      if (!ep) return `no DNSEndpoint ${DNS_ENDPOINT_NAME}`;
      const endpoints = (ep.spec?.['endpoints'] ?? []) as { dnsName?: string; targets?: string[]; recordTTL?: number }[];
      const e = endpoints.find((x) => x.dnsName === INGRESS_HOST);
      if (!e) return `no endpoint for ${INGRESS_HOST}`;
      const missing = (ips ?? []).filter((ip) => !(e.targets ?? []).includes(ip));
      if (!ips || missing.length > 0) return `targets ${JSON.stringify(e.targets ?? [])}${ips ? `, missing ${missing.join(', ')}` : ''}`;
      return e.recordTTL === 300 ? { value: true } : `recordTTL ${e.recordTTL}`;
    });
    await this.#env.shell.run(this.#kubectl(['--context', HOST_CONTEXT, '-n', NS, 'get', 'dnsendpoints', '-o', 'yaml']));
    this.#p.blank();
    await this.#dnsAnswer(ips ?? [], endpoint === true);
  }

  /** Without a DNSEndpoint to serve there is no answer to wait for: the server is asked once, and the step fails. */
  async #dnsAnswer(ips: string[], haveEndpoint: boolean): Promise<void> {
    const port = this.#env.dnsPort;
    const step = `DNS answer for ${INGRESS_HOST} with both clusters' IPs`;
    if (port === undefined) {
      this.#p.stepFailed(step, 'kubefed-controller-manager has no --dns-addr option, so no DNS server was started');
      return;
    }
    if (!haveEndpoint) this.#p.stepFailed(step, `no DNSEndpoint for ${INGRESS_HOST} to serve (see above); the server's real answer follows`);
    else await this.#await(step, `the DNS server on 127.0.0.1:${port} to answer ${INGRESS_HOST}`, async () => {
      const reply = await queryUdp('127.0.0.1', port, INGRESS_HOST, 'A', { timeoutMs: 1000 });
      const got = (reply.answers ?? []).flatMap((a) => (a.type === 'A' ? [String(a.data)] : [])).sort();
      if (ips.length > 0 && ips.every((ip) => got.includes(ip))) return { value: true };
      return `${reply.rcode} with A records ${JSON.stringify(got)}`;
    });
    const dig = await runCommand('dig', ['-v'], { timeoutMs: 10_000 });
    if (dig.code === 0 || /DiG/.test(dig.output)) {
      await this.#env.shell.run({ program: 'dig', args: ['@127.0.0.1', '-p', String(port), INGRESS_HOST] });
      return;
    }
    this.#p.note('dig is not installed: asking the DNS server with the project\'s DNS client (src/dns/client.ts queryUdp) instead');
    this.#p.command(`# queryUdp('127.0.0.1', ${port}, '${INGRESS_HOST}', 'A')`);
    try {
      const reply = await queryUdp('127.0.0.1', port, INGRESS_HOST, 'A', { timeoutMs: 2000 });
      const lines = [`status: ${reply.rcode}`, ...(reply.answers ?? []).map((a) => `${a.name}.\t${'ttl' in a ? a.ttl : ''}\tIN\t${a.type}\t${'data' in a ? String(a.data) : ''}`)];
      this.#p.output(lines.join('\n'));
    } catch (err) {
      this.#p.output(errorMessage(err));
    }
  }
}
