// `kubefedctl version`: KubeFed's `version.Info` printed the way Go's `%#v` shows it, so scripts that parse it keep
// working. The runtime fields describe Node instead of Go.
import { readFileSync } from 'node:fs';

export interface VersionInfo {
  Version: string;
  GitCommit: string;
  GitTreeState: string;
  BuildDate: string;
  GoVersion: string;
  Compiler: string;
  Platform: string;
}

function packageVersion(): string | undefined {
  try {
    // dist/src/cli/version.js → the repository's package.json.
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    if (typeof pkg === 'object' && pkg !== null && typeof (pkg as { version?: unknown }).version === 'string') return (pkg as { version: string }).version;
  } catch {
    return undefined;
  }
  return undefined;
}

/** Build metadata comes from the environment the release is built in (KubeFed used -ldflags); `unknown` otherwise. */
export function versionInfo(env: NodeJS.ProcessEnv = process.env): VersionInfo {
  const v = packageVersion();
  return {
    Version: v ? `v${v}` : 'v0.0.1-alpha.0',
    GitCommit: env['KUBEFED_GIT_COMMIT'] || 'unknown',
    GitTreeState: env['KUBEFED_GIT_TREE_STATE'] || 'unknown',
    BuildDate: env['KUBEFED_BUILD_DATE'] || 'unknown',
    GoVersion: `node${process.versions.node}`,
    Compiler: 'tsc',
    Platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

/** `version.Info{Version:"v0.1.0", ...}` (Go's %#v of the struct). */
export function formatVersionInfo(info: VersionInfo): string {
  const fields = (Object.keys(info) as (keyof VersionInfo)[]).map((k) => `${k}:${JSON.stringify(info[k])}`);
  return `version.Info{${fields.join(', ')}}`;
}
