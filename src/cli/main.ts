// kubefedctl's process entry (bin/kubefedctl.js imports this module): run the program, print any failure as one
// `error: ...` line and exit 1, never a stack trace.
import { CommanderError } from 'commander';
import { oneLine, userMessage } from './errors.js';
import { buildProgram } from './program.js';

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const override = (cmd: typeof program): void => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    // Commander already printed its own `error: ...` line (unknown option, missing argument) or the help.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 1;
    process.stderr.write(`error: ${oneLine(userMessage(err))}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
