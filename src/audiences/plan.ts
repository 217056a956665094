import { rename } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { planSql } from './plan-sql.js';
import { foldPlanSql, loadSnapshot, writePairsFile } from './snapshot.js';
import { sqlString } from '../sources/index.js';

/** Sizes of a plan, read back from DuckDB. */
export interface PlanCounts {
  /** Distinct identifiers the query wants in the audience. */
  desired: number;
  addPairs: number;
  addRows: number;
  addBatches: number;
  removePairs: number;
  removeBatches: number;
}

/**
 * Loads the last snapshot into `snap`/`uncertain`, folding in the plan of a run that died (if any):
 * its acknowledged batches become certain, the others uncertain. Returns true when a plan was folded.
 */
export async function loadBaseline(
  conn: DuckDBConnection,
  snapshotPath: string | null,
  deadPlan?: { planPath: string; acked: string[] },
): Promise<boolean> {
  await loadSnapshot(conn, snapshotPath);
  if (!deadPlan) return false;
  await conn.run(`CREATE OR REPLACE TABLE folded AS ${foldPlanSql(deadPlan.planPath, deadPlan.acked)}`);
  await conn.run(`CREATE OR REPLACE TABLE snap AS SELECT id_type, hash FROM folded WHERE certain`);
  await conn.run(`CREATE OR REPLACE TABLE uncertain AS SELECT id_type, hash FROM folded WHERE NOT certain`);
  await conn.run(`DROP TABLE folded`);
  return true;
}

/** The baseline as a snapshot file (after a fold, so that a second crash cannot lose the first one's acks). */
export async function writeBaseline(conn: DuckDBConnection, path: string): Promise<void> {
  await writePairsFile(
    conn,
    `SELECT id_type, hash, true AS certain FROM snap UNION ALL SELECT id_type, hash, false AS certain FROM uncertain`,
    path,
  );
}

/** Builds the plan tables (add_pairs, add_rows, remove_pairs, remove_rows) and counts them. */
export async function computePlan(
  conn: DuckDBConnection,
  opts: { mode: 'mirror' | 'add-only'; batchSize: number; typeCodes: readonly number[] },
): Promise<PlanCounts> {
  for (const sql of planSql(opts)) await conn.run(sql);
  const reader = await conn.runAndReadAll(`SELECT
      (SELECT count(*) FROM desired_distinct) AS desired,
      (SELECT count(*) FROM add_pairs) AS add_pairs,
      (SELECT count(*) FROM add_rows) AS add_rows,
      (SELECT coalesce(max(batch_no) + 1, 0) FROM add_rows) AS add_batches,
      (SELECT count(*) FROM remove_pairs) AS remove_pairs,
      (SELECT coalesce(max(batch_no) + 1, 0) FROM remove_rows) AS remove_batches`);
  const row = reader.getRowObjects()[0] ?? {};
  const n = (key: string): number => Number(row[key] ?? 0);
  return {
    desired: n('desired'),
    addPairs: n('add_pairs'),
    addRows: n('add_rows'),
    addBatches: n('add_batches'),
    removePairs: n('remove_pairs'),
    removeBatches: n('remove_batches'),
  };
}

/**
 * Writes the plan's pairs with their batch numbers, the record a later run folds if this one dies.
 * `typeCodes` are those the plan was computed with: column `t<i>` of add_rows holds pairs of `typeCodes[i]`.
 */
export async function writePlanFile(
  conn: DuckDBConnection,
  path: string,
  typeCodes: readonly number[],
): Promise<void> {
  const tmp = `${path}.tmp`;
  // Add pairs are read back from the rows that carry them (one column per type): a join of add_pairs with
  // add_rows on the row number would hash tens of millions of rows again and ran out of memory at 10M.
  const adds = typeCodes.map(
    (code, i) =>
      `SELECT 'add' AS op, batch_no, ${int(code)}::UTINYINT AS id_type, t${i} AS hash FROM add_rows WHERE t${i} IS NOT NULL`,
  );
  await conn.run(`COPY (
      ${adds.join('\n      UNION ALL ')}
      UNION ALL SELECT 'delete' AS op, batch_no, id_type, hash FROM remove_rows
    ) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
  await rename(tmp, path);
}

function int(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new Error(`bad id type code ${n}`);
  return n;
}

/** What TikTok holds once every batch of the plan is acknowledged. */
export function finalSnapshotSql(mode: 'mirror' | 'add-only'): string {
  if (mode === 'mirror') return `SELECT id_type, hash, true AS certain FROM desired_distinct`;
  // Add-only never removes: pairs a dead run may have removed stay uncertain unless the query wants them.
  return `SELECT id_type, hash, true AS certain FROM
            (SELECT id_type, hash FROM snap ANTI JOIN uncertain USING (id_type, hash)
             UNION SELECT id_type, hash FROM desired_distinct)
          UNION ALL
          SELECT id_type, hash, false AS certain FROM uncertain ANTI JOIN desired_distinct USING (id_type, hash)`;
}
