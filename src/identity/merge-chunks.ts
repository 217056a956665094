import type { HashedChunk, HashedColumn } from './hash-columns.js';
import type { IdType } from './types.js';

/** Joins consecutive hashed chunks (same columns) back into one, rows in order. */
export function mergeChunks(chunks: readonly HashedChunk[]): HashedChunk {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const rows = chunks.reduce((sum, chunk) => sum + chunk.rows, 0);
  const columns: Partial<Record<IdType, HashedColumn>> = {};
  for (const type of Object.keys(chunks[0]?.columns ?? {}) as IdType[]) {
    const status = new Uint8Array(rows);
    const hex: string[] = [];
    let offset = 0;
    for (const chunk of chunks) {
      const column = chunk.columns[type];
      if (!column) throw new Error(`mergeChunks: column ${type} missing from a chunk`);
      status.set(column.status, offset);
      hex.push(column.hex);
      offset += chunk.rows;
    }
    columns[type] = { hex: hex.join(''), status };
  }
  return { rows, columns };
}
