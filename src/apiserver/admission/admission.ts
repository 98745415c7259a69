// The admission chain: per-request mutation and validation between decoding and storage, in Kubernetes' order
// (mutating: defaults, pruning; then validating). Plugins throw ApiError to reject a write.
import type { KubeObject } from '../../common/object.js';
import type { ResourceType } from '../registry/resource-type.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface AdmissionRequest {
  type: ResourceType;
  operation: 'CREATE' | 'UPDATE';
  subresource: string;
  /** The object to be stored; plugins may mutate it. */
  object: KubeObject;
  old?: KubeObject;
  fieldValidation: FieldValidation;
  /** Unknown fields found while decoding (paths like "spec.foo"), reported per fieldValidation. */
  unknownFields: string[];
  /** Keys the request body held twice (paths like "data"). */
  duplicateFields?: string[];
  warnings: string[];
}

export interface AdmissionPlugin {
  readonly name: string;
  mutate?(req: AdmissionRequest): void;
  validate?(req: AdmissionRequest): void;
}

export class AdmissionChain {
  readonly #plugins: AdmissionPlugin[] = [];

  use(p: AdmissionPlugin): void {
    this.#plugins.push(p);
  }

  run(req: AdmissionRequest): void {
    for (const p of this.#plugins) p.mutate?.(req);
    for (const p of this.#plugins) p.validate?.(req);
  }
}
