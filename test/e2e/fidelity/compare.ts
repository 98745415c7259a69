// The comparer: two normalised records of one scenario → the list of places where they differ. Paths are readable
// and stable, so docs/fidelity.md can name them: `step.body.details.causes[0].message`, with keys that hold a dot
// or a slash quoted (`data["ca.crt"]`, `annotations["kubernetes.io/description"]`).

/** One observable difference between the built-in server and the real one. */
export interface Difference {
  scenario: string;
  path: string;
  builtin: unknown;
  real: unknown;
}

/** Stands for a key or array element one side does not have. */
export const ABSENT = '<absent>';

function keyPath(parent: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** Differences between two JSON values; equal values give none. Object key order never matters, array order does. */
export function compare(scenario: string, builtin: unknown, real: unknown): Difference[] {
  const out: Difference[] = [];
  const walk = (path: string, b: unknown, r: unknown): void => {
    if (Array.isArray(b) && Array.isArray(r)) {
      for (let i = 0; i < Math.max(b.length, r.length); i++) {
        walk(`${path}[${i}]`, i < b.length ? b[i] : ABSENT, i < r.length ? r[i] : ABSENT);
      }
      return;
    }
    if (isPlainObject(b) && isPlainObject(r)) {
      const keys = [...new Set([...Object.keys(b), ...Object.keys(r)])].sort();
      for (const k of keys) walk(keyPath(path, k), b[k] === undefined ? ABSENT : b[k], r[k] === undefined ? ABSENT : r[k]);
      return;
    }
    if (!sameLeaf(b, r)) out.push({ scenario, path: path === '' ? '.' : path, builtin: b, real: r });
  };
  walk('', builtin, real);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function sameLeaf(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A difference as one line of a failure message. */
export function describeDifference(d: Difference): string {
  const show = (v: unknown): string => {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 400 ? `${s.slice(0, 400)}…` : s;
  };
  return `${d.scenario} ${d.path}\n    builtin: ${show(d.builtin)}\n    real:    ${show(d.real)}`;
}
