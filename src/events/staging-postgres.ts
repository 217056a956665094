import { appendChunks, sqlIdent, streamSource, type Duck, type PostgresSource } from '../sources/index.js';

const TABLE = 'ttads_pg_rows';

/**
 * Copies the given columns of a PostgreSQL query into a DuckDB table (`c0`, `c1`... as text, in the
 * order the server returns rows), so that PostgreSQL sources are numbered, sorted and read like files.
 * Returns the table name.
 */
export async function copyPostgresIntoDuck(
  spec: PostgresSource,
  duck: Duck,
  columns: readonly string[],
): Promise<string> {
  const defs = columns.map((_, i) => `${sqlIdent(`c${i}`)} VARCHAR`).join(', ');
  await duck.run(`DROP TABLE IF EXISTS ${TABLE}`);
  await duck.run(`CREATE TABLE ${TABLE} (${defs})`);
  await appendChunks(duck, TABLE, columns, streamSource(spec, { columns }));
  return TABLE;
}
