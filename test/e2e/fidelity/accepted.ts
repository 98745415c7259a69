// The accepted differences, read from docs/fidelity.md: every row of its tables whose first cell is a backticked id.
// A row names a scenario and one or more paths (backticked, in the path cell); `*` in either matches within one path
// segment (no `.` or `[`), `**` matches anything. A difference is accepted when some row matches it; a row that
// matches no difference is stale (the built-in server was fixed, or the scenario changed) and fails the test too.
import type { Difference } from './compare.js';

export interface AcceptedDifference {
  id: string;
  scenario: string;
  paths: string[];
}

const ROW = /^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|([^|]*)\|/;

export function parseAccepted(markdown: string): AcceptedDifference[] {
  const out: AcceptedDifference[] = [];
  for (const line of markdown.split('\n')) {
    const m = ROW.exec(line.trim());
    if (!m) continue;
    const paths = [...(m[3] ?? '').matchAll(/`([^`]+)`/g)].map((p) => p[1] as string);
    if (paths.length === 0) throw new Error(`docs/fidelity.md: ${m[1]} names no path`);
    out.push({ id: m[1] as string, scenario: m[2] as string, paths });
  }
  const ids = out.map((a) => a.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new Error(`docs/fidelity.md: id ${dup} appears twice`);
  return out;
}

/** A path glob as a regular expression (anchored). */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
      } else {
        re += '[^.[]*';
      }
    } else {
      re += ch.replace(/[\\^$.|?+()[\]{}]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

export interface Triage {
  /** Differences no row accepts: each one fails the test. */
  unlisted: Difference[];
  /** Rows no difference matched: each one fails the test. */
  stale: AcceptedDifference[];
  /** How many differences each row accepted. */
  used: Map<string, number>;
}

/** Sorts differences into accepted and unlisted, and finds the rows nothing matched. */
export function triage(differences: Difference[], accepted: AcceptedDifference[], ranScenarios: Set<string>): Triage {
  const compiled = accepted.map((a) => ({ a, scenario: globToRegExp(a.scenario), paths: a.paths.map(globToRegExp) }));
  const used = new Map<string, number>(accepted.map((a) => [a.id, 0]));
  const unlisted: Difference[] = [];
  for (const d of differences) {
    const hit = compiled.find((c) => c.scenario.test(d.scenario) && c.paths.some((p) => p.test(d.path)));
    if (hit) used.set(hit.a.id, (used.get(hit.a.id) ?? 0) + 1);
    else unlisted.push(d);
  }
  // A row about a scenario that did not run this time (a filtered run) is not stale.
  const ran = (c: (typeof compiled)[number]): boolean => [...ranScenarios].some((s) => c.scenario.test(s));
  const stale = compiled.filter((c) => used.get(c.a.id) === 0 && ran(c)).map((c) => c.a);
  return { unlisted, stale, used };
}
