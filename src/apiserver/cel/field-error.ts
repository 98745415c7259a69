// Kubernetes field errors (k8s.io/apimachinery/pkg/util/validation/field): a path such as `spec.items[0].name` and a
// body such as `Invalid value: "object": <detail>`. A 422 Status carries them as causes {reason, message, field} and
// kubectl prints `<field>: <message>`.
import type { StatusCause } from '../../common/object.js';

/** field.Path: the root is rendered `<nil>`, as kube-apiserver does for rules on a CRD schema's root. */
export class FieldPath {
  private constructor(private readonly rendered: string | undefined) {}

  static root(): FieldPath {
    return new FieldPath(undefined);
  }

  static of(text: string): FieldPath {
    return new FieldPath(text === '' ? undefined : text);
  }

  child(name: string): FieldPath {
    return new FieldPath(this.rendered === undefined ? name : `${this.rendered}.${name}`);
  }

  index(i: number): FieldPath {
    return new FieldPath(`${this.rendered ?? ''}[${i}]`);
  }

  key(k: string): FieldPath {
    return new FieldPath(`${this.rendered ?? ''}[${k}]`);
  }

  toString(): string {
    return this.rendered ?? '<nil>';
  }
}

export type FieldErrorReason = 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';

/**
 * A StatusCause like field.Error's: Invalid and Duplicate quote the offending value (for CEL rules, the schema type
 * name), Forbidden and Required carry only the detail. Duplicate has no detail.
 */
export function fieldError(reason: FieldErrorReason, path: FieldPath, value: string, detail: string): StatusCause {
  let message: string;
  switch (reason) {
    case 'FieldValueForbidden':
      message = `Forbidden: ${detail}`;
      break;
    case 'FieldValueRequired':
      message = `Required value: ${detail}`;
      break;
    case 'FieldValueDuplicate':
      message = `Duplicate value: ${JSON.stringify(value)}`;
      break;
    default:
      message = `Invalid value: ${JSON.stringify(value)}: ${detail}`;
  }
  return { reason, message, field: path.toString() };
}
