import type { DuckDBConnection } from '@duckdb/node-api';
import { foldPlanSql, loadSnapshot, writePairsFile } from './snapshot.js';

/**
 * Loads the last snapshot into `snap`/`uncertain`, folding in the plan of a run that died (if any):
 * its acknowledged batches become certain, the others uncertain (the plan's parts recorded before it died: a
 * batch is sent only once its part is recorded). Returns true when a plan was folded.
 */
export async function loadBaseline(
  conn: DuckDBConnection,
  snapshotPath: string | null,
  deadPlan?: { planPaths: string[]; acked: string[] },
): Promise<boolean> {
  await loadSnapshot(conn, snapshotPath);
  if (!deadPlan) return false;
  await conn.run(`CREATE OR REPLACE TABLE folded AS ${foldPlanSql(deadPlan.planPaths, deadPlan.acked)}`);
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
