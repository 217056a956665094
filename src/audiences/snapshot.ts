import { mkdir, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../sources/index.js';

/**
 * The snapshot is the set of (id type, hash) pairs TikTok last acknowledged for one audience, kept as a
 * Parquet file because it holds up to tens of millions of rows. `certain = false` marks pairs that a run
 * which died had sent without an acknowledgement: TikTok may or may not have applied them.
 */

/**
 * Hashes are random bytes: zstd saved ~10% of a 10M-row snapshot's size for twice the CPU of writing it
 * (4.4 against 2.1 CPU s). Files written with zstd by earlier versions read the same.
 */
export const PAIRS_PARQUET = 'FORMAT parquet, COMPRESSION uncompressed';

/** Loads the snapshot (or an empty one) into the temp tables `snap` and `uncertain`. */
export async function loadSnapshot(conn: DuckDBConnection, path: string | null): Promise<void> {
  if (path && existsSync(path)) {
    const src = `read_parquet(${sqlString(path)})`;
    await conn.run(`CREATE OR REPLACE TABLE snap AS SELECT id_type, hash FROM ${src} WHERE certain`);
    await conn.run(`CREATE OR REPLACE TABLE uncertain AS SELECT id_type, hash FROM ${src} WHERE NOT certain`);
    return;
  }
  if (path) throw new Error(`audience snapshot ${path} is missing; the data directory was changed or moved`);
  await conn.run(`CREATE OR REPLACE TABLE snap (id_type UTINYINT, hash BLOB)`);
  await conn.run(`CREATE OR REPLACE TABLE uncertain (id_type UTINYINT, hash BLOB)`);
}

/**
 * Writes `selectSql` (columns id_type, hash, certain) to a Parquet file atomically: a reader sees the old
 * file or the whole new one, never half of it.
 */
export async function writePairsFile(conn: DuckDBConnection, selectSql: string, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  await rm(tmp, { force: true });
  await conn.run(`COPY (${selectSql}) TO ${sqlString(tmp)} (${PAIRS_PARQUET})`);
  await rename(tmp, path);
}

/**
 * Folds a dead run's plan into the snapshot: acknowledged batches become certain, the rest uncertain.
 * Expects the temp tables `snap`, `uncertain` (from loadSnapshot) and reads the plan's part files, whose rows are
 * (op, batch_no, id_type, hash); `acked` lists `op:batch_no` keys TikTok acknowledged.
 */
export function foldPlanSql(planPaths: readonly string[], acked: string[]): string {
  // An empty list of parts (a run that died before recording one) folds nothing.
  const plan = planPaths.length
    ? `read_parquet([${planPaths.map(sqlString).join(', ')}])`
    : `(SELECT ''::VARCHAR AS op, 0::BIGINT AS batch_no, 0::UTINYINT AS id_type, ''::BLOB AS hash LIMIT 0)`;
  const ackedList = acked.length ? acked.map(sqlString).join(',') : `''`;
  const isAcked = `(op || ':' || batch_no::VARCHAR) IN (${ackedList})`;
  return `
    WITH p AS (SELECT op, id_type, hash, ${isAcked} AS acked FROM ${plan}),
    present AS (
      SELECT id_type, hash FROM snap
      EXCEPT SELECT id_type, hash FROM p WHERE acked AND op = 'delete'
      UNION SELECT id_type, hash FROM p WHERE acked AND op = 'add'
    ),
    unsure AS (
      SELECT id_type, hash FROM (SELECT id_type, hash FROM uncertain UNION SELECT id_type, hash FROM p WHERE NOT acked)
      EXCEPT SELECT id_type, hash FROM p WHERE acked
    )
    SELECT id_type, hash, true AS certain FROM present ANTI JOIN unsure USING (id_type, hash)
    UNION ALL SELECT id_type, hash, false AS certain FROM unsure`;
}
