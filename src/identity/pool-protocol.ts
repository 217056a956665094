import type { WireChunk } from './hash-columns.js';
import type { IdType } from './types.js';

/**
 * One column packed as a single string plus row end offsets: posting one string and one
 * transferable buffer costs a fraction of structured-cloning an array of a million strings.
 */
export interface PackedColumn {
  readonly text: string;
  /** Row i spans text[ends[i - 1] ?? 0, ends[i]). Missing values are empty. */
  readonly ends: Uint32Array;
}

/** What the main thread asks a worker to hash. */
export interface HashRequest {
  readonly id: number;
  readonly rows: number;
  readonly columns: Partial<Record<IdType, PackedColumn>>;
}

/** A worker's answer to one request. */
export type HashReply =
  { readonly id: number; readonly chunk: WireChunk } | { readonly id: number; readonly error: string };

/** Settings every worker starts with. */
export interface WorkerSettings {
  readonly defaultRegion: string;
  readonly idTypes: readonly IdType[];
}

/** Packs rows [start, end) of a column (absent column: all missing). */
export function packColumn(
  values: readonly (string | null | undefined)[] | undefined,
  start: number,
  end: number,
): PackedColumn {
  const ends = new Uint32Array(end - start);
  const parts: string[] = new Array<string>(end - start);
  let total = 0;
  for (let row = start; row < end; row++) {
    const value = values?.[row];
    const text =
      typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
    parts[row - start] = text;
    total += text.length;
    ends[row - start] = total;
  }
  return { text: parts.join(''), ends };
}

/** Reads row `row` of a packed column. */
export function unpackAt(column: PackedColumn, row: number): string {
  return column.text.slice(row === 0 ? 0 : column.ends[row - 1], column.ends[row]);
}

/** Buffers of a wire chunk that can be transferred instead of copied. */
export function transferList(chunk: WireChunk): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const column of Object.values(chunk.columns)) {
    buffers.push(column.hex.buffer as ArrayBuffer, column.status.buffer as ArrayBuffer);
  }
  return buffers;
}
