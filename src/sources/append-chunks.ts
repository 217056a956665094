import type { Chunk } from './chunk.js';
import type { Duck } from './duckdb.js';

/**
 * Appends streamed chunks to an existing DuckDB table of VARCHAR columns, `columns` (source names) in the
 * table's column order: how PostgreSQL rows are brought into DuckDB to be read like files.
 */
export async function appendChunks(
  duck: Duck,
  table: string,
  columns: readonly string[],
  chunks: AsyncIterable<Chunk>,
): Promise<void> {
  const appender = await duck.connection.createAppender(table);
  try {
    for await (const chunk of chunks) {
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
}
