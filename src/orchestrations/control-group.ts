import {
  checkedRelationSql,
  describePostgresColumns,
  resolveIdentifierColumns,
  sourceAccess,
  SourceError,
  sourceRelationSql,
  sqlIdent,
  sqlString,
  withDuck,
  type SourceSpec,
} from '../sources/index.js';

/*
 * The control group of a campaign is drawn in SQL, in the engine that runs the audience query (DuckDB, or
 * PostgreSQL for pg: sources), so that members never reach the sender:
 *
 *   bucket(row) = first 32 bits of md5(seed || ':' || key type || ':' || key), as an integer, mod 10,000
 *   in the control group  <=>  bucket < percent * 100
 *
 * The key is the normalised email (trimmed, lower-cased), else the phone's digits, else nothing (a row without
 * either is never held out; it has no identifier to send anyway), or the value of `keyColumn` when set. md5
 * gives the same bucket in DuckDB and PostgreSQL, so the draw depends only on the seed and the person: the same
 * people are held out at every run, and a person keeps their group when the audience query changes.
 */

/** How a campaign's control group is drawn. */
export interface ControlGroupSpec {
  /** 0 to 50. */
  percent: number;
  seed: string;
  /** Column deciding membership; null: normalised email, else phone digits. */
  keyColumn: string | null;
}

/** The SQL dialect of the engine that runs the source query. */
export type Dialect = 'duckdb' | 'postgres';

/** SQL expressions (over the relation aliased `src`) of a row's control-group key. */
export interface ControlKey {
  /** 'EMAIL', 'PHONE' or 'KEY'; NULL when the row has no key. */
  typeSql: string;
  /** The normalised key; NULL when the row has none. */
  valueSql: string;
  /** What the key is read from, for reports. */
  columns: string[];
}

function text(dialect: Dialect, column: string): string {
  const ref = `src.${sqlIdent(column)}`;
  return dialect === 'duckdb' ? `CAST(${ref} AS VARCHAR)` : `${ref}::text`;
}

/**
 * The key of each row, from the source's column names: `keyColumn` when given (it must exist), else the
 * email and/or phone column (found as the audience engine finds them, `columns` overrides included).
 * @throws SourceError `column_missing`
 */
export function controlKey(
  dialect: Dialect,
  available: readonly string[],
  keyColumn: string | null,
  columns: Record<string, string> = {},
): ControlKey {
  if (keyColumn) {
    const found =
      available.find((c) => c === keyColumn) ??
      available.find((c) => c.toLowerCase() === keyColumn.toLowerCase());
    if (!found) {
      throw new SourceError(
        'column_missing',
        `The control group key column "${keyColumn}" is not in the audience query; columns found: ${available.join(', ')}.`,
      );
    }
    const value = `nullif(trim(${text(dialect, found)}), '')`;
    return { typeSql: `CASE WHEN ${value} IS NOT NULL THEN 'KEY' END`, valueSql: value, columns: [found] };
  }
  const map = resolveIdentifierColumns(available, { overrides: columns, source: 'the audience query' });
  const email = map.email ? `nullif(lower(trim(${text(dialect, map.email)})), '')` : undefined;
  const phone = map.phone
    ? `nullif(regexp_replace(${text(dialect, map.phone)}, '[^0-9]', '', 'g'), '')`
    : undefined;
  if (!email && !phone) {
    throw new SourceError(
      'column_missing',
      'The control group needs an email or phone column in the audience query, or a control group key column.',
    );
  }
  const parts: [string, string][] = [];
  if (email) parts.push(['EMAIL', email]);
  if (phone) parts.push(['PHONE', phone]);
  return {
    typeSql: `CASE ${parts.map(([t, v]) => `WHEN ${v} IS NOT NULL THEN '${t}'`).join(' ')} END`,
    valueSql: parts.length === 1 ? parts[0]![1] : `coalesce(${parts.map(([, v]) => v).join(', ')})`,
    columns: [map.email, map.phone].filter((c): c is string => c !== undefined),
  };
}

/** The row's bucket, 0 to 9,999 (NULL without a key). */
export function bucketSql(dialect: Dialect, key: ControlKey, seed: string): string {
  const digest = `md5(${sqlString(seed)} || ':' || ${key.typeSql} || ':' || ${key.valueSql})`;
  const int =
    dialect === 'duckdb'
      ? `('0x' || substr(${digest}, 1, 8))::BIGINT`
      : `('x' || substr(${digest}, 1, 8))::bit(32)::bigint`;
  return `(${int} % 10000)`;
}

/** True for rows of the control group, false for every other row (a row without a key included). */
export function inControlSql(dialect: Dialect, key: ControlKey, spec: ControlGroupSpec): string {
  const bp = Math.round(spec.percent * 100);
  if (bp <= 0) return 'false';
  return `coalesce(${bucketSql(dialect, key, spec.seed)} < ${bp}, false)`;
}

/** The query text of a source as a subquery of its engine. */
export function relationOf(spec: SourceSpec): string {
  return spec.kind === 'postgres' ? `(${spec.query.trim().replace(/;\s*$/, '')}\n)` : sourceRelationSql(spec);
}

/**
 * The source without its control group: `SELECT * FROM (<query>) AS src WHERE NOT (<in control>)`, in the
 * source's own engine. A file becomes DuckDB SQL over that file.
 */
export function excludeControlGroup(spec: SourceSpec, key: ControlKey, group: ControlGroupSpec): SourceSpec {
  const dialect: Dialect = spec.kind === 'postgres' ? 'postgres' : 'duckdb';
  const query = `SELECT src.* FROM ${relationOf(spec)} AS src WHERE NOT ${inControlSql(dialect, key, group)}`;
  return spec.kind === 'postgres' ? { ...spec, query } : { kind: 'sql', query };
}

/** DuckDB SQL giving the SHA-256 recorded for a held-out key (as TikTok would receive an email or phone). */
export function heldOutHashSql(typeRef: string, valueRef: string): string {
  return `CASE
    WHEN ${typeRef} = 'EMAIL' AND regexp_full_match(${valueRef}, '[0-9a-f]{64}') THEN ${valueRef}
    WHEN ${typeRef} = 'PHONE' THEN sha256('+' || ${valueRef})
    ELSE sha256(${valueRef}) END`;
}

/** The column names of any source, without reading its rows. */
export async function sourceColumnNames(
  spec: SourceSpec,
  sourceRoots?: readonly string[],
): Promise<string[]> {
  if (spec.kind === 'postgres') return (await describePostgresColumns(spec)).map((c) => c.name);
  const relation = await checkedRelationSql(spec);
  return withDuck(
    async (duck) => (await duck.describe(`SELECT * FROM ${relation} AS src`)).map((c) => c.name),
    sourceAccess(sourceRoots),
  );
}

/** The control key of a source, in its engine's dialect. */
export async function sourceControlKey(
  spec: SourceSpec,
  group: ControlGroupSpec,
  columns: Record<string, string> = {},
  sourceRoots?: readonly string[],
): Promise<ControlKey> {
  const dialect: Dialect = spec.kind === 'postgres' ? 'postgres' : 'duckdb';
  return controlKey(dialect, await sourceColumnNames(spec, sourceRoots), group.keyColumn, columns);
}
