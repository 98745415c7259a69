// klog-style progress lines (`I1128 02:56:24.123456   12345 join.go] message`) on stderr, shown at `--v=N` and
// above, so `kubefedctl join ... --v=2` reads the way KubeFed users know.
export interface Log {
  /** Verbosity the user asked for with `--v`. */
  readonly verbosity: number;
  /** Writes `message` when `--v` ≥ `level`. */
  v(level: number, message: string): void;
  /** Always written: a warning the user should see. */
  warn(message: string): void;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** klog's header: severity, MMDD, time with microseconds, pid right-aligned to 7, source. */
export function klogHeader(severity: 'I' | 'W', now: Date, pid: number, source: string): string {
  const date = `${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${pad(now.getMilliseconds() * 1000, 6)}`;
  return `${severity}${date} ${time} ${String(pid).padStart(7)} ${source}]`;
}

export function createLog(verbosity: number, source: string, write: (line: string) => void = (l) => process.stderr.write(l)): Log {
  return {
    verbosity,
    v(level, message) {
      if (verbosity >= level) write(`${klogHeader('I', new Date(), process.pid, source)} ${message}\n`);
    },
    warn(message) {
      write(`${klogHeader('W', new Date(), process.pid, source)} ${message}\n`);
    },
  };
}
