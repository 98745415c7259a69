// Turning generated objects into Helm templates with as little template text as possible: an object is built by the
// same code as the plain manifests, a few of its values are replaced by markers ("holes"), it is serialised to YAML,
// and each marker becomes template text. Inline holes replace the scalar (and its quotes); line holes replace the
// whole YAML line the marker sits on with template lines at that line's indentation.
import { stringify } from 'yaml';

interface InlineHole {
  kind: 'inline';
  text: string;
}

interface LineHole {
  kind: 'lines';
  /** Template lines for a line at `indent` spaces whose key (if the marker is a mapping value) is `key`. */
  lines: (indent: number, key: string | undefined) => string[];
}

export class Holes {
  readonly #holes: (InlineHole | LineHole)[] = [];

  /** A scalar replaced by template text, e.g. `{{ .Values.x }}`. */
  inline(text: string): string {
    this.#holes.push({ kind: 'inline', text });
    return this.#marker(this.#holes.length - 1);
  }

  /** A line replaced by template lines (the marker may be a mapping value, a mapping key or a sequence item). */
  lines(lines: (indent: number, key: string | undefined) => string[]): string {
    this.#holes.push({ kind: 'lines', lines });
    return this.#marker(this.#holes.length - 1);
  }

  #marker(i: number): string {
    return `@@hole${i}@@`;
  }

  /** YAML of `value` with every marker replaced. */
  render(value: unknown): string {
    const text = stringify(value, { lineWidth: 0 });
    const out: string[] = [];
    for (const line of text.split('\n')) {
      const m = /@@hole(\d+)@@/.exec(line);
      const hole = m ? this.#holes[Number(m[1])] : undefined;
      if (hole?.kind === 'lines') {
        const indent = /^ */.exec(line)?.[0].length ?? 0;
        const keyMatch = /^ *(?:- )?([^"'@:\s][^:]*):\s/.exec(line);
        const pad = ' '.repeat(indent);
        out.push(...hole.lines(indent, keyMatch?.[1]).map((l) => pad + l));
        continue;
      }
      out.push(
        line.replace(/(["']?)@@hole(\d+)@@\1/g, (_all, _q: string, n: string) => {
          const h = this.#holes[Number(n)];
          return h?.kind === 'inline' ? h.text : _all;
        }),
      );
    }
    return out.join('\n');
  }
}

/** `key: {{- toYaml EXPR | nindent N }}`: a value from the values file, as a block under `key`. */
export function toYamlBlock(expr: string): (indent: number, key: string | undefined) => string[] {
  return (indent, key) => [`${key ?? ''}: {{- toYaml ${expr} | nindent ${indent + 2} }}`];
}

/** The block only when the value is non-empty, as the plain manifests leave empty maps and lists out. */
export function optionalYamlBlock(expr: string): (indent: number, key: string | undefined) => string[] {
  return (indent, key) => [`{{- if ${expr} }}`, ...toYamlBlock(expr)(indent, key), '{{- end }}'];
}
