// Structured log lines for the controller manager: `time level msg key=value ...`, one per line on stdout, so a
// log collector (or a test) can parse them. `--v N` enables debug lines of verbosity ≤ N, as klog's V levels do.
import type { Logger } from '../client/logger.js';

export type Fields = Record<string, unknown>;

export interface Log extends Logger {
  readonly verbosity: number;
  /** A logger whose debug/info lines appear only at `--v` ≥ level (warnings and errors always do). */
  v(level: number): Log;
  /** A logger that adds `fields` to every line. */
  with(fields: Fields): Log;
}

function formatValue(v: unknown): string {
  const s = typeof v === 'string' ? v : v instanceof Error ? v.message : JSON.stringify(v) ?? String(v);
  return /^[^\s"=]+$/.test(s) ? s : JSON.stringify(s);
}

export function formatLine(time: Date, level: string, msg: string, fields: Fields): string {
  const kv = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}=${formatValue(v)}`)
    .join('');
  return `${time.toISOString()} ${level} ${JSON.stringify(msg)}${kv}\n`;
}

export function createLog(verbosity: number, write: (line: string) => void = (l) => process.stdout.write(l), level = 0, base: Fields = {}): Log {
  const enabled = verbosity >= level;
  const emit = (lvl: string, msg: string, fields?: Fields): void => write(formatLine(new Date(), lvl, msg, { ...base, ...fields }));
  return {
    verbosity,
    debug: (msg, fields) => {
      if (verbosity >= Math.max(level, 4)) emit('debug', msg, fields);
    },
    info: (msg, fields) => {
      if (enabled) emit('info', msg, fields);
    },
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    v: (l) => createLog(verbosity, write, l, base),
    with: (fields) => createLog(verbosity, write, level, { ...base, ...fields }),
  };
}
