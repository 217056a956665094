/**
 * The `batch_data` of segment/mapping requests, built from a plan's tables (plan-sql.ts): DuckDB gives each
 * batch's hashes as one block of fixed-width records, and JavaScript writes the JSON around them.
 *
 * DuckDB built the whole JSON text before, with string_agg(... ORDER BY ...): that aggregate sorted the
 * rows' long strings and cost a 1M-row sync ~2.5 CPU s (a quarter of its CPU) for ~200 MB of JSON. Here
 * the aggregate is unordered: each record starts with the row's position in its batch, numbered when the
 * batch was planned (its rank by `rid` for adds, by id type and hash for removals: the order refused.ts maps
 * TikTok's refused indexes back by), so the body is written in that order without sorting (docs/benchmarks.md, "Memory and request bodies").
 */

import { assertCodes, int } from './plan-sql.js';

/** Digits of a record's position: a batch holds at most 100,000 rows (options.ts). */
const POSITION_DIGITS = 5;
/** A SHA-256 in hex. */
const HEX = 64;
/** Stands for a row without an identifier of that type: never hex. */
const ABSENT_CHAR = '-';
const ABSENT = ABSENT_CHAR.charCodeAt(0);

/**
 * SQL giving one row per batch of a plan direction: `batch_no`, `row_count` and `recs` (BLOB), the batch's
 * records in no particular order, each the row's `pos` (5 digits) then one 64-character lowercase hex hash
 * per type of `typeCodes` ('-' x 64 where the row has none). Expects `add_rows` (batch_no, pos, t0..) or
 * `remove_rows` (batch_no, pos, id_type, hash) as plan-sql.ts makes them. Read with {@link batchBody}.
 */
export function batchRecordsSql(
  op: 'add' | 'delete',
  typeCodes: readonly number[],
  range?: { from: number; to: number },
): string {
  assertCodes(typeCodes);
  const where = range ? `WHERE batch_no BETWEEN ${int(range.from)} AND ${int(range.to)}` : '';
  const absent = `'${ABSENT_CHAR.repeat(HEX)}'`;
  const hex = (col: string): string => `coalesce(lower(hex(${col})), ${absent})`;
  const [cells, table] =
    op === 'add'
      ? [typeCodes.map((_, i) => hex(`t${i}`)), 'add_rows']
      : [
          typeCodes.map((code) => `CASE WHEN id_type = ${code} THEN ${hex('hash')} ELSE ${absent} END`),
          'remove_rows',
        ];
  return `SELECT batch_no, count(*) AS row_count,
            encode(string_agg(concat(lpad(pos::VARCHAR, ${POSITION_DIGITS}, '0'), ${cells.join(', ')}), '')) AS recs
          FROM ${table} ${where}
          GROUP BY batch_no ORDER BY batch_no`;
}

const encoder = new TextEncoder();
const OPEN = encoder.encode('{"id":"');

/**
 * The JSON text of `batch_data` for one batch, from its records (see {@link batchRecordsSql}): one array per
 * row in position order, holding per type `{"id":"<hash>","audience_ids":<audienceIdsJson>}`, or `{}`.
 * @param audienceIdsJson the audience ids as a JSON array (digits only).
 * @throws Error when the records do not hold each position from 0 to rows - 1 once.
 */
export function batchBody(
  recs: Uint8Array,
  rows: number,
  types: number,
  audienceIdsJson: string,
): Uint8Array {
  const width = POSITION_DIGITS + HEX * types;
  if (recs.length !== rows * width)
    throw new Error(`a batch of ${rows} rows came with ${recs.length} bytes of records, not ${rows * width}`);
  const starts = new Int32Array(rows).fill(-1);
  for (let offset = 0; offset < recs.length; offset += width) {
    let position = 0;
    for (let d = 0; d < POSITION_DIGITS; d++) position = position * 10 + recs[offset + d]! - 48;
    if (!(position >= 0 && position < rows) || starts[position] !== -1)
      throw new Error(`a batch's records hold position ${position} twice or out of 0..${rows - 1}`);
    starts[position] = offset + POSITION_DIGITS;
  }
  const close = encoder.encode(`","audience_ids":${audienceIdsJson}}`);
  const cell = OPEN.length + HEX + close.length;
  const template = new Uint8Array(cell);
  template.set(OPEN, 0);
  template.set(close, OPEN.length + HEX);
  // '[' rows ']' with ',' between rows; a row is '[' cells ']' with ',' between cells.
  const out = new Uint8Array(2 + rows * (3 + types * (cell + 1)));
  let o = 0;
  out[o++] = 0x5b;
  for (let row = 0; row < rows; row++) {
    if (row > 0) out[o++] = 0x2c;
    out[o++] = 0x5b;
    for (let t = 0; t < types; t++) {
      if (t > 0) out[o++] = 0x2c;
      const at = starts[row]! + t * HEX;
      if (recs[at] === ABSENT) {
        out[o++] = 0x7b;
        out[o++] = 0x7d;
        continue;
      }
      out.set(template, o);
      out.set(recs.subarray(at, at + HEX), o + OPEN.length);
      o += cell;
    }
    out[o++] = 0x5d;
  }
  out[o++] = 0x5d;
  return out.subarray(0, o);
}
