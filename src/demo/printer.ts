// How the demo talks to the user: section titles, each command as it would be typed in a shell, the command's real
// output verbatim, progress lines during long waits, and the problems collected for the final summary.

/** Quotes an argument the way a POSIX shell needs it, so printed commands can be pasted back into a terminal. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function shellLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

export interface Problem {
  step: string;
  detail: string;
}

export class Printer {
  readonly #write: (text: string) => void;
  readonly problems: Problem[] = [];
  #steps = 0;

  constructor(write: (text: string) => void = (t) => process.stdout.write(t)) {
    this.#write = write;
  }

  get stepCount(): number {
    return this.#steps;
  }

  section(title: string): void {
    this.#write(`\n### ${title}\n\n`);
  }

  /** A shell command line, printed before its output. */
  command(line: string): void {
    this.#write(`$ ${line}\n`);
  }

  /** A command's output, verbatim (with a final newline added when it lacks one). */
  output(text: string): void {
    if (text === '') return;
    this.#write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Output exactly as it arrives from a running command. */
  raw(text: string): void {
    this.#write(text);
  }

  blank(): void {
    this.#write('\n');
  }

  /** The demo's own remarks, marked so they cannot be mistaken for a program's output. */
  note(text: string): void {
    this.#write(`# ${text}\n`);
  }

  progress(text: string): void {
    this.#write(`  ... ${text}\n`);
  }

  /** Counts a step that was checked against its expected state. */
  stepDone(): void {
    this.#steps++;
  }

  /** Counts a step that did not reach its expected state and says so at once (and again in the summary). */
  stepFailed(step: string, detail: string): void {
    this.#steps++;
    this.problems.push({ step, detail });
    this.#write(`# NOT REACHED: ${step}: ${detail}\n`);
  }

  summary(): void {
    this.#write('\n### Summary\n\n');
    if (this.problems.length === 0) {
      this.#write(`All ${this.#steps} steps reached their expected state.\n`);
      return;
    }
    const n = this.problems.length;
    this.#write(`${n} step${n === 1 ? '' : 's'} did not reach ${n === 1 ? 'its' : 'their'} expected state (of ${this.#steps}):\n`);
    for (const p of this.problems) this.#write(`  - ${p.step}: ${p.detail}\n`);
  }
}
