import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderTemplate } from './helm-render.test-support.js';

const ctx = { Values: { a: { b: 'x', n: 0, list: [], map: { z: '1', y: '2' } }, empty: '' }, Release: { Namespace: 'ns', Name: 'r' } };

const cases: { name: string; src: string; want: string }[] = [
  { name: 'value substitution', src: 'v: {{ .Values.a.b }}', want: 'v: x' },
  { name: 'release namespace', src: '{{ .Release.Namespace }}', want: 'ns' },
  { name: 'default on empty string', src: '{{ .Values.empty | default "d" | quote }}', want: '"d"' },
  { name: 'default on zero (Go truthiness)', src: '{{ .Values.a.n | default 3 }}', want: '3' },
  { name: 'default keeps a set value', src: '{{ .Values.a.b | default "d" }}', want: 'x' },
  { name: 'missing value prints nothing', src: '[{{ .Values.nope }}]', want: '[]' },
  { name: 'left trim eats the newline before', src: 'a:\n  {{- " b" }}', want: 'a: b' },
  { name: 'right trim eats whitespace after', src: '{{ "a" -}}\n   b', want: 'ab' },
  { name: 'if eq else', src: '{{- if eq .Values.a.b "y" }}Y{{- else }}N{{- end }}', want: 'N' },
  { name: 'if on an empty list is false', src: '{{ if .Values.a.list }}T{{ else }}F{{ end }}', want: 'F' },
  { name: 'or picks the first truthy', src: '{{ if or .Values.a.list .Values.a.b }}T{{ end }}', want: 'T' },
  { name: 'toYaml with nindent', src: 'm: {{- toYaml .Values.a.map | nindent 2 }}', want: 'm:\n  z: "1"\n  y: "2"' },
  { name: 'range over a map in key order', src: '{{- range $k, $v := .Values.a.map }}\n{{ $k }}={{ $v }}{{- end }}', want: '\ny=2\nz=1' },
];

for (const c of cases) {
  test(`renderer: ${c.name}`, () => assert.equal(renderTemplate(c.src, ctx), c.want));
}

test('renderer: unsupported functions fail instead of rendering wrongly', () => {
  assert.throws(() => renderTemplate('{{ .Values.a.b | upper }}', ctx), /unsupported function upper/);
  assert.throws(() => renderTemplate('{{ if .Values.a.b }}x', ctx), /missing/);
});
