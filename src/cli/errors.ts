// Errors as kubefedctl shows them: one line, `error: ` prefix, naming what is wrong and what to do; never a stack.
import { ApiError, ConnectionError, errorMessage } from '../client/index.js';
import { KubeconfigError } from '../client/index.js';

/** A failure whose message was written for the user; the command exits 1 with it. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** The single line printed for any failure (without the `error: ` prefix). */
export function userMessage(err: unknown): string {
  if (err instanceof ConnectionError) {
    // The client already names the cluster (the kubeconfig context); add what the user can check.
    return `${err.message} (is the cluster running, and do --kubeconfig and the context point at it?)`;
  }
  if (err instanceof KubeconfigError) return err.message;
  if (err instanceof ApiError) return err.message;
  return errorMessage(err);
}

/** Collapses a message to one line: kubectl-style errors never span lines. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, '; ').trim();
}
