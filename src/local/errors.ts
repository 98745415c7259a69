/**
 * An error meant for the person at the terminal: main prints `error: <message>` and exits 1, without a stack
 * trace. Anything else reaching main is a bug and is printed the same way, with its message only.
 */
export class LocalError extends Error {
  override readonly name = 'LocalError';
}
