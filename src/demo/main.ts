// `npm run demo`: three local clusters, the KubeFed control plane, and the walkthrough users know, with every command
// and its real output. Afterwards everything keeps running for the user to explore until Ctrl-C; with --exit the
// demo stops all it started and exits (1 when a step did not reach its expected state).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { errorMessage } from '../client/index.js';
import { DemoEnvironment, SetupError } from './environment.js';
import { Printer, shellLine } from './printer.js';
import { killAllNow, stopAll } from './processes.js';
import { Walkthrough } from './walkthrough.js';

/** The repository root: this file runs as dist/src/demo/main.js. */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEFAULT_WAIT_SECONDS = 60;

/** kubefed-local's engines (src/local/engines.ts; the demo drives the CLI and does not import it). */
const ENGINES = ['builtin', 'kube-apiserver'] as const;
type Engine = (typeof ENGINES)[number];

interface Options {
  exit: boolean;
  dir: string;
  timeout: number;
  engine: Engine;
}

function parseEngine(value: string): Engine {
  const found = ENGINES.find((e) => e === value);
  if (!found) throw new InvalidArgumentError(`must be one of ${ENGINES.join(', ')}`);
  return found;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of seconds');
  return n;
}

function parseOptions(argv: string[]): Options {
  const program = new Command('demo')
    .description('Start 3 local clusters and the KubeFed control plane, then replay the KubeFed walkthrough with real commands')
    .option('--exit', 'stop everything and exit when the walkthrough is done (exit status 1 if a step failed)', false)
    .option('--dir <dir>', 'folder for the clusters, the controller manager log and the manifests', resolve(REPO_ROOT, '.tmp/demo'))
    .option('--timeout <seconds>', 'how long each step waits for its expected state', parseSeconds, DEFAULT_WAIT_SECONDS)
    .option('--engine <engine>', 'builtin (the built-in API server) or kube-apiserver (real control planes; `npm run build:tools` first)', parseEngine, 'builtin')
    .showHelpAfterError()
    .parse(argv);
  const o = program.opts<{ exit: boolean; dir: string; timeout: number; engine: Engine }>();
  return { exit: o.exit, dir: resolve(o.dir), timeout: o.timeout, engine: o.engine };
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv);
  const printer = new Printer();
  const abort = new AbortController();
  const env = new DemoEnvironment({ repoRoot: REPO_ROOT, dir: opts.dir, engine: opts.engine, printer, timeoutMs: opts.timeout * 1000, signal: abort.signal });
  let finished = false;
  let stopping = false;

  const stopEverything = async (code: number): Promise<never> => {
    abort.abort();
    await env.stopManager();
    await stopAll();
    await env.stop();
    process.exit(code);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    printer.blank();
    printer.note(`${signal}: stopping everything the demo started`);
    // Ctrl-C after the walkthrough is the normal way to end the demo; during it, it is an interruption.
    void stopEverything(finished ? 0 : 130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', () => {
    killAllNow();
    env.stopNow();
  });

  try {
    await env.setUp();
    await new Walkthrough({ env, printer, timeoutMs: opts.timeout * 1000, signal: abort.signal }).run();
  } catch (err) {
    if (stopping) return;
    stopping = true;
    printer.blank();
    printer.stepFailed(err instanceof SetupError ? 'setup' : 'demo', errorMessage(err));
    printer.summary();
    await stopEverything(1);
  }
  if (stopping) return;
  printer.summary();
  finished = true;
  if (opts.exit) {
    stopping = true;
    printer.blank();
    await stopEverything(printer.problems.length === 0 ? 0 : 1);
  }
  printer.blank();
  printer.note(`The clusters and the controller manager keep running (log: ${env.shell.displayPath(env.managerLog)}).`);
  printer.note(`kubeconfig: ${env.kubeconfig}`);
  printer.note('Try it yourself in another terminal:');
  printer.command(shellLine(['export', `KUBECONFIG=${env.kubeconfig}`]));
  printer.command('kubectl --context cluster2 get deploy -n test-namespace');
  printer.note('Press Ctrl-C to stop everything.');
  // The signal handlers end the process; until then the event loop only needs to stay alive.
  setInterval(() => undefined, 1 << 30);
}

await main();
