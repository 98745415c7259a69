// The user's terminal, replayed: every program the demo runs is printed as the command line a user would type
// (after `export KUBECONFIG=...`), followed by its real output. kubectl and dig are the real ones on PATH; kubefedctl,
// kubefed-local and kubefed-controller-manager are this repository's bin/ programs run with the same node.
import { isAbsolute, join, relative } from 'node:path';
import { runCommand, type CommandResult } from './processes.js';
import { shellLine, type Printer } from './printer.js';

export type Program = 'kubectl' | 'dig' | 'kubefedctl' | 'kubefed-local' | 'kubefed-controller-manager';

/** Programs found on PATH; the others are this repository's bin/ scripts. */
const SYSTEM_PROGRAMS: ReadonlySet<Program> = new Set(['kubectl', 'dig']);

export interface Invocation {
  program: Program;
  args: readonly string[];
  /** What is printed after `| ` (the output shown is filtered by `filter`), e.g. `grep virtualservice`. */
  pipe?: { display: string; filter: (output: string) => string };
  timeoutMs?: number;
}

export interface ShellOptions {
  repoRoot: string;
  kubeconfig: string;
  printer: Printer;
}

export class Shell {
  readonly #o: ShellOptions;

  constructor(o: ShellOptions) {
    this.#o = o;
  }

  get kubeconfig(): string {
    return this.#o.kubeconfig;
  }

  /** A path as short as it can be printed: relative to the working directory when inside it. */
  displayPath(path: string): string {
    const rel = relative(process.cwd(), path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  }

  /** The command line as printed. */
  line(inv: Invocation): string {
    const cmd = shellLine([inv.program, ...inv.args]);
    return inv.pipe ? `${cmd} | ${inv.pipe.display}` : cmd;
  }

  /** Runs a program without printing anything (unless `onOutput` prints what arrives). */
  exec(inv: Invocation, onOutput?: (chunk: string) => void): Promise<CommandResult> {
    const env = { ...process.env, KUBECONFIG: this.#o.kubeconfig };
    if (SYSTEM_PROGRAMS.has(inv.program)) return runCommand(inv.program, inv.args, { env, timeoutMs: inv.timeoutMs, onOutput });
    const script = join(this.#o.repoRoot, 'bin', `${inv.program}.js`);
    return runCommand(process.execPath, [script, ...inv.args], { env, cwd: process.cwd(), timeoutMs: inv.timeoutMs, onOutput });
  }

  /** Prints the command, runs it and prints its output: live, unless it goes through a filter. */
  async run(inv: Invocation): Promise<CommandResult> {
    const p = this.#o.printer;
    p.command(this.line(inv));
    if (inv.pipe) {
      const r = await this.exec(inv);
      this.show(inv, r);
      return r;
    }
    const r = await this.exec(inv, (chunk) => p.raw(chunk));
    if (r.output !== '' && !r.output.endsWith('\n')) p.blank();
    if (r.code !== 0) p.note(`(exit status ${r.code})`);
    return r;
  }

  /**
   * Runs independent commands at the same time (they touch different clusters) and prints them one after the
   * other, each with its own output, as if typed in turn.
   */
  async runAll(invs: readonly Invocation[]): Promise<CommandResult[]> {
    const results = await Promise.all(invs.map((inv) => this.exec(inv)));
    invs.forEach((inv, i) => {
      this.#o.printer.command(this.line(inv));
      this.show(inv, results[i]!);
    });
    return results;
  }

  show(inv: Invocation, r: CommandResult): void {
    const text = inv.pipe && r.code === 0 ? inv.pipe.filter(r.output) : r.output;
    this.#o.printer.output(text);
    if (r.code !== 0) this.#o.printer.note(`(exit status ${r.code})`);
  }
}
