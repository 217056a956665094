import { DuckDBInstance, type DuckDBBlobValue, type DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartPlanner } from './plan-parts.js';
import { batchBody, batchRecordsSql } from './batch-bodies.js';

const h = (n: number): string => n.toString(16).padStart(64, '0');

let conn: DuckDBConnection;
beforeEach(async () => {
  const db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  for (const t of ['snap', 'uncertain'])
    await conn.run(`CREATE TEMP TABLE ${t}(id_type UTINYINT, hash BLOB)`);
  await conn.run(`CREATE TEMP TABLE desired_pairs(id_type UTINYINT, hash BLOB, rid BIGINT)`);
});
afterEach(() => conn.closeSync());

async function put(table: string, rows: [number, number, number?][]): Promise<void> {
  for (const [t, n, rid] of rows) {
    const cols = rid === undefined ? '' : ', $3';
    await conn.run(
      `INSERT INTO ${table} VALUES ($1, unhex($2)${cols})`,
      rid === undefined ? [t, h(n)] : [t, h(n), rid],
    );
  }
}

async function bodies(op: 'add' | 'delete'): Promise<unknown[]> {
  const r = await conn.runAndReadAll(batchRecordsSql(op, [0, 1]));
  const decoder = new TextDecoder();
  return r.getRows().map(([, rows, recs]) => {
    const body = batchBody((recs as DuckDBBlobValue).bytes, Number(rows), 2, '["A1"]');
    return JSON.parse(decoder.decode(body)) as unknown;
  });
}

/** Plans desired_pairs as one chunk, with the removals. */
async function plan(mode: 'mirror' | 'add-only', batchSize: number): Promise<void> {
  const planner = new PartPlanner(conn, { mode, batchSize, typeCodes: [0, 1] });
  await planner.start();
  await planner.addChunk('desired_pairs', true);
  await planner.planRemovals();
}

describe('plan SQL', () => {
  it('sends only new pairs on the first row holding them, and removes the rest', async () => {
    await put('snap', [
      [0, 1],
      [1, 2],
      [0, 9],
    ]);
    // row 1: email 1 (known) + phone 3 (new phone); row 2: email 4 + phone 3 again
    await put('desired_pairs', [
      [0, 1, 1],
      [1, 3, 1],
      [0, 4, 2],
      [1, 3, 2],
    ]);
    await plan('mirror', 10);
    expect(await bodies('add')).toEqual([
      [
        [{}, { id: h(3), audience_ids: ['A1'] }],
        [{ id: h(4), audience_ids: ['A1'] }, {}],
      ],
    ]);
    expect(await bodies('delete')).toEqual([
      [
        [{ id: h(9), audience_ids: ['A1'] }, {}],
        [{}, { id: h(2), audience_ids: ['A1'] }],
      ],
    ]);
  });

  it('splits batches by size and never removes in add-only mode', async () => {
    await put('snap', [[0, 100]]);
    await put('desired_pairs', [
      [0, 1, 1],
      [0, 2, 2],
      [0, 3, 3],
    ]);
    await plan('add-only', 2);
    const adds = await bodies('add');
    expect(adds.map((b) => (b as unknown[]).length)).toEqual([2, 1]);
    expect(await bodies('delete')).toEqual([]);
  });

  it('resends uncertain pairs in the direction the query wants', async () => {
    // pair 5 was in a batch of a run that died: maybe added, maybe not. Pair 6 maybe removed.
    await put('snap', [
      [0, 6],
      [0, 7],
    ]);
    await put('uncertain', [
      [0, 5],
      [0, 6],
      [0, 8],
    ]);
    await put('desired_pairs', [
      [0, 5, 1],
      [0, 6, 2],
      [0, 7, 3],
    ]);
    await plan('mirror', 10);
    const added = (await bodies('add')).flat() as { id?: string }[][];
    expect(added.map((r) => r[0]!.id)).toEqual([h(5), h(6)]);
    const removed = (await bodies('delete')).flat() as { id?: string }[][];
    expect(removed.map((r) => r[0]!.id)).toEqual([h(8)]);
  });

  it('keeps every wanted pair once in desired_distinct, added or already there, in either mode', async () => {
    for (const mode of ['mirror', 'add-only'] as const) {
      for (const t of ['snap', 'uncertain', 'desired_pairs']) await conn.run(`DELETE FROM ${t}`);
      // 6: acknowledged and uncertain, wanted (sent again); 7: acknowledged, wanted twice; 8: gone; 9: new.
      await put('snap', [
        [0, 6],
        [0, 7],
        [0, 8],
      ]);
      await put('uncertain', [[0, 6]]);
      await put('desired_pairs', [
        [0, 6, 1],
        [0, 7, 1],
        [0, 7, 2],
        [0, 9, 2],
      ]);
      await plan(mode, 10);
      const r = await conn.runAndReadAll(`SELECT lower(hex(hash)) AS h FROM desired_distinct ORDER BY h`);
      expect(r.getRowObjects().map((row) => row.h)).toEqual([h(6), h(7), h(9)]);
      const added = (await bodies('add')).flat() as { id?: string }[][];
      expect(added.map((row) => row[0]!.id)).toEqual([h(6), h(9)]);
    }
  });

  it('removes a pair that is both acknowledged and uncertain once', async () => {
    await put('snap', [
      [0, 6],
      [1, 6],
      [0, 7],
    ]);
    await put('uncertain', [
      [0, 6],
      [0, 8],
    ]);
    await put('desired_pairs', [[0, 7, 1]]);
    await plan('mirror', 10);
    const removed = (await bodies('delete')).flat() as { id?: string }[][];
    expect(removed.map((r) => r[0]!.id ?? r[1]!.id)).toEqual([h(6), h(8), h(6)]);
  });

  it('plans nothing when the query equals the snapshot', async () => {
    await put('snap', [
      [0, 1],
      [1, 2],
    ]);
    await put('desired_pairs', [
      [0, 1, 1],
      [1, 2, 1],
    ]);
    await plan('mirror', 10);
    expect(await bodies('add')).toEqual([]);
    expect(await bodies('delete')).toEqual([]);
  });
});
