// /version (k8s.io/apimachinery/pkg/version Info). minor "32" makes the gcloud kubectl dispatcher run its built-in
// kubectl 1.32 (kubectl-wire §1.1).
export function serverVersion(): Record<string, string> {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-kubefed-local',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.4',
    compiler: 'gc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}
