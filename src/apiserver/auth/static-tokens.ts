// Static bearer tokens from a token file, reloaded when the file changes, so a test can add or revoke a user by
// editing DIR/<cluster>/tokens.csv while the cluster runs. kube-apiserver reads --token-auth-file only at start;
// reloading is our addition for local clusters. The file is polled with stat() against the stat taken when it was
// last read (not against the previous poll, as fs.watchFile does: its first baseline is taken asynchronously, so an
// edit made right after start could be missed for good).
import { readFileSync, statSync, type Stats } from 'node:fs';
import { parseTokenFile, type UserInfo } from './token-file.js';

/** How often the token file is checked for changes. */
export const TOKEN_FILE_POLL_MS = 250;

function sameFile(a: Stats | undefined, b: Stats | undefined): boolean {
  return !!a && !!b && a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino;
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

export class StaticTokens {
  #tokens: Map<string, UserInfo>;
  readonly #timer: NodeJS.Timeout | undefined;

  /** `source` is the file text or parsed map; `file`, when given, is polled and re-read on change. */
  constructor(source: string | Map<string, UserInfo>, file?: string, log: (line: string) => void = () => undefined) {
    this.#tokens = typeof source === 'string' ? parseTokenFile(source) : source;
    if (!file) return;
    let loaded = statOrUndefined(file);
    this.#timer = setInterval(() => {
      const now = statOrUndefined(file);
      if (!now || sameFile(now, loaded)) return;
      try {
        this.#tokens = parseTokenFile(readFileSync(file, 'utf8'));
        loaded = now;
        log(`reloaded token file ${file} (${this.#tokens.size} tokens)`);
      } catch (e) {
        // Keep serving the last good file: a half-written edit must not lock everyone out.
        loaded = now;
        log(`token file ${file} not reloaded: ${e instanceof Error ? e.message : String(e)}`);
      }
    }, TOKEN_FILE_POLL_MS);
    this.#timer.unref();
  }

  get(token: string): UserInfo | undefined {
    return this.#tokens.get(token);
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
  }
}
