// The Kubernetes CEL extension functions CRD rules commonly use, beyond the CEL standard library and the cel-go
// strings extension (which @bufbuild/cel ships as `strings`). Semantics follow k8s.io/apiserver/pkg/cel/library:
// lists.go (isSorted, sum, min, max, indexOf, lastIndexOf) and regex.go (find, findAll). A function that throws
// yields a CEL evaluation error (@bufbuild/cel catches it), which the validator reports against the rule.
import { celList, CelScalar, celMethod, listType, type CelFunc, type CelList, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

const anyList = listType(CelScalar.DYN);

type Comparable = bigint | number | string | boolean;

function comparableItems(list: CelList, fn: string): Comparable[] {
  const items: Comparable[] = [];
  for (const item of list) {
    const kind = typeof item;
    if (kind !== 'bigint' && kind !== 'number' && kind !== 'string' && kind !== 'boolean') {
      throw new Error(`${fn}: list elements are not comparable`);
    }
    if (items.length > 0 && typeof items[0] !== kind) throw new Error(`${fn}: list elements have mixed types`);
    items.push(item as Comparable);
  }
  return items;
}

function compare(a: Comparable, b: Comparable): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function extreme(list: CelList, fn: string, sign: number): Comparable {
  const items = comparableItems(list, fn);
  if (items.length === 0) throw new Error(`${fn} called on empty list`);
  return items.reduce((best, item) => (compare(item, best) * sign > 0 ? item : best));
}

function equalValues(a: CelValue, b: CelValue): boolean {
  if (typeof a === 'bigint' && typeof b === 'number') return Number(a) === b;
  if (typeof a === 'number' && typeof b === 'bigint') return a === Number(b);
  return a === b;
}

function index(list: CelList, wanted: CelValue, fromEnd: boolean): bigint {
  const items = [...list];
  for (let n = 0; n < items.length; n++) {
    const i = fromEnd ? items.length - 1 - n : n;
    if (equalValues(items[i], wanted)) return BigInt(i);
  }
  return -1n;
}

function sum(list: CelList): bigint | number {
  let total: bigint | number = 0n;
  for (const item of list) {
    if (typeof item === 'bigint' && typeof total === 'bigint') total += item;
    else if (typeof item === 'bigint' || typeof item === 'number') total = Number(total) + Number(item);
    else throw new Error('sum: list elements must be numbers');
  }
  return total;
}

function regexFind(text: string, pattern: string, limit: number): string[] {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'g');
  } catch (err) {
    throw new Error(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
  const found: string[] = [];
  for (const match of text.matchAll(re)) {
    if (limit >= 0 && found.length >= limit) break;
    found.push(match[0]);
  }
  return found;
}

const kubernetesFuncs: CelFunc[] = [
  celMethod('isSorted', anyList, [], CelScalar.BOOL, function () {
    const items = comparableItems(this, 'isSorted');
    return items.every((item, i) => i === 0 || compare(items[i - 1], item) <= 0);
  }),
  celMethod('sum', anyList, [], CelScalar.DYN, function () {
    return sum(this);
  }),
  celMethod('min', anyList, [], CelScalar.DYN, function () {
    return extreme(this, 'min', -1);
  }),
  celMethod('max', anyList, [], CelScalar.DYN, function () {
    return extreme(this, 'max', 1);
  }),
  celMethod('indexOf', anyList, [CelScalar.DYN], CelScalar.INT, function (wanted) {
    return index(this, wanted, false);
  }),
  celMethod('lastIndexOf', anyList, [CelScalar.DYN], CelScalar.INT, function (wanted) {
    return index(this, wanted, true);
  }),
  celMethod('find', CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (pattern) {
    return regexFind(this, pattern, 1)[0] ?? '';
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING], anyList, function (pattern) {
    return celList(regexFind(this, pattern, -1));
  }),
  celMethod('findAll', CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], anyList, function (pattern, limit) {
    return celList(regexFind(this, pattern, Number(limit)));
  }),
];

/** Every function rules may call on top of the CEL standard library. */
export const celLibrary: CelFunc[] = [...strings, ...kubernetesFuncs];
