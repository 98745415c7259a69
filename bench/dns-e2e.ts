// Multicluster DNS propagation benchmark (issue 9), real processes only: `kubefed-local` starts two clusters, the
// control plane is installed and both joined with `kubefedctl`, and `kubefed-controller-manager --dns-addr` runs with
// the FederatedIngress gate. A FederatedIngress and an IngressDNSRecord put both Ingress addresses behind one name;
// each sample then moves cluster2's Ingress to another address of its load-balancer range (a status write in the
// member, as an ingress controller would make) and measures the time until the DNS server answers with it.
// The path measured: member watch → IngressDNSRecord reconcile → DNSEndpoint write → host watch → zone rebuild.
// BENCH_DNS_SAMPLES (20, at most 50) sets the sample count.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClusterConnection } from '../src/client/kubeconfig.js';
import { RestClient } from '../src/client/rest.js';
import type { KubeObject } from '../src/common/object.js';
import { queryUdp } from '../src/dns/client.js';
import { REPO_ROOT, runNode } from './run-node.js';

const NS = 'kube-federation-system';
const APP = 'bench-dns';
const HOST_NAME = 'bench.example.com';
const WAIT_MS = 60_000;


async function until<T>(fn: () => Promise<T | undefined>, what: string, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function answer(port: number): Promise<string[]> {
  const reply = await queryUdp('127.0.0.1', port, HOST_NAME, 'A', { timeoutMs: 500 });
  return (reply.answers ?? []).filter((a) => a.type === 'A').map((a) => String('data' in a ? a.data : '')).sort();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function ingressIp(obj: KubeObject): string {
  const status = obj['status'] as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined;
  return status?.loadBalancer?.ingress?.[0]?.ip ?? '';
}

export async function benchDnsPropagation(): Promise<Record<string, number | string>[]> {
  const samples = Math.min(50, Number(process.env['BENCH_DNS_SAMPLES']) || 20);
  const dir = mkdtempSync(join(tmpdir(), 'kubefed-bench-dns-'));
  const kubeconfig = join(dir, 'kubeconfig');
  let manager: ChildProcess | undefined;
  const clients: RestClient[] = [];
  try {
    await runNode('kubefed-local', ['up', '--clusters', '2', '--dir', dir]);
    await runNode('kubefedctl', ['init', '--kubeconfig', kubeconfig, '--host-cluster-context', 'cluster1']);
    const host = new RestClient(loadClusterConnection({ kubeconfig, context: 'cluster1' }));
    const member2 = new RestClient(loadClusterConnection({ kubeconfig, context: 'cluster2' }));
    clients.push(host, member2);
    const configRef = { group: 'core.kubefed.io', version: 'v1beta1', resource: 'kubefedconfigs', namespace: NS, name: 'kubefed' };
    await host.patch(configRef, 'merge', {
      spec: { featureGates: [{ name: 'FederatedIngress', configuration: 'Enabled' }, { name: 'PushReconciler', configuration: 'Enabled' }, { name: 'SchedulerPreferences', configuration: 'Enabled' }, { name: 'RawResourceStatusCollection', configuration: 'Disabled' }, { name: 'CrossClusterServiceDiscovery', configuration: 'Disabled' }] },
    });
    for (const c of ['cluster1', 'cluster2']) {
      await runNode('kubefedctl', ['join', c, '--cluster-context', c, '--host-cluster-context', 'cluster1', '--kubeconfig', kubeconfig]);
    }
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'kubefed-controller-manager.js'), '--kubeconfig', kubeconfig, '--context', 'cluster1',
      '--healthz-addr', '127.0.0.1:0', '--metrics-addr', '127.0.0.1:0', '--dns-addr', '127.0.0.1:0'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    manager = child;
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const port = await until(async () => {
      const m = /"dns serving" addr=\S+:(\d+)/.exec(out);
      return m ? Number(m[1]) : undefined;
    }, 'the DNS server address');

    const dns = { group: 'multiclusterdns.kubefed.io', version: 'v1alpha1' };
    const types = { group: 'types.kubefed.io', version: 'v1beta1' };
    const placement = { clusters: [{ name: 'cluster1' }, { name: 'cluster2' }] };
    await host.create({ version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: APP } });
    await host.create({ ...types, resource: 'federatednamespaces', namespace: APP }, { apiVersion: 'types.kubefed.io/v1beta1', kind: 'FederatedNamespace', metadata: { name: APP, namespace: APP }, spec: { placement } });
    await host.create({ ...types, resource: 'federatedingresses', namespace: APP }, {
      apiVersion: 'types.kubefed.io/v1beta1', kind: 'FederatedIngress', metadata: { name: 'web', namespace: APP },
      spec: { placement, template: { spec: { rules: [{ host: HOST_NAME, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } } },
    });
    await host.create({ ...dns, resource: 'domains', namespace: NS }, { apiVersion: 'multiclusterdns.kubefed.io/v1alpha1', kind: 'Domain', metadata: { name: 'bench', namespace: NS }, domain: 'example.com' });
    await host.create({ ...dns, resource: 'ingressdnsrecords', namespace: APP }, { apiVersion: 'multiclusterdns.kubefed.io/v1alpha1', kind: 'IngressDNSRecord', metadata: { name: 'web', namespace: APP }, spec: { hosts: [HOST_NAME], recordTTL: 300 } });
    const ingressRef = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', namespace: APP, name: 'web' };
    const first = await until(async () => ingressIp(await member2.get(ingressRef)) || undefined, 'an address on the cluster2 Ingress');
    await until(async () => ((await answer(port)).length === 2 ? true : undefined), 'both Ingress addresses in DNS');

    const prefix = first.slice(0, first.lastIndexOf('.') + 1);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const next = `${prefix}${200 + i}`;
      const started = performance.now();
      await member2.patch({ ...ingressRef, subresource: 'status' }, 'merge', { status: { loadBalancer: { ingress: [{ ip: next }] } } });
      await until(async () => ((await answer(port)).includes(next) ? true : undefined), `${next} in the DNS answer`, 2);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const round = (n: number): number => Math.round(n * 10) / 10;
    return [{
      samples: times.length,
      'address change→answer p50 ms': round(percentile(times, 50)),
      'p99 ms': round(percentile(times, 99)),
      'max ms': round(times[times.length - 1] ?? NaN),
      'mean ms': round(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)),
    }];
  } finally {
    for (const c of clients) c.close();
    if (manager && manager.exitCode === null) {
      const m = manager;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => m.kill('SIGKILL'), 10_000);
        m.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        m.kill('SIGTERM');
      });
    }
    await runNode('kubefed-local', ['down', '--dir', dir]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly (`node dist/bench/dns-e2e.js`) it prints its one row.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await benchDnsPropagation(), null, 2));
}
