// Entry of one real-engine cluster: `node dist/src/local/kube-engine/main.js --config DIR/<cluster>/kube-engine.json`,
// spawned detached by the kubefed-local supervisor. Runs until SIGTERM/SIGINT, then stops the control plane.
import { readKubeEngineConfig } from './config.js';
import { startCluster } from './cluster-process.js';

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--config');
  const file = at >= 0 ? argv[at + 1] : undefined;
  if (!file) throw new Error('usage: kube-engine --config DIR/<cluster>/kube-engine.json');
  const config = await readKubeEngineConfig(file);
  const cluster = await startCluster(config);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${new Date().toISOString()} ${signal}: stopping the control plane`);
    cluster.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`error while stopping: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
