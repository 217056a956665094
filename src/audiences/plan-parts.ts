import { rename } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../sources/index.js';
import { planChunkSql, planRemovalsSql, planStartSql } from './plan-sql.js';
import { PAIRS_PARQUET } from './snapshot.js';

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

/** Batches numbered `from` to `to` (inclusive) of one direction. */
export interface BatchRange {
  from: number;
  to: number;
}

/**
 * Plans a sync one chunk of source rows at a time (plan-sql.ts): each chunk's add batches are numbered on
 * from the last chunk's, and only the plan's last batch is partly filled (a chunk's partial last batch is
 * carried into the next chunk). Removals are planned once all chunks are in. Expects `snap` and `uncertain`.
 */
export class PartPlanner {
  private nextBatch = 0;
  private addRows = 0;
  private addPairs = 0;
  private removal: { pairs: number; batches: number } = { pairs: 0, batches: 0 };
  /** The snapshot or uncertain pairs are not empty (set by start()). */
  private baseline = true;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly opts: { mode: 'mirror' | 'add-only'; batchSize: number; typeCodes: readonly number[] },
  ) {}

  /** Creates the plan's tables; returns the pairs TikTok certainly has. */
  async start(): Promise<number> {
    const baseline = await this.conn.runAndReadAll(
      `SELECT (SELECT count(*) FROM uncertain) AS uncertain, (SELECT count(*) FROM snap) AS snap`,
    );
    const row = baseline.getRowObjects()[0] ?? {};
    const uncertainPairs = Number(row.uncertain ?? 0);
    this.baseline = uncertainPairs + Number(row.snap ?? 0) > 0;
    for (const sql of planStartSql(this.opts.typeCodes, uncertainPairs)) await this.conn.run(sql);
    const reader = await this.conn.runAndReadAll(`SELECT count(*) FROM certain`);
    return Number(reader.getRows()[0]?.[0] ?? 0);
  }

  /**
   * Plans the pairs of table `chunk` (rows after every earlier chunk's) into table part_rows and add_rows.
   * @param last no chunk follows: the carried rows and a partial last batch are planned too.
   * @returns the batches planned (undefined: none yet); part_rows holds them until the next chunk.
   */
  async addChunk(chunk: string, last: boolean): Promise<BatchRange | undefined> {
    const { batchSize, typeCodes } = this.opts;
    const firstBatch = this.nextBatch;
    const baseline = this.baseline;
    for (const sql of planChunkSql({ chunk, batchSize, typeCodes, firstBatch, baseline }))
      await this.conn.run(sql);
    const reader = await this.conn.runAndReadAll(
      `SELECT (SELECT count(*) FROM part_rows) AS n, (SELECT count(*) FROM chunk_add) AS pairs`,
    );
    const counted = reader.getRowObjects()[0] ?? {};
    await this.conn.run(`DROP TABLE chunk_add`);
    this.addPairs += Number(counted.pairs ?? 0);
    let rows = Number(counted.n ?? 0);
    let to = firstBatch + Math.ceil(rows / batchSize) - 1;
    const partial = rows % batchSize;
    if (!last && partial > 0) {
      // Sent with the next chunk's rows: a request per chunk carrying a few rows would cost a request slot.
      const cols = typeCodes.map((_, i) => `t${i}`).join(', ');
      await this.conn.run(
        `CREATE OR REPLACE TABLE carry AS SELECT rid, ${cols} FROM part_rows WHERE batch_no = ${to}`,
      );
      await this.conn.run(`DELETE FROM part_rows WHERE batch_no = ${to}`);
      rows -= partial;
      to -= 1;
    } else {
      await this.conn.run(`DELETE FROM carry`);
    }
    if (rows === 0) return undefined;
    await this.conn.run(`INSERT INTO add_rows SELECT * FROM part_rows`);
    this.addRows += rows;
    this.nextBatch = to + 1;
    return { from: firstBatch, to };
  }

  /** Plans the removals (mirror), once every chunk was added; returns their batches (undefined: none). */
  async planRemovals(): Promise<BatchRange | undefined> {
    for (const sql of planRemovalsSql({ ...this.opts, baseline: this.baseline })) await this.conn.run(sql);
    const reader = await this.conn.runAndReadAll(
      `SELECT count(*) AS n, coalesce(max(batch_no) + 1, 0) AS batches FROM remove_rows`,
    );
    const row = reader.getRowObjects()[0] ?? {};
    this.removal = { pairs: Number(row.n ?? 0), batches: Number(row.batches ?? 0) };
    return this.removal.batches > 0 ? { from: 0, to: this.removal.batches - 1 } : undefined;
  }

  /** The plan's sizes, once every chunk was added and the removals planned. */
  async counts(): Promise<PlanCounts> {
    const reader = await this.conn.runAndReadAll(`SELECT count(*) AS desired FROM desired_distinct`);
    const row = reader.getRowObjects()[0] ?? {};
    return {
      desired: Number(row.desired ?? 0),
      addPairs: this.addPairs,
      addRows: this.addRows,
      addBatches: this.nextBatch,
      removePairs: this.removal.pairs,
      removeBatches: this.removal.batches,
    };
  }
}

/**
 * Writes one part of the plan, the record a later run folds if this one dies: the pairs of the add batches
 * in part_rows (`op` 'add') or of every removal batch (`op` 'delete'), with their batch numbers, as rows
 * (op, batch_no, id_type, hash). `typeCodes` are those the plan was computed with.
 */
export async function writePlanPart(
  conn: DuckDBConnection,
  path: string,
  op: 'add' | 'delete',
  typeCodes: readonly number[],
): Promise<void> {
  const tmp = `${path}.tmp`;
  // Add pairs are read back from the rows that carry them (one column per type): a join of the pairs with
  // the rows on the row number would hash tens of millions of rows again and ran out of memory at 10M.
  const select =
    op === 'add'
      ? typeCodes
          .map(
            (code, i) =>
              `SELECT 'add' AS op, batch_no, ${int(code)}::UTINYINT AS id_type, t${i} AS hash FROM part_rows WHERE t${i} IS NOT NULL`,
          )
          .join('\n      UNION ALL ')
      : `SELECT 'delete' AS op, batch_no, id_type, hash FROM remove_rows`;
  await conn.run(`COPY (${select}) TO ${sqlString(tmp)} (${PAIRS_PARQUET})`);
  await rename(tmp, path);
}

function int(n: number): number {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new Error(`bad id type code ${n}`);
  return n;
}
