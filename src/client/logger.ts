// The minimal logging surface the client needs. Callers pass their own (the controller manager's structured logger);
// the default keeps stdout clean for kubefedctl and reports only warnings and errors on stderr.

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function line(level: string, message: string, fields?: Record<string, unknown>): string {
  const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return `${level} ${message}${extra}\n`;
}

export const stderrLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (m, f) => process.stderr.write(line('W', m, f)),
  error: (m, f) => process.stderr.write(line('E', m, f)),
};

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
