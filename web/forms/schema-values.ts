// The values of a generated form: what the inputs hold (strings, booleans, string lists), how they become
// the JSON body the API expects. This module also re-exports the rest of the generator's pure parts
// (labels, checks, issue mapping) so that pages and tests import one module. Pure, unit-tested in schema-values.test.ts.

import { isEmpty, parseList, type RawValue, type RawValues } from './schema-checks';
import { allFields, type FieldSpec } from './schema-fields';

export { titleFromKey, fieldsOf, allFields, mainType } from './schema-fields';
export type { FieldSpec, FieldHints, JsonSchema, Choice, FieldKind } from './schema-fields';
export { checkField, validate, parseList, describePattern, isEmpty } from './schema-checks';
export type { RawValue, RawValues } from './schema-checks';
export { mapIssues, issuesFromMessage, normalizeIssuePath } from './schema-issues';

function at(obj: unknown, path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function rawOf(spec: FieldSpec, value: unknown): RawValue {
  switch (spec.kind) {
    case 'checkbox':
      return value === true;
    case 'multi':
      return Array.isArray(value) ? value.map(String) : [];
    case 'list':
      return Array.isArray(value) ? value.map(String).join(', ') : '';
    case 'json':
      return value === undefined ? '' : JSON.stringify(value, null, 2);
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  }
}

/** The inputs' starting values: the existing object's (when editing), else the schema's defaults. */
export function initialRaw(fields: FieldSpec[], existing?: Record<string, unknown>): RawValues {
  const raw: RawValues = {};
  for (const spec of allFields(fields)) {
    if (spec.kind === 'group' || spec.kind === 'const') continue;
    const value = existing ? at(existing, spec.path) : undefined;
    raw[spec.name] = rawOf(spec, value !== undefined ? value : spec.schema.default);
  }
  return raw;
}

/** Whether a top-level field may be sent empty, to clear what it held (a string or a list with no minimum). */
function clearable(spec: FieldSpec): boolean {
  if (spec.required) return false;
  if (spec.kind === 'list' || spec.kind === 'multi') return !spec.schema.minItems;
  if (spec.kind === 'text' || spec.kind === 'textarea') return !spec.schema.minLength;
  return false;
}

function valueOf(spec: FieldSpec, raw: RawValues, existing: Record<string, unknown> | undefined): unknown {
  if (spec.kind === 'const') return spec.schema.const;
  if (spec.kind === 'group') {
    const obj = objectOf(spec.children ?? [], raw, existing);
    // A nested object (settings) is sent whole; an empty one only when it replaces one that had values.
    if (Object.keys(obj).length > 0 || (existing && at(existing, spec.path) !== undefined)) return obj;
    return undefined;
  }
  const value = raw[spec.name];
  if (typeof value === 'boolean') return value;
  if (isEmpty(value)) {
    // Inside a nested object, leaving a key out clears it (the object is replaced); at the top level
    // (PATCH semantics) only an explicit empty value clears one that was set.
    const had = existing ? at(existing, spec.path) : undefined;
    if (spec.path.length === 1 && had !== undefined && !isEmpty(rawOf(spec, had)) && clearable(spec))
      return spec.kind === 'list' || spec.kind === 'multi' ? [] : '';
    return undefined;
  }
  switch (spec.kind) {
    case 'number':
    case 'integer':
      return Number((value as string).trim());
    case 'list':
      return parseList(value as string);
    case 'multi':
      return value;
    case 'json':
      return JSON.parse(value as string) as unknown;
    case 'text':
      return (value as string).trim();
    default:
      return value;
  }
}

function objectOf(
  fields: FieldSpec[],
  raw: RawValues,
  existing: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (const spec of fields) {
    const value = valueOf(spec, raw, existing);
    if (value !== undefined) obj[spec.key] = value;
  }
  return obj;
}

/**
 * The JSON body for the inputs: only fields that hold a value (no empty optional strings), converted to
 * their schema type. With `existing` (editing), a top-level field that had a value and was emptied is sent
 * empty so that the change is not lost. Call {@link validate} first: JSON fields must parse.
 */
export function toBody(
  fields: FieldSpec[],
  raw: RawValues,
  existing?: Record<string, unknown>,
): Record<string, unknown> {
  return objectOf(fields, raw, existing);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The keys of `body` whose value differs from `before` (the body the unchanged form would send). */
export function changedOnly(
  body: Record<string, unknown>,
  before: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => !sameValue(v, before[k])));
}
