// One real Kubernetes control plane, run by one engine process per cluster (main.ts): etcd, then kube-apiserver,
// then kube-controller-manager and kube-scheduler, then the fake kubelet. The supervisor sees this process as "the
// cluster" exactly as it sees a built-in API server: one pid, one log (this process's stdout), /readyz on the
// cluster's port, SIGTERM to stop (components stop in reverse order, so etcd persists last).
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveSimulation } from '../../apiserver/simulation/simulation-options.js';
import { probeReady } from '../readiness.js';
import { readAdminToken } from '../tokens.js';
import { Component } from './component.js';
import type { KubeEngineConfig } from './config.js';
import {
  CONTROLLER_MANAGER_USER,
  ensureServiceAccountKeys,
  ensureUserToken,
  SCHEDULER_USER,
  writeComponentKubeconfig,
} from './credentials.js';
import { apiserverArgs, controllerManagerArgs, etcdArgs, etcdUrl, schedulerArgs, type ComponentPaths, type ComponentPorts } from './flags.js';
import { startEgressGuard, writeEgressSelectorConfig, type EgressGuard } from './egress-guard.js';
import { startFakeKubelet } from './kubelet.js';

const STOP_GRACE_MS = 8_000;
const POLL_MS = 100;

export interface RunningCluster {
  stop(): Promise<void>;
}

function log(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

/**
 * The version the running kube-apiserver reports on /version, for the fake nodes' kubeletVersion: one request to a
 * server that has just answered /readyz, rather than starting the 130 MB kstack binary once more to print it.
 */
function serverGitVersion(server: string, caPem: string, token: string): Promise<string> {
  return new Promise((resolve) => {
    const req = httpsRequest(new URL('/version', server), { ca: caPem, headers: { Authorization: `Bearer ${token}` }, timeout: 10_000, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        try {
          const v = (JSON.parse(body) as { gitVersion?: unknown }).gitVersion;
          resolve(typeof v === 'string' && res.statusCode === 200 ? v : 'v0.0.0');
        } catch {
          resolve('v0.0.0');
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve('v0.0.0'));
    req.end();
  });
}

function etcdHealthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(new URL('/health', url), { timeout: 1000, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(res.statusCode === 200 && body.includes('"health":"true"')));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** A unix socket path must fit sun_path (108 bytes); deep cluster folders get a short one under the temp folder. */
function egressSocketPath(clusterDir: string): string {
  const inside = join(clusterDir, 'egress.sock');
  if (Buffer.byteLength(inside) < 100) return inside;
  return join(tmpdir(), `kubefed-egress-${createHash('sha256').update(clusterDir).digest('hex').slice(0, 16)}.sock`);
}

/** Polls `healthy` until true; throws when the component exits first or after `timeoutMs`. */
async function waitHealthy(component: Component, healthy: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exited = component.exitReason;
    if (exited !== undefined) throw new Error(`${component.spec.name} ${exited}; see ${component.spec.logFile}`);
    if (await healthy()) return;
    if (Date.now() > deadline) throw new Error(`${component.spec.name} was not healthy within ${timeoutMs / 1000}s; see ${component.spec.logFile}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export async function startCluster(config: KubeEngineConfig): Promise<RunningCluster> {
  const dir = config.clusterDir;
  const server = `https://${config.host}:${config.port}`;
  const sa = await ensureServiceAccountKeys(dir);
  const paths: ComponentPaths = {
    dataDir: config.dataDir,
    caFile: config.caFile,
    certFile: config.certFile,
    keyFile: config.keyFile,
    tokenFile: config.tokenFile,
    serviceAccountKeyFile: sa.keyFile,
    serviceAccountPublicKeyFile: sa.publicKeyFile,
    controllerManagerKubeconfig: join(dir, 'kube-controller-manager.kubeconfig'),
    schedulerKubeconfig: join(dir, 'kube-scheduler.kubeconfig'),
    egressSelectorConfigFile: join(dir, 'egress-selector.yaml'),
  };
  const egressSocket = egressSocketPath(dir);
  await writeEgressSelectorConfig(paths.egressSelectorConfigFile, egressSocket);
  const ports: ComponentPorts = { host: config.host, apiserver: config.port, etcd: config.etcdPort, etcdPeer: config.etcdPeerPort };
  await writeComponentKubeconfig(paths.controllerManagerKubeconfig, server, config.caFile, await ensureUserToken(config.tokenFile, CONTROLLER_MANAGER_USER));
  await writeComponentKubeconfig(paths.schedulerKubeconfig, server, config.caFile, await ensureUserToken(config.tokenFile, SCHEDULER_USER));
  const adminToken = await readAdminToken(dir);
  if (adminToken === undefined) throw new Error(`${config.tokenFile} has no admin token`);
  const caPem = await readFile(config.caFile, 'utf8');

  const component = (name: string, args: string[]): Component =>
    new Component({ name, binary: config.kstack, args, logFile: join(dir, `${name}.log`) }, log);
  const etcd = component('etcd', etcdArgs(ports, paths));
  const apiserver = component('kube-apiserver', apiserverArgs(ports, paths));
  const controllerManager = component('kube-controller-manager', controllerManagerArgs(config.name, paths));
  const scheduler = component('kube-scheduler', schedulerArgs(paths));
  const all = [etcd, apiserver, controllerManager, scheduler];
  let kubelet: { stop(): Promise<void> } | undefined;
  let guard: EgressGuard | undefined;

  const stop = async (): Promise<void> => {
    await kubelet?.stop();
    await Promise.all([controllerManager.stop(STOP_GRACE_MS), scheduler.stop(STOP_GRACE_MS)]);
    await apiserver.stop(STOP_GRACE_MS);
    await guard?.close();
    await etcd.stop(STOP_GRACE_MS);
  };

  try {
    const started = Date.now();
    guard = await startEgressGuard(egressSocket, log);
    etcd.start();
    await waitHealthy(etcd, () => etcdHealthy(etcdUrl(ports)), 60_000);
    log(`etcd healthy at ${etcdUrl(ports)} (${Date.now() - started} ms)`);
    apiserver.start();
    await waitHealthy(apiserver, () => probeReady({ url: server, caPem, token: adminToken }, 2000), 120_000);
    log(`kube-apiserver ready at ${server} (${Date.now() - started} ms)`);
    controllerManager.start();
    scheduler.start();
    for (const c of all) c.keepRunning();
    const sim = config.simulation === false ? undefined : resolveSimulation(config.name, config.simulation ?? {});
    if (sim) {
      kubelet = await startFakeKubelet({ server, caPem, token: adminToken, sim, kubeletVersion: await serverGitVersion(server, caPem, adminToken), log });
    }
    log(`control plane started (${Date.now() - started} ms)`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop };
}
