// Static bearer tokens from a token file, reloaded when the file changes, so a test can add or revoke a user by
// editing DIR/<cluster>/tokens.csv while the cluster runs. kube-apiserver reads --token-auth-file only at start;
// reloading is our addition for local clusters. fs.watchFile polls with stat(), which sees appends and editor
// renames alike and costs one stat per interval.
import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import { parseTokenFile, type UserInfo } from './token-file.js';

/** How often the token file is checked for changes. */
export const TOKEN_FILE_POLL_MS = 250;

export class StaticTokens {
  #tokens: Map<string, UserInfo>;
  readonly #file: string | undefined;
  readonly #listener: ((cur: Stats, prev: Stats) => void) | undefined;

  /** `source` is the file text or parsed map; `file`, when given, is watched and re-read on change. */
  constructor(source: string | Map<string, UserInfo>, file?: string, log: (line: string) => void = () => undefined) {
    this.#tokens = typeof source === 'string' ? parseTokenFile(source) : source;
    this.#file = file;
    if (!file) return;
    this.#listener = (cur, prev) => {
      if (cur.mtimeMs === prev.mtimeMs && cur.size === prev.size && cur.ino === prev.ino) return;
      try {
        this.#tokens = parseTokenFile(readFileSync(file, 'utf8'));
        log(`reloaded token file ${file} (${this.#tokens.size} tokens)`);
      } catch (e) {
        // Keep serving the last good file: a half-written edit must not lock everyone out.
        log(`token file ${file} not reloaded: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    watchFile(file, { interval: TOKEN_FILE_POLL_MS, persistent: false }, this.#listener);
  }

  get(token: string): UserInfo | undefined {
    return this.#tokens.get(token);
  }

  close(): void {
    if (this.#file && this.#listener) unwatchFile(this.#file, this.#listener);
  }
}
