import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqlString } from '../sources/index.js';
import { loadSnapshot, writePairsFile } from './snapshot.js';

let conn: DuckDBConnection;
let dir: string;
beforeEach(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
  dir = mkdtempSync(join(tmpdir(), 'ttads-snapshot-'));
});
afterEach(() => {
  conn.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const PAIRS = `SELECT * FROM (VALUES (0::UTINYINT, unhex('ab01'), true), (1::UTINYINT, unhex('cd02'), false),
  (1::UTINYINT, unhex('ef03'), true)) AS t(id_type, hash, certain)`;

async function loaded(table: 'snap' | 'uncertain'): Promise<string[]> {
  const r = await conn.runAndReadAll(
    `SELECT id_type || ':' || lower(hex(hash)) AS p FROM ${table} ORDER BY p`,
  );
  return r.getRowObjects().map((row) => String(row.p));
}

describe('snapshot files', () => {
  it('reads back what it writes: certain pairs in snap, the others in uncertain', async () => {
    const path = join(dir, 'snapshot-v2.parquet');
    await writePairsFile(conn, PAIRS, path);
    await loadSnapshot(conn, path);
    expect(await loaded('snap')).toEqual(['0:ab01', '1:ef03']);
    expect(await loaded('uncertain')).toEqual(['1:cd02']);
  });

  it('reads a snapshot written with zstd, as versions before 2026-12-04 wrote them', async () => {
    const path = join(dir, 'snapshot-v1.parquet');
    await conn.run(`COPY (${PAIRS}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`);
    await loadSnapshot(conn, path);
    expect(await loaded('snap')).toEqual(['0:ab01', '1:ef03']);
    expect(await loaded('uncertain')).toEqual(['1:cd02']);
  });
});
