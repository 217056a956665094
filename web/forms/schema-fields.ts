// Turns a JSON Schema (2020-12, as zod's toJSONSchema writes it) into a list of form fields. Pure: no React,
// so that it can be unit-tested and shared by every generated form.

/** The parts of JSON Schema the form generator understands. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: unknown;
}

/** How a field is edited. `list` is free text split on commas/new lines; `multi` is a checkbox per option. */
export type FieldKind =
  | 'text'
  | 'password'
  | 'textarea'
  | 'select'
  | 'number'
  | 'integer'
  | 'checkbox'
  | 'list'
  | 'multi'
  | 'group'
  | 'const'
  | 'json';

export interface Choice {
  value: string;
  label: string;
}

/** One field of a generated form; `name` is its dotted path (`settings.advertiserId`). */
export interface FieldSpec {
  name: string;
  path: string[];
  key: string;
  label: string;
  kind: FieldKind;
  schema: JsonSchema;
  required: boolean;
  help?: string;
  options?: Choice[];
  children?: FieldSpec[];
}

/** What a page adds to a schema: labels, help texts and choices by field name; fields to leave out. */
export interface FieldHints {
  labels?: Record<string, string>;
  help?: Record<string, string>;
  choices?: Record<string, Choice[]>;
  exclude?: string[];
}

// Words written in capitals in labels (the brief: "advertiserId" -> "Advertiser ID").
const ACRONYMS = new Set([
  'id',
  'ids',
  'url',
  'uri',
  'sql',
  'api',
  'aaid',
  'idfa',
  'csv',
  'json',
  'utc',
  'http',
]);

/** A human label from a property key: `advertiserId` -> "Advertiser ID", `user_id_types` -> "User ID types". */
export function titleFromKey(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => {
      const lower = w.toLowerCase();
      if (lower === 'ids') return 'IDs';
      return ACRONYMS.has(lower) ? lower.toUpperCase() : lower;
    });
  if (words[0] && words[0] === words[0].toLowerCase()) {
    words[0] = words[0].charAt(0).toUpperCase() + words[0].slice(1);
  }
  return words.join(' ');
}

/** The schema's main type (`["string","null"]` -> "string"). */
export function mainType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  return schema.type;
}

function kindOf(key: string, schema: JsonSchema, hasChoices: boolean): FieldKind {
  if (schema.const !== undefined) return 'const';
  const type = mainType(schema);
  if (hasChoices) return 'select';
  switch (type) {
    case 'boolean':
      return 'checkbox';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'array':
      if (schema.items && mainType(schema.items) === 'string') return schema.items.enum ? 'multi' : 'list';
      return 'json';
    case 'object':
      return schema.properties ? 'group' : 'json';
    case 'string':
      if (schema.enum) return 'select';
      if (/secret|password/i.test(key)) return 'password';
      // Long free text (SQL, descriptions) gets room to breathe.
      if ((schema.maxLength ?? 0) >= 500 || /sql|query/i.test(key)) return 'textarea';
      return 'text';
    default:
      return 'json';
  }
}

/** The fields of an object schema, in the schema's order, nested objects as groups. */
export function fieldsOf(schema: JsonSchema, hints: FieldHints = {}, prefix: string[] = []): FieldSpec[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([key, prop]): FieldSpec[] => {
    const path = [...prefix, key];
    const name = path.join('.');
    if (hints.exclude?.includes(name)) return [];
    const choices = hints.choices?.[name];
    const kind = kindOf(key, prop, choices !== undefined);
    const options = choices ?? (kind === 'select' || kind === 'multi' ? enumChoices(prop) : undefined);
    const help = hints.help?.[name] ?? prop.description;
    return [
      {
        name,
        path,
        key,
        label: hints.labels?.[name] ?? titleFromKey(key),
        kind,
        schema: prop,
        required: required.has(key),
        ...(help ? { help } : {}),
        ...(options ? { options } : {}),
        ...(kind === 'group' ? { children: fieldsOf(prop, hints, path) } : {}),
      },
    ];
  });
}

function enumChoices(schema: JsonSchema): Choice[] {
  const values = schema.enum ?? schema.items?.enum ?? [];
  return values.map((v) => ({ value: String(v), label: String(v) }));
}

/** Every field, groups and their children, flattened (for lookups by name). */
export function allFields(fields: FieldSpec[]): FieldSpec[] {
  return fields.flatMap((f) => [f, ...allFields(f.children ?? [])]);
}
