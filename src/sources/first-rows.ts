import { appendChunks } from './append-chunks.js';
import type { Cell } from './chunk.js';
import { describeColumns, subjectOf } from './duck-source.js';
import type { Duck } from './duckdb.js';
import { fromDuckError } from './errors.js';
import { describePostgresColumns, streamPostgres } from './postgres.js';
import { sqlIdent } from './relation.js';
import type { PostgresSource, SourceSpec } from './spec.js';
import { checkedRelationSql, checkSourceQuery } from './statement.js';
import { duckTextSelect } from './text-cast.js';

/** The DuckDB table {@link copyFirstRows} writes. */
export const FIRST_ROWS_TABLE = 'ttads_first_rows';

/** The first rows of a source, copied as text into a DuckDB table. */
export interface FirstRows {
  /** The table (every column VARCHAR, rowid + 1 = the row's number in the source). */
  table: string;
  /** The source's columns, in its order. */
  columns: string[];
  /** The rows as read, in source order. */
  rows: Record<string, Cell>[];
}

/**
 * The query of a PostgreSQL source cut to its first `limit` rows (the server stops reading there when the
 * query allows it).
 */
export function limitedPostgres(spec: PostgresSource, limit: number): PostgresSource {
  return { ...spec, query: `SELECT * FROM (${spec.query}\n) AS ttads_first LIMIT ${limit}` };
}

/**
 * Copies at most the first `limit` rows of any source into a DuckDB table of text columns, reading no
 * more than that (the LIMIT is in the source's own query), with values as a full read would give them
 * (duckTextExpr for files and DuckDB SQL, pgTextExpr for PostgreSQL). Engines can then read the table as
 * their source (`SELECT * FROM <table>`), so a preview applies their rules to exactly these rows.
 * @throws SourceError naming the source when it cannot be read
 */
export async function copyFirstRows(spec: SourceSpec, duck: Duck, limit: number): Promise<FirstRows> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be >= 1, got ${limit}`);
  const table = sqlIdent(FIRST_ROWS_TABLE);
  await duck.run(`DROP TABLE IF EXISTS ${table}`);
  let columns: string[];
  if (spec.kind === 'postgres') {
    // Checked before the LIMIT wraps it, so that a statement of another kind is named as such.
    await checkSourceQuery(spec.query, 'postgres');
    columns = await copyPostgres(limitedPostgres(spec, limit), duck, table);
  } else {
    const found = await describeColumns(spec, { duck });
    columns = found.map((c) => c.name);
    const relation = await checkedRelationSql(spec);
    try {
      await duck.run(
        `CREATE TABLE ${table} AS SELECT ${duckTextSelect(found)} FROM ${relation} AS src LIMIT ${limit}`,
      );
    } catch (error) {
      throw fromDuckError(error, subjectOf(spec));
    }
  }
  const rows = (await duck.run(`SELECT * FROM ${table} ORDER BY rowid`)) as Record<string, Cell>[];
  return { table: FIRST_ROWS_TABLE, columns, rows };
}

async function copyPostgres(spec: PostgresSource, duck: Duck, table: string): Promise<string[]> {
  const names = (await describePostgresColumns(spec)).map((c) => c.name);
  const defs = names.map((name) => `${sqlIdent(name)} VARCHAR`).join(', ');
  await duck.run(`CREATE TABLE ${table} (${defs})`);
  await appendChunks(duck, FIRST_ROWS_TABLE, names, streamPostgres(spec));
  return names;
}
