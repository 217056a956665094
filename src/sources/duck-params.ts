import type { DuckDBValue } from '@duckdb/node-api';

/** A value bound to a `$1` / `$name` placeholder. */
export type SqlValue = string | number | boolean | bigint | null;
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

/** Parameters in the shape the binding takes (it wants mutable containers). */
export function bindable(
  params: SqlParams | undefined,
): DuckDBValue[] | Record<string, DuckDBValue> | undefined {
  if (params === undefined) return undefined;
  return Array.isArray(params) ? [...(params as SqlValue[])] : { ...(params as Record<string, SqlValue>) };
}
