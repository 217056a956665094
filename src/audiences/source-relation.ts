import type { Duck } from '../sources/index.js';
import {
  checkedRelationSql,
  describePostgresColumns,
  resolveIdentifierColumns,
  sourceLabel,
  sqlIdent,
  streamPostgres,
  type ColumnMap,
  type IdentifierField,
  type SourceSpec,
} from '../sources/index.js';

/** A source as DuckDB can read it, with the identifier columns it maps to. */
export interface AudienceRelation {
  relationSql: string;
  columns: ColumnMap<IdentifierField>;
}

/**
 * Makes any source readable by DuckDB. Files and SQL over files are read in place. A PostgreSQL query is
 * streamed (cursor) into a DuckDB table of text columns first, since DuckDB cannot load its PostgreSQL
 * extension here; only the identifier columns travel.
 */
export async function audienceRelation(
  duck: Duck,
  spec: SourceSpec,
  overrides: Record<string, string>,
): Promise<AudienceRelation> {
  const source = sourceLabel(spec);
  if (spec.kind !== 'postgres') {
    const relationSql = await checkedRelationSql(spec);
    const names = (await duck.describe(`SELECT * FROM ${relationSql} AS src`)).map((c) => c.name);
    return { relationSql, columns: resolveIdentifierColumns(names, { overrides, source }) };
  }
  const names = (await describePostgresColumns(spec)).map((c) => c.name);
  const columns = resolveIdentifierColumns(names, { overrides, source });
  const picked = Object.values(columns);
  await duck.run(
    `CREATE OR REPLACE TABLE pg_source (${picked.map((c) => `${sqlIdent(c)} VARCHAR`).join(', ')})`,
  );
  const appender = await duck.connection.createAppender('pg_source');
  try {
    for await (const chunk of streamPostgres(spec, { columns: picked })) {
      for (let i = 0; i < chunk.rowCount; i++) {
        for (const name of picked) {
          const value = chunk.columns[name]?.[i] ?? null;
          if (value === null) appender.appendNull();
          else appender.appendVarchar(value);
        }
        appender.endRow();
      }
      appender.flushSync();
    }
  } finally {
    appender.closeSync();
  }
  return { relationSql: 'pg_source', columns };
}
