// The optional "simulation" section of the apiserver config file (docs/architecture.md, "local ↔ apiserver"),
// checked field by field so a typo in kubefed-local's config names the field instead of failing later.
import { isObject } from '../../common/object.js';
import type { SimulationOptions } from './simulation-options.js';

const NUMBER_FIELDS = ['nodes', 'podsPerNode', 'podStartMs', 'podCompletionMs'] as const;
const STRING_FIELDS = ['region', 'instanceType', 'loadBalancerCidr'] as const;

/** `false` disables the simulation; undefined/absent means all defaults. Throws naming the bad field. */
export function parseSimulationOptions(raw: unknown, where: string): SimulationOptions | false {
  if (raw === undefined || raw === null || raw === true) return {};
  if (raw === false) return false;
  if (!isObject(raw)) throw new Error(`${where}: "simulation" must be an object or false`);
  const out: SimulationOptions = {};
  for (const k of Object.keys(raw)) {
    if (![...NUMBER_FIELDS, ...STRING_FIELDS, 'zones'].includes(k)) throw new Error(`${where}: unknown field "simulation.${k}"`);
  }
  for (const k of NUMBER_FIELDS) {
    const v = raw[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`${where}: "simulation.${k}" must be a non-negative integer`);
    out[k] = v;
  }
  for (const k of STRING_FIELDS) {
    const v = raw[k];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v === '') throw new Error(`${where}: "simulation.${k}" must be a non-empty string`);
    out[k] = v;
  }
  if (raw.zones !== undefined) {
    if (!Array.isArray(raw.zones) || raw.zones.length === 0 || !raw.zones.every((z) => typeof z === 'string' && z !== '')) {
      throw new Error(`${where}: "simulation.zones" must be a non-empty list of zone names`);
    }
    out.zones = raw.zones as string[];
  }
  return out;
}
