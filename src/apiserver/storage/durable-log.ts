// Durability for the in-memory store (docs/adr/0001-local-apiserver-storage.md): an append-only JSON-lines log of
// writes plus a compacted snapshot. Start = load the snapshot, replay log records newer than it. A torn last line
// (the process died mid-write) is dropped and cut off so later appends start on a clean line.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, ftruncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../../common/object.js';

export type LogRecord =
  | { rv: number; k: string; o: KubeObject }
  | { rv: number; k: string; d: string };

export interface SnapshotItem {
  k: string;
  o: KubeObject;
}

export interface LoadedState {
  rv: number;
  items: SnapshotItem[];
  records: LogRecord[];
}

const SNAPSHOT = 'snapshot.json';
const LOG = 'log.jsonl';

export class DurableLog {
  readonly #dir: string;
  #fd = -1;
  #records = 0;

  constructor(dir: string) {
    this.#dir = dir;
  }

  /** Reads the snapshot and the log, and opens the log for appending. */
  load(): LoadedState {
    mkdirSync(this.#dir, { recursive: true });
    let rv = 0;
    let items: SnapshotItem[] = [];
    const snapPath = join(this.#dir, SNAPSHOT);
    if (existsSync(snapPath)) {
      const snap = JSON.parse(readFileSync(snapPath, 'utf8')) as { rv: number; items: SnapshotItem[] };
      rv = snap.rv;
      items = snap.items;
    }
    const logPath = join(this.#dir, LOG);
    const records: LogRecord[] = [];
    let goodBytes = 0;
    let torn = false;
    if (existsSync(logPath)) {
      const buf = readFileSync(logPath);
      let start = 0;
      while (start < buf.length) {
        const nl = buf.indexOf(10, start);
        const end = nl < 0 ? buf.length : nl;
        const line = buf.subarray(start, end).toString('utf8');
        let rec: LogRecord | undefined;
        if (line.trim() !== '') {
          try {
            rec = JSON.parse(line) as LogRecord;
          } catch {
            rec = undefined;
          }
          if (rec === undefined || nl < 0) {
            if (nl >= 0 && buf.indexOf(10, nl + 1) >= 0) {
              throw new Error(`storage log ${logPath} is corrupt at byte ${start}; refusing to start`);
            }
            // The last record without its newline may be complete JSON, but a write that stopped before the
            // newline is not known to be whole: Kubernetes' etcd would not have acknowledged it either.
            torn = true;
            break;
          }
          if (rec.rv > rv) records.push(rec);
        }
        goodBytes = end + 1;
        start = end + 1;
      }
    }
    this.#fd = openSync(logPath, 'a+');
    if (torn) ftruncateSync(this.#fd, goodBytes);
    this.#records = records.length;
    return { rv, items, records };
  }

  append(rec: LogRecord): void {
    writeSync(this.#fd, JSON.stringify(rec) + '\n');
    this.#records++;
  }

  get recordsSinceSnapshot(): number {
    return this.#records;
  }

  /** Writes a full snapshot atomically (temp file + rename), then empties the log. */
  snapshot(rv: number, items: Iterable<SnapshotItem>): void {
    const tmp = join(this.#dir, `${SNAPSHOT}.tmp`);
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, `{"rv":${rv},"items":[`);
      let first = true;
      for (const it of items) {
        writeSync(fd, (first ? '' : ',\n') + JSON.stringify(it));
        first = false;
      }
      writeSync(fd, ']}\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.#dir, SNAPSHOT));
    ftruncateSync(this.#fd, 0);
    this.#records = 0;
  }

  close(): void {
    if (this.#fd >= 0) {
      fsyncSync(this.#fd);
      closeSync(this.#fd);
      this.#fd = -1;
    }
  }
}
