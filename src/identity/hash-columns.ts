import { hashValue, presentValue, type HashedRow } from './hash-identifier.js';
import { REJECT_REASON, ROW_FIELD } from './id-types.js';
import { phoneRegion, type PhoneRegion } from './phone.js';
import type { HashOptions, IdType, RejectReason } from './types.js';

/**
 * Raw identifiers of many rows, one array per field (all of one length). Columns are far
 * cheaper than row objects to pack and hand to a worker thread.
 */
export interface IdentityColumns {
  readonly email?: readonly (string | null | undefined)[];
  readonly phone?: readonly (string | null | undefined)[];
  readonly idfa?: readonly (string | null | undefined)[];
  readonly aaid?: readonly (string | null | undefined)[];
}

/** Per-row status of a hashed column. */
export const STATUS_OK = 0;
export const STATUS_MISSING = 1;
export const STATUS_REJECTED = 2;

/** Hashes of one column, fixed width so that millions of them are one string, not millions. */
export interface HashedColumn {
  /** Row i's hash is `hex.slice(64 * i, 64 * i + 64)` when `status[i] === STATUS_OK`. */
  readonly hex: string;
  /** STATUS_OK, STATUS_MISSING or STATUS_REJECTED for each row. */
  readonly status: Uint8Array;
}

/** Result of hashing {@link IdentityColumns}: one hashed column per chosen identifier type. */
export interface HashedChunk {
  readonly rows: number;
  readonly columns: Partial<Record<IdType, HashedColumn>>;
}

/** A column on the wire between threads: the hex as latin1 bytes, so both buffers transfer. */
export interface WireColumn {
  readonly hex: Uint8Array;
  readonly status: Uint8Array;
}

/** Wire form of a {@link HashedChunk}. */
export interface WireChunk {
  readonly rows: number;
  readonly columns: Partial<Record<IdType, WireColumn>>;
}

const HEX_WIDTH = 64;

/** Number of rows of a columns object (its longest chosen column). */
export function columnRows(columns: IdentityColumns, idTypes: readonly IdType[]): number {
  let rows = 0;
  for (const type of idTypes) rows = Math.max(rows, columns[ROW_FIELD[type]]?.length ?? 0);
  return rows;
}

/** Hashes one column of raw values (`at(i)` gives row i) into its wire form. */
export function hashColumn(
  type: IdType,
  rows: number,
  at: (row: number) => string | null | undefined,
  region: PhoneRegion,
): WireColumn {
  // Zero-filled, never allocUnsafe: stale memory could hold other customers' data.
  const hex = Buffer.alloc(rows * HEX_WIDTH);
  const status = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    const value = presentValue(at(row));
    if (value === undefined) {
      status[row] = STATUS_MISSING;
      continue;
    }
    const hash = hashValue(type, value, region);
    if (typeof hash === 'string') hex.write(hash, row * HEX_WIDTH, HEX_WIDTH, 'latin1');
    else status[row] = STATUS_REJECTED;
  }
  return { hex: new Uint8Array(hex.buffer, hex.byteOffset, hex.byteLength), status };
}

/** Hashes the chosen identifier columns in the calling thread. */
export function hashColumnsWire(
  columns: IdentityColumns,
  idTypes: readonly IdType[],
  region: PhoneRegion,
): WireChunk {
  const rows = columnRows(columns, idTypes);
  const result: Partial<Record<IdType, WireColumn>> = {};
  for (const type of idTypes) {
    const values = columns[ROW_FIELD[type]];
    result[type] = hashColumn(type, rows, (row) => values?.[row], region);
  }
  return { rows, columns: result };
}

/** Turns a wire chunk into the string form callers use. */
export function fromWire(wire: WireChunk): HashedChunk {
  const columns: Partial<Record<IdType, HashedColumn>> = {};
  for (const [type, column] of Object.entries(wire.columns) as [IdType, WireColumn][]) {
    const bytes = Buffer.from(column.hex.buffer, column.hex.byteOffset, column.hex.byteLength);
    columns[type] = { hex: bytes.toString('latin1'), status: column.status };
  }
  return { rows: wire.rows, columns };
}

/** Hash of row `row` in a hashed column, or undefined when the value was missing or rejected. */
export function hashAt(column: HashedColumn | undefined, row: number): string | undefined {
  if (column?.status[row] !== STATUS_OK) return undefined;
  return column.hex.slice(row * HEX_WIDTH, row * HEX_WIDTH + HEX_WIDTH);
}

/** Row `row` of a hashed chunk in the same shape (and with the same rules) as hashRow(). */
export function rowOf(chunk: HashedChunk, row: number): HashedRow {
  const hashes: Partial<Record<IdType, string>> = {};
  const rejects: RejectReason[] = [];
  let present = 0;
  for (const [type, column] of Object.entries(chunk.columns) as [IdType, HashedColumn][]) {
    const status = column.status[row];
    if (status === STATUS_MISSING) continue;
    present++;
    if (status === STATUS_REJECTED) rejects.push(REJECT_REASON[type]);
    else hashes[type] = column.hex.slice(row * HEX_WIDTH, row * HEX_WIDTH + HEX_WIDTH);
  }
  if (present === 0) rejects.push('no_identifier');
  return { hashes, rejects };
}

/** Hashes identifier columns in the calling thread (what the pool does for small chunks). */
export function hashColumns(
  columns: IdentityColumns,
  idTypes: readonly IdType[],
  opts: HashOptions,
): HashedChunk {
  return fromWire(hashColumnsWire(columns, idTypes, phoneRegion(opts.defaultRegion)));
}
