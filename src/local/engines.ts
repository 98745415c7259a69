// The two engines a kubefed-local folder can run: the built-in Kubernetes-compatible API server (fast, the default)
// and the real control plane (kube-apiserver, kube-controller-manager, kube-scheduler and etcd from tools/kstack,
// with the fake kubelet). A folder keeps the engine it was created with; each cluster is one detached process
// either way, found through its pid file and the config path on its command line.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LocalError } from './errors.js';
import { kubeEngineConfigFile } from './kube-engine/config.js';
import { configFile } from './config.js';

export const ENGINES = ['builtin', 'kube-apiserver'] as const;
export type EngineName = (typeof ENGINES)[number];
export const DEFAULT_ENGINE: EngineName = 'builtin';

export function parseEngine(value: string): EngineName {
  const found = ENGINES.find((e) => e === value);
  if (!found) throw new LocalError(`--engine must be one of ${ENGINES.join(', ')}, got "${value}"`);
  return found;
}

/** The real engine's compiled entry point, beside this module in dist/src/local (the built-in one is the supervisor's). */
export const KUBE_ENGINE_ENTRY = fileURLToPath(new URL('./kube-engine/main.js', import.meta.url));
/** Where `npm run build:tools` puts the kstack binary (dist/src/local → repo root/.tools/bin). */
export const DEFAULT_KSTACK = fileURLToPath(new URL('../../../.tools/bin/kstack', import.meta.url));

export function kstackBinary(): string {
  return process.env.KUBEFED_KSTACK ?? DEFAULT_KSTACK;
}

export interface EngineTraits {
  /** The file passed as `--config`; its path on the command line marks the process as this cluster's. */
  configFile(clusterDir: string): string;
  /** Paths that must answer 200 before the cluster counts as ready. */
  readyPaths: string[];
  /** Default wait for readiness: a real control plane needs etcd, the API server and the controllers up. */
  readyTimeoutMs: number;
  /** Grace after SIGTERM before SIGKILL: the real engine stops four components in order. */
  stopGraceMs: number;
}

export function engineTraits(engine: EngineName): EngineTraits {
  if (engine === 'kube-apiserver') {
    return {
      configFile: kubeEngineConfigFile,
      // The `default` ServiceAccount appears once kube-controller-manager's serviceaccount controller runs: before
      // that, pods cannot be created in `default`, so the cluster is not usable yet.
      readyPaths: ['/readyz', '/api/v1/namespaces/default/serviceaccounts/default'],
      readyTimeoutMs: 180_000,
      stopGraceMs: 30_000,
    };
  }
  return { configFile, readyPaths: ['/readyz'], readyTimeoutMs: 60_000, stopGraceMs: 10_000 };
}

/** Throws a one-line LocalError when what the engine runs is not built. */
export function requireEngineBuilt(engine: EngineName, builtinEntry: string): void {
  const entry = engineEntry(engine, builtinEntry);
  if (!existsSync(entry)) throw new LocalError(`the API server is not built (${entry} is missing); run \`npm run build\``);
  if (engine === 'kube-apiserver' && !existsSync(kstackBinary())) {
    throw new LocalError(
      `the real control plane is not built (${kstackBinary()} is missing); run \`npm run build:tools\` (needs Go 1.26 or later)`,
    );
  }
}

export function engineEntry(engine: EngineName, builtinEntry: string): string {
  return engine === 'kube-apiserver' ? KUBE_ENGINE_ENTRY : builtinEntry;
}
