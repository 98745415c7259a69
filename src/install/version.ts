// The package version: the default image tag and the chart's version and appVersion, so that an install deploys
// the image built from the same release as the CLI that installs it.
import { readFileSync } from 'node:fs';

/** Used only when package.json cannot be read (a copied dist/ without it). */
const FALLBACK_VERSION = '0.0.0';

export function packageVersion(): string {
  try {
    // dist/src/install/version.js → package.json at the repository (or image /app) root.
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    const v = typeof pkg === 'object' && pkg !== null ? (pkg as { version?: unknown }).version : undefined;
    return typeof v === 'string' ? v : FALLBACK_VERSION;
  } catch {
    return FALLBACK_VERSION;
  }
}
