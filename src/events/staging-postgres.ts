import { sqlIdent, streamSource, type Duck, type PostgresSource } from '../sources/index.js';

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
  const appender = await duck.connection.createAppender(TABLE);
  try {
    for await (const chunk of streamSource(spec, { columns })) {
      const arrays = columns.map((name) => chunk.columns[name] ?? []);
      for (let r = 0; r < chunk.rowCount; r++) {
        for (const values of arrays) {
          const value = values[r];
          if (value === null || value === undefined) appender.appendNull();
          else appender.appendVarchar(value);
        }
        appender.endRow();
      }
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return TABLE;
}
