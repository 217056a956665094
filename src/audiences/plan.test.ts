import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computePlan, writePlanFile } from './plan.js';

const h = (n: number): string => n.toString(16).padStart(64, '0');

let conn: DuckDBConnection;
let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ttads-plan-'));
  const db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  for (const t of ['snap', 'uncertain']) await conn.run(`CREATE TABLE ${t}(id_type UTINYINT, hash BLOB)`);
  await conn.run(`CREATE TABLE desired_pairs(id_type UTINYINT, hash BLOB, rid BIGINT)`);
});
afterEach(() => {
  conn.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

async function put(table: string, rows: [number, number, number?][]): Promise<void> {
  for (const [t, n, rid] of rows)
    await conn.run(
      `INSERT INTO ${table} VALUES ($1, unhex($2)${rid === undefined ? '' : ', $3'})`,
      rid === undefined ? [t, h(n)] : [t, h(n), rid],
    );
}

async function planRows(path: string): Promise<string[]> {
  const reader = await conn.runAndReadAll(
    `SELECT op, batch_no, id_type, lower(hex(hash)) AS hash FROM read_parquet('${path}')`,
  );
  return reader
    .getRowObjects()
    .map((r) => `${String(r.op)}:${String(r.batch_no)}:${String(r.id_type)}:${String(r.hash)}`)
    .sort();
}

describe('writePlanFile', () => {
  it('records every pair of the plan once, with the batch that sends it', async () => {
    // Types 1 (phone) then 0 (email) in schema order: column t0 holds phones, t1 emails.
    await put('snap', [
      [0, 1],
      [1, 9],
    ]);
    await put('desired_pairs', [
      [0, 1, 0], // known email: not sent
      [1, 2, 0],
      [0, 3, 1],
      [1, 4, 1],
      [0, 5, 2],
      [1, 2, 3], // phone 2 again on a later row: sent once, with row 0
    ]);
    const typeCodes = [1, 0];
    const counts = await computePlan(conn, { mode: 'mirror', batchSize: 2, typeCodes });
    expect(counts).toMatchObject({ addPairs: 4, addRows: 3, addBatches: 2, removePairs: 1 });
    const path = join(dir, 'plan.parquet');
    await writePlanFile(conn, path, typeCodes);
    expect(await planRows(path)).toEqual(
      [
        `add:0:1:${h(2)}`,
        `add:0:0:${h(3)}`,
        `add:0:1:${h(4)}`,
        `add:1:0:${h(5)}`,
        `delete:0:1:${h(9)}`,
      ].sort(),
    );
  });
});
