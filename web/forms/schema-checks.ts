// The checks a generated form makes before sending: required, patterns, lengths, numbers, list items.
// Pure, unit-tested in schema-values.test.ts.

import { allFields, type FieldSpec, type JsonSchema } from './schema-fields';

/** What one input holds: text (also numbers, lists and JSON), a checkbox, or the options ticked. */
export type RawValue = string | boolean | string[];
/** The inputs of a form by field name (leaf fields only). */
export type RawValues = Record<string, RawValue>;

/** The items of a list typed as text: split on commas and new lines, blanks dropped. */
export function parseList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Whether an input holds nothing to send. */
export function isEmpty(value: RawValue | undefined): boolean {
  if (value === undefined) return true;
  if (typeof value === 'boolean') return false;
  if (Array.isArray(value)) return value.length === 0;
  return value.trim() === '';
}

/** A readable rule for a regex pattern, for the common ones zod schemas use here. */
export function describePattern(pattern: string): string {
  const exact = /^\^\\d\{(\d+)\}\$$/.exec(pattern);
  if (exact) return `Must be a ${exact[1]}-digit number`;
  const range = /^\^\\d\{(\d+),(\d+)\}\$$/.exec(pattern);
  if (range) return `Must be a number of ${range[1]} to ${range[2]} digits`;
  return `Does not match the expected format ${pattern}`;
}

function checkString(value: string, schema: JsonSchema): string | undefined {
  if (schema.minLength !== undefined && value.length < schema.minLength)
    return schema.minLength === 1 ? 'Required' : `At least ${schema.minLength} characters`;
  if (schema.maxLength !== undefined && value.length > schema.maxLength)
    return `At most ${schema.maxLength} characters (now ${value.length})`;
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) return describePattern(schema.pattern);
  return undefined;
}

function checkNumber(text: string, spec: FieldSpec): string | undefined {
  const n = Number(text.trim());
  const s = spec.schema;
  if (!Number.isFinite(n)) return 'Must be a number';
  if (spec.kind === 'integer' && !Number.isInteger(n)) return 'Must be a whole number';
  if (s.minimum !== undefined && n < s.minimum) return `Must be at least ${s.minimum}`;
  if (s.maximum !== undefined && n > s.maximum) return `Must be at most ${s.maximum}`;
  if (s.exclusiveMinimum !== undefined && n <= s.exclusiveMinimum)
    return `Must be more than ${s.exclusiveMinimum}`;
  if (s.exclusiveMaximum !== undefined && n >= s.exclusiveMaximum)
    return `Must be less than ${s.exclusiveMaximum}`;
  return undefined;
}

function checkItems(items: string[], schema: JsonSchema): string | undefined {
  if (schema.minItems !== undefined && items.length < schema.minItems)
    return schema.minItems === 1 ? 'Choose at least one' : `At least ${schema.minItems} values`;
  if (schema.maxItems !== undefined && items.length > schema.maxItems)
    return `At most ${schema.maxItems} values`;
  for (const item of items) {
    const problem = schema.items ? checkString(item, schema.items) : undefined;
    if (problem) return `"${item}": ${problem.charAt(0).toLowerCase()}${problem.slice(1)}`;
  }
  return undefined;
}

/** The message for one field's input, or undefined when it may be sent. Empty optional fields pass. */
export function checkField(spec: FieldSpec, value: RawValue | undefined): string | undefined {
  if (isEmpty(value)) return spec.required && spec.kind !== 'const' ? 'Required' : undefined;
  switch (spec.kind) {
    case 'number':
    case 'integer':
      return checkNumber(value as string, spec);
    case 'list':
      return checkItems(parseList(value as string), spec.schema);
    case 'multi':
      return checkItems(value as string[], spec.schema);
    case 'json':
      try {
        JSON.parse(value as string);
        return undefined;
      } catch {
        return 'Must be valid JSON';
      }
    case 'text':
    case 'password':
    case 'textarea':
    case 'select':
      return checkString(spec.kind === 'text' ? (value as string).trim() : (value as string), spec.schema);
    default:
      return undefined;
  }
}

/** The messages of every field that may not be sent yet, by field name. */
export function validate(fields: FieldSpec[], raw: RawValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const spec of allFields(fields)) {
    if (spec.kind === 'group' || spec.kind === 'const') continue;
    const problem = checkField(spec, raw[spec.name]);
    if (problem) errors[spec.name] = problem;
  }
  return errors;
}
