/** One cell as sources deliver it: text, or null for SQL NULL (an empty CSV cell is NULL too). */
export type Cell = string | null;

/**
 * A block of rows, column by column: `columns[name][i]` is row i. Columnar because building one
 * object per row is the slow part of moving millions of rows from DuckDB into JavaScript.
 * Every array has `rowCount` entries; keys follow the order of the selected columns.
 */
export interface Chunk {
  rowCount: number;
  columns: Record<string, Cell[]>;
}

/** Options shared by every source reader. */
export interface StreamOptions {
  /** Source columns to read, by their exact names; all columns when omitted. */
  columns?: readonly string[];
  /** Rows per chunk (the last chunk may be shorter). Default 50,000. */
  chunkRows?: number;
}

export const DEFAULT_CHUNK_ROWS = 50_000;

/** The chunk size to use, refusing values that would loop forever or allocate absurdly. */
export function chunkRowsOf(opts: { chunkRows?: number }): number {
  const rows = opts.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!Number.isInteger(rows) || rows < 1)
    throw new RangeError(`chunkRows must be a positive integer, got ${rows}`);
  return rows;
}

/** Builds a chunk from column arrays of equal length. */
export function makeChunk(names: readonly string[], arrays: readonly Cell[][], rowCount: number): Chunk {
  const columns: Record<string, Cell[]> = {};
  names.forEach((name, i) => {
    columns[name] = arrays[i] ?? [];
  });
  return { rowCount, columns };
}

/** Row i of a chunk as an object; for tests and small outputs, not for hot loops. */
export function chunkRow(chunk: Chunk, index: number): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  for (const [name, values] of Object.entries(chunk.columns)) row[name] = values[index] ?? null;
  return row;
}

/** Collects a whole stream into row objects; for tests and small sources only. */
export async function collectRows(chunks: AsyncIterable<Chunk>): Promise<Record<string, Cell>[]> {
  const rows: Record<string, Cell>[] = [];
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.rowCount; i++) rows.push(chunkRow(chunk, i));
  }
  return rows;
}
