import { sqlIdent } from './relation.js';

/** A source column as DuckDB or PostgreSQL describes it. */
export interface ColumnInfo {
  name: string;
  /** The engine's type name, e.g. VARCHAR, BIGINT, TIMESTAMP WITH TIME ZONE (DuckDB) or timestamptz (PostgreSQL). */
  type: string;
}

/**
 * DuckDB SQL turning one column into the text JavaScript receives. Everything arrives as a string
 * (or null) so that consumers see one predictable shape whatever the file format guessed:
 * - text as is; numbers and booleans in DuckDB's text form (`12`, `1.5`, `12.50`, `true`);
 * - dates as `YYYY-MM-DD`;
 * - timestamps as ISO 8601 in UTC, `2024-05-01T10:00:00Z` or with a fraction (`...:00.25Z`); a
 *   timestamp without a zone is taken to be UTC. Requires the session TimeZone to be UTC (openDuck sets it).
 */
export function duckTextExpr(column: ColumnInfo): string {
  const ref = sqlIdent(column.name);
  const type = column.type.toUpperCase();
  if (type === 'VARCHAR') return ref;
  if (type === 'TIMESTAMP WITH TIME ZONE' || type === 'TIMESTAMPTZ') {
    return isoWhenFinite(ref, `replace(replace(CAST(${ref} AS VARCHAR), ' ', 'T'), '+00', 'Z')`);
  }
  if (/^TIMESTAMP(_S|_MS|_NS)?$/.test(type)) {
    return isoWhenFinite(ref, `replace(CAST(${ref} AS VARCHAR), ' ', 'T') || 'Z'`);
  }
  return `CAST(${ref} AS VARCHAR)`;
}

function isoWhenFinite(ref: string, iso: string): string {
  return `CASE WHEN isfinite(${ref}) THEN ${iso} ELSE CAST(${ref} AS VARCHAR) END`;
}

/** A select list casting each column to text under its own name. */
export function duckTextSelect(columns: readonly ColumnInfo[]): string {
  return columns.map((column) => `${duckTextExpr(column)} AS ${sqlIdent(column.name)}`).join(', ');
}
