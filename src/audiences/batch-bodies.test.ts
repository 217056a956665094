import { DuckDBInstance, type DuckDBBlobValue, type DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchBody, batchRecordsSql } from './batch-bodies.js';

const h = (n: number): string => n.toString(16).padStart(64, '0');
const ABSENT = '-'.repeat(64);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const records = (...recs: [number, ...(string | null)[]][]): Uint8Array =>
  new TextEncoder().encode(
    recs
      .map(([pos, ...hashes]) => String(pos).padStart(5, '0') + hashes.map((x) => x ?? ABSENT).join(''))
      .join(''),
  );
const cell = (hash: string) => ({ id: hash, audience_ids: ['7001'] });

describe('batchBody', () => {
  it('writes the rows in position order whatever the records order, {} for a missing identifier', () => {
    const recs = records([2, h(5), h(6)], [0, h(1), null], [1, null, h(4)]);
    const body = text(batchBody(recs, 3, 2, '["7001"]'));
    expect(JSON.parse(body)).toEqual([
      [cell(h(1)), {}],
      [{}, cell(h(4))],
      [cell(h(5)), cell(h(6))],
    ]);
    // Exactly the JSON.stringify of the same value: no spaces, nothing TikTok would parse differently.
    expect(body).toBe(JSON.stringify(JSON.parse(body)));
  });

  it('refuses records that do not hold each position once', () => {
    expect(() => batchBody(records([0, h(1)], [0, h(2)]), 2, 1, '["1"]')).toThrow(/position 0 twice/);
    expect(() => batchBody(records([0, h(1)], [2, h(2)]), 2, 1, '["1"]')).toThrow(/out of 0\.\.1/);
    expect(() => batchBody(records([0, h(1)]), 2, 1, '["1"]')).toThrow(/2 rows came with 69 bytes/);
  });
});

describe('batchRecordsSql', () => {
  let conn: DuckDBConnection;
  beforeEach(async () => {
    conn = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterEach(() => conn.closeSync());

  const bodies = async (sql: string, types: number): Promise<[number, unknown][]> => {
    const r = await conn.runAndReadAll(sql);
    return r
      .getRows()
      .map(([batch, rows, recs]) => [
        Number(batch),
        JSON.parse(text(batchBody((recs as DuckDBBlobValue).bytes, Number(rows), types, '["7001"]'))),
      ]);
  };

  it('gives add batches their rows by position, and only the batches asked for', async () => {
    await conn.run(`CREATE TABLE add_rows (batch_no BIGINT, pos UINTEGER, rid BIGINT, t0 BLOB, t1 BLOB)`);
    // Inserted out of order: the position, not the table's order, places a row.
    await conn.run(`INSERT INTO add_rows VALUES
      (0, 1, 9, unhex('${h(9)}'), NULL), (0, 0, 2, unhex('${h(2)}'), unhex('${h(20)}')),
      (1, 0, 12, NULL, unhex('${h(12)}')), (2, 0, 30, unhex('${h(30)}'), NULL)`);
    expect(await bodies(batchRecordsSql('add', [0, 1], { from: 0, to: 1 }), 2)).toEqual([
      [
        0,
        [
          [cell(h(2)), cell(h(20))],
          [cell(h(9)), {}],
        ],
      ],
      [1, [[{}, cell(h(12))]]],
    ]);
  });

  it('gives removals one identifier a row, in the column of its type', async () => {
    await conn.run(`CREATE TABLE remove_rows (batch_no BIGINT, pos UINTEGER, id_type UTINYINT, hash BLOB)`);
    await conn.run(`INSERT INTO remove_rows VALUES
      (0, 2, 1, unhex('${h(3)}')), (0, 1, 0, unhex('${h(7)}')), (0, 0, 0, unhex('${h(4)}'))`);
    expect(await bodies(batchRecordsSql('delete', [0, 1]), 2)).toEqual([
      [
        0,
        [
          [cell(h(4)), {}],
          [cell(h(7)), {}],
          [{}, cell(h(3))],
        ],
      ],
    ]);
  });
});
