import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupQueue } from './pipeline.js';
import { PartPlanner, writePlanPart } from './plan-parts.js';

const h = (n: number): string => n.toString(16).padStart(64, '0');

let conn: DuckDBConnection;
let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ttads-parts-'));
  const db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  for (const t of ['snap', 'uncertain']) await conn.run(`CREATE TABLE ${t}(id_type UTINYINT, hash BLOB)`);
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

async function chunk(rows: [number, number, number][]): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE chunk(id_type UTINYINT, hash BLOB, rid BIGINT)`);
  await put('chunk', rows);
}

async function partRows(path: string): Promise<string[]> {
  const reader = await conn.runAndReadAll(
    `SELECT op, batch_no, id_type, lower(hex(hash)) AS hash FROM read_parquet('${path}')`,
  );
  return reader
    .getRowObjects()
    .map((r) => `${String(r.op)}:${String(r.batch_no)}:${String(r.id_type)}:${String(r.hash)}`)
    .sort();
}

describe('PartPlanner', () => {
  it('plans chunk after chunk: each pair once, on its first row; full batches only until the last chunk', async () => {
    // Types 1 (phone) then 0 (email) in schema order: column t0 holds phones, t1 emails.
    const typeCodes = [1, 0];
    await put('snap', [
      [0, 1],
      [1, 9],
    ]);
    const planner = new PartPlanner(conn, { mode: 'mirror', batchSize: 2, typeCodes });
    await planner.start();
    await chunk([
      [0, 1, 0], // known email: not sent
      [1, 2, 0],
      [0, 3, 1],
      [1, 4, 1],
      [0, 5, 2], // row 2 fills a third row: carried into the next chunk's first batch
    ]);
    expect(await planner.addChunk('chunk', false)).toEqual({ from: 0, to: 0 });
    const first = join(dir, 'p0.parquet');
    await writePlanPart(conn, first, 'add', typeCodes);
    expect(await partRows(first)).toEqual([`add:0:1:${h(2)}`, `add:0:0:${h(3)}`, `add:0:1:${h(4)}`].sort());
    await chunk([
      [1, 2, 3], // phone 2 again on a later row, in a later chunk: sent once, with row 0
      [0, 6, 4],
      [0, 7, 5],
    ]);
    expect(await planner.addChunk('chunk', true)).toEqual({ from: 1, to: 2 });
    const second = join(dir, 'p1.parquet');
    await writePlanPart(conn, second, 'add', typeCodes);
    expect(await partRows(second)).toEqual([`add:1:0:${h(5)}`, `add:1:0:${h(6)}`, `add:2:0:${h(7)}`].sort());
    expect(await planner.planRemovals()).toEqual({ from: 0, to: 0 });
    const removals = join(dir, 'p2.parquet');
    await writePlanPart(conn, removals, 'delete', typeCodes);
    expect(await partRows(removals)).toEqual([`delete:0:1:${h(9)}`]);
    expect(await planner.counts()).toEqual({
      desired: 7,
      addPairs: 6,
      addRows: 5,
      addBatches: 3,
      removePairs: 1,
      removeBatches: 1,
    });
  });

  it('plans no part for a chunk with nothing new, and no removal in add-only mode', async () => {
    await put('snap', [
      [0, 1],
      [0, 8],
    ]);
    const planner = new PartPlanner(conn, { mode: 'add-only', batchSize: 10, typeCodes: [0] });
    await planner.start();
    await chunk([[0, 1, 0]]);
    expect(await planner.addChunk('chunk', false)).toBeUndefined();
    await chunk([]);
    expect(await planner.addChunk('chunk', true)).toBeUndefined();
    expect(await planner.planRemovals()).toBeUndefined();
    expect(await planner.counts()).toMatchObject({ desired: 1, addPairs: 0, addBatches: 0, removePairs: 0 });
  });
});

describe('GroupQueue', () => {
  const group = (from: number) => ({ op: 'add' as const, typeCodes: [0], idSchema: [], from, to: from });

  it('hands groups over in order, to a waiting taker too, and ends', async () => {
    const queue = new GroupQueue();
    queue.push(group(0));
    expect(await queue.next()).toMatchObject({ from: 0 });
    const waiting = queue.next();
    queue.push(group(1));
    expect(await waiting).toMatchObject({ from: 1 });
    queue.push(group(2));
    queue.end();
    expect(await queue.next()).toMatchObject({ from: 2 });
    expect(await queue.next()).toBeUndefined();
  });

  it('with a lead, hands the first group over once that many batches are queued, or at the end', async () => {
    const range = (from: number, to: number) => ({ ...group(from), to });
    const queue = new GroupQueue(5);
    let taken: unknown;
    const waiting = queue.next().then((g) => (taken = g));
    queue.push(range(0, 2));
    await Promise.resolve();
    expect(taken).toBeUndefined();
    queue.push(range(3, 4));
    await waiting;
    expect(taken).toMatchObject({ from: 0, to: 2 });
    expect(await queue.next()).toMatchObject({ from: 3, to: 4 });
    // A short plan is sent whole once it is complete.
    const short = new GroupQueue(10);
    const first = short.next();
    short.push(range(0, 1));
    short.end();
    expect(await first).toMatchObject({ from: 0, to: 1 });
    expect(await short.next()).toBeUndefined();
  });

  it('a lead set later releases what is already queued', async () => {
    const queue = new GroupQueue(Infinity);
    const waiting = queue.next();
    queue.push(group(0));
    queue.setLead(0);
    expect(await waiting).toMatchObject({ from: 0 });
    const held = new GroupQueue(Infinity);
    held.push(group(0));
    held.setLead(3);
    let taken: unknown;
    void held.next().then((g) => (taken = g));
    await Promise.resolve();
    expect(taken).toBeUndefined();
    held.push(group(1));
    held.push(group(2));
    await Promise.resolve();
    expect(taken).toMatchObject({ from: 0 });
  });

  it('gives a waiting taker nothing once stopped, and drops what comes after', async () => {
    const queue = new GroupQueue();
    const waiting = queue.next();
    queue.stop();
    expect(await waiting).toBeUndefined();
    queue.push(group(0));
    expect(queue.stopped).toBe(true);
    expect(await queue.next()).toBeUndefined();
  });
});
