import { SourceError } from './errors.js';

/** For each field, the column names that hold it by default, most specific first. */
export type FieldAliases<F extends string> = Readonly<Record<F, readonly string[]>>;
/** Field -> source column name, for the fields that were found. */
export type ColumnMap<F extends string> = Partial<Record<F, string>>;

export interface ResolveOptions<F extends string> {
  /** Explicit field -> column choices (`{ email: 'EmailAddr' }`); they win over aliases and must exist. */
  overrides?: Readonly<Partial<Record<F, string | undefined>>>;
  /** Fields that must end up mapped. */
  required?: readonly F[];
  /** Names the source in error messages (file path, "SQL source"...). */
  source?: string;
}

/** Identifier fields of an audience row. */
export const IDENTIFIER_FIELDS = ['email', 'phone', 'idfa', 'aaid'] as const;
export type IdentifierField = (typeof IDENTIFIER_FIELDS)[number];

/** Common column names for each identifier (matched ignoring case, spaces, dashes and underscores). */
export const IDENTIFIER_ALIASES: FieldAliases<IdentifierField> = {
  email: ['email', 'email_address', 'e_mail', 'mail', 'email_addr'],
  phone: [
    'phone',
    'phone_number',
    'mobile',
    'mobile_phone',
    'mobile_number',
    'msisdn',
    'telephone',
    'tel',
    'cell',
  ],
  idfa: ['idfa', 'ios_ad_id', 'ios_advertising_id', 'ios_idfa'],
  aaid: ['aaid', 'gaid', 'android_ad_id', 'android_advertising_id', 'google_ad_id', 'adid'],
};

/** The comparison key of a column name: `E-Mail Address` and `email_address` are the same column. */
export function columnKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** "Columns found: a, b, c" for error messages, cut short for very wide sources. */
export function listColumns(available: readonly string[]): string {
  if (available.length === 0) return 'The source has no columns.';
  const shown = available.slice(0, 40).join(', ');
  const more = available.length > 40 ? ` and ${available.length - 40} more` : '';
  return `Columns found: ${shown}${more}.`;
}

function findOverride(available: readonly string[], column: string): string | undefined {
  return (
    available.find((c) => c === column) ?? available.find((c) => c.toLowerCase() === column.toLowerCase())
  );
}

function findAlias(
  available: readonly string[],
  field: string,
  aliases: readonly string[],
): string | undefined {
  for (const alias of [field, ...aliases]) {
    const key = columnKey(alias);
    const exact = available.find((c) => c === alias);
    const match = exact ?? available.find((c) => columnKey(c) === key);
    if (match !== undefined) return match;
  }
  return undefined;
}

/**
 * Maps fields to source columns: an explicit override names its column (exact name, else the first
 * case-insensitive match), otherwise the first alias present wins. Used for audience identifiers and
 * for event fields alike.
 * Throws SourceError `column_missing` naming the column (or the accepted names) and listing the
 * columns found when an override's column is absent or a required field cannot be mapped, and
 * `invalid_source` when an override names a field that is not wanted (a typo in a mapping).
 */
export function resolveColumns<F extends string>(
  available: readonly string[],
  wanted: FieldAliases<F>,
  opts: ResolveOptions<F> = {},
): ColumnMap<F> {
  const fields = Object.keys(wanted) as F[];
  const where = opts.source ? ` in ${opts.source}` : '';
  const result: ColumnMap<F> = {};
  for (const field of Object.keys(opts.overrides ?? {})) {
    if (!fields.includes(field as F)) {
      throw new SourceError(
        'invalid_source',
        `Unknown field "${field}" in the column mapping; known fields: ${fields.join(', ')}.`,
      );
    }
  }
  for (const field of fields) {
    const override = opts.overrides?.[field];
    if (override !== undefined && override !== '') {
      const column = findOverride(available, override);
      if (column === undefined) {
        throw new SourceError(
          'column_missing',
          `Column "${override}" (mapped to ${field}) not found${where}. ${listColumns(available)}`,
        );
      }
      result[field] = column;
      continue;
    }
    const column = findAlias(available, field, wanted[field]);
    if (column !== undefined) result[field] = column;
  }
  for (const field of opts.required ?? []) {
    if (result[field] === undefined) {
      const accepted = [...new Set([field, ...wanted[field]])].join(', ');
      throw new SourceError(
        'column_missing',
        `No column for ${field}${where}: expected one of ${accepted}, or map it explicitly. ${listColumns(available)}`,
      );
    }
  }
  return result;
}

/**
 * Finds the identifier columns of an audience source. With `require: 'any'` (the default) at least
 * one identifier must be present; a list requires each of those fields.
 */
export function resolveIdentifierColumns(
  available: readonly string[],
  opts: Omit<ResolveOptions<IdentifierField>, 'required'> & {
    require?: 'any' | readonly IdentifierField[];
  } = {},
): ColumnMap<IdentifierField> {
  const required = opts.require === 'any' || opts.require === undefined ? [] : opts.require;
  const map = resolveColumns(available, IDENTIFIER_ALIASES, { ...opts, required });
  if (Object.keys(map).length === 0) {
    const where = opts.source ? ` in ${opts.source}` : '';
    const accepted = IDENTIFIER_FIELDS.map((f) => IDENTIFIER_ALIASES[f].join('/')).join('; ');
    throw new SourceError(
      'column_missing',
      `No identifier column${where}: expected one of ${accepted}, or map one explicitly. ${listColumns(available)}`,
    );
  }
  return map;
}
