import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duplicateFields } from './duplicate-fields.js';

test('duplicate keys are reported by path, nested ones and array elements included', () => {
  const cases: [string, string[]][] = [
    ['{"a":1,"b":2}', []],
    ['{"data":{"a":"1"},"data":{"a":"2"}}', ['data']],
    ['{"metadata":{"name":"x","name":"y"}}', ['metadata.name']],
    ['{"spec":{"containers":[{"name":"a"},{"name":"b","name":"c"}]}}', ['spec.containers[1].name']],
    ['{"s":"a \\" \\\\ }","s":"b"}', ['s']],
    ['{"e":{},"l":[],"n":null,"t":true,"x":-1.5e3}', []],
  ];
  for (const [text, want] of cases) assert.deepEqual(duplicateFields(text), want, text);
});
