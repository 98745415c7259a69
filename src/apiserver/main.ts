// Process entry for one local cluster: `node dist/src/apiserver/main.js --config FILE` (docs/architecture.md).
// Serves HTTPS with bearer-token auth, writes its pid file next to the config, logs to stdout (the supervisor
// redirects it to apiserver.log), and persists a snapshot before exiting on SIGTERM/SIGINT.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from './config.js';
import { startApiServer } from './server.js';

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

async function main(argv: string[]): Promise<void> {
  const i = argv.indexOf('--config');
  const file = i >= 0 ? argv[i + 1] : undefined;
  if (!file) throw new Error('usage: apiserver --config FILE');
  const cfg = loadConfig(file);
  const server = await startApiServer({
    name: cfg.name,
    host: cfg.host,
    port: cfg.port,
    tls: { cert: readFileSync(cfg.certFile), key: readFileSync(cfg.keyFile) },
    tokens: readFileSync(cfg.tokenFile, 'utf8'),
    tokenFile: cfg.tokenFile,
    caPem: readFileSync(cfg.caFile, 'utf8'),
    dataDir: cfg.dataDir,
    simulation: cfg.simulation,
    log,
  });
  const pidFile = join(dirname(file), 'apiserver.pid');
  writeFileSync(pidFile, `${process.pid}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, persisting and exiting`);
    server.close().then(
      () => {
        rmSync(pidFile, { force: true });
        process.exit(0);
      },
      (e: unknown) => {
        log(`shutdown failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`apiserver: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
