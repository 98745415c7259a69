// Query options of resource requests, validated as kube-apiserver validates its options objects
// (k8s.io/apimachinery/pkg/apis/meta/internalversion/validation, meta/v1/validation): a bad value is a 422 Invalid
// on the options kind (`CreateOptions.meta.k8s.io "" is invalid: dryRun: ...`), with one cause per field.
import type { StatusCause } from '../../common/object.js';
import type { FieldValidation } from '../admission/admission.js';
import { badRequest, invalid } from '../http/api-error.js';

export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions' | 'DeleteOptions' | 'ListOptions';

const META_GROUP = 'meta.k8s.io';

/** The 422 for an invalid options object. */
export function optionsError(kind: OptionsKind, causes: StatusCause[]): Error {
  return invalid(kind, META_GROUP, '', causes);
}

/** Throws the 422 for an options object when there are causes. */
export function rejectOptions(kind: OptionsKind, causes: StatusCause[]): void {
  if (causes.length) throw optionsError(kind, causes);
}

function quoted(values: string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/** dryRun: every value must be "All" (ValidateDryRun prints the whole list it got). */
export function dryRunCauses(values: string[]): StatusCause[] {
  if (values.every((v) => v === 'All')) return [];
  return [{ reason: 'FieldValueNotSupported', message: `Unsupported value: [${quoted(values)}]: supported values: "All"`, field: 'dryRun' }];
}

export interface ParsedWriteQuery {
  dryRun: boolean;
  fieldValidation: FieldValidation;
}

/** dryRun and fieldValidation of a create, update or patch. */
export function writeQuery(kind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions', q: URLSearchParams): ParsedWriteQuery {
  const dry = q.getAll('dryRun');
  const causes = dryRunCauses(dry);
  const v = q.get('fieldValidation') ?? '';
  if (!['', 'Ignore', 'Strict', 'Warn'].includes(v)) {
    causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(v)}: supported values: "", "Ignore", "Strict", "Warn"`, field: 'fieldValidation' });
  }
  rejectOptions(kind, causes);
  return { dryRun: dry.length > 0, fieldValidation: v === '' ? 'Warn' : (v as FieldValidation) };
}

export interface ParsedListQuery {
  /** 0 = no limit (absent, zero or negative: a negative limit is ignored, as the storage layer does). */
  limit: number;
  resourceVersion: string;
  resourceVersionMatch: string;
  continueToken: string;
  sendInitialEvents?: boolean;
}

/**
 * The options of a list or a watch. Mirrors ValidateListOptions and validateWatchOptions; the resourceVersion must
 * be a number (storage's ParseResourceVersion) whatever the request.
 */
export function listQuery(q: URLSearchParams, watch: boolean): ParsedListQuery {
  const rv = q.get('resourceVersion') ?? '';
  const match = q.get('resourceVersionMatch') ?? '';
  const cont = q.get('continue') ?? '';
  const sie = q.get('sendInitialEvents');
  const sendInitialEvents = sie === null ? undefined : sie === 'true' || sie === '1';
  const causes: StatusCause[] = [];
  const forbidden = (field: string, why: string): void => {
    causes.push({ reason: 'FieldValueForbidden', message: `Forbidden: ${why}`, field });
  };
  if (watch) {
    if (sendInitialEvents !== undefined && match !== 'NotOlderThan') {
      forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
    }
    if (match !== '') {
      if (sendInitialEvents === undefined) forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
      if (match !== 'NotOlderThan') {
        causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(match)}: supported values: "NotOlderThan"`, field: 'resourceVersionMatch' });
      }
      if (cont) forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided');
    }
  } else {
    if (match !== '') {
      if (rv === '') forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided');
      if (cont) forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided');
      if (match !== 'Exact' && match !== 'NotOlderThan') {
        causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan", ""`, field: 'resourceVersionMatch' });
      }
      if (match === 'Exact' && rv === '0') forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    }
    if (sendInitialEvents !== undefined) forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list');
  }
  rejectOptions('ListOptions', causes);
  if (rv !== '' && !/^\d+$/.test(rv)) {
    throw badRequest(`invalid resource version: resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`);
  }
  const limitText = q.get('limit') ?? '';
  const limit = limitText === '' ? 0 : Number(limitText);
  if (!Number.isInteger(limit)) throw badRequest(`limit: Invalid value: ${JSON.stringify(limitText)}`);
  return { limit: limit > 0 ? limit : 0, resourceVersion: rv, resourceVersionMatch: match, continueToken: cont, ...(sendInitialEvents === undefined ? {} : { sendInitialEvents }) };
}
