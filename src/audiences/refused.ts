import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ID_TYPES } from '../identity/index.js';
import { csvSafeColumnSql, sqlString } from '../sources/index.js';
import { ID_TYPE_CODE } from './normalize-select.js';
import type { RefusedRow } from './sender.js';

/** One refused row of one batch, as a run collects them (`index` null: the whole batch). */
interface RefusedEntry extends RefusedRow {
  op: 'add' | 'delete';
  batchNo: number;
  /** Rows of the batch: what a whole-batch refusal counts. */
  batchRows: number;
}

/**
 * The rows TikTok refused inside partial (20001) answers during one run. They are never acknowledged:
 * the run's snapshot leaves them out (so the next run sends them again), the rejects list them, and the
 * report counts them by reason. They are few (a share of a share of the batches), so they are kept here
 * until the sending is done and then handed to DuckDB, which alone knows which members they were.
 */
export class RefusedRows {
  private readonly entries: RefusedEntry[] = [];

  add(op: 'add' | 'delete', batchNo: number, batchRows: number, refused: readonly RefusedRow[]): void {
    for (const r of refused) this.entries.push({ ...r, op, batchNo, batchRows });
  }

  get empty(): boolean {
    return this.entries.length === 0;
  }

  /** Refused rows by `tiktok_<code>` reason. */
  byReason(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.entries) out[e.reason] = (out[e.reason] ?? 0) + (e.index === null ? e.batchRows : 1);
    return out;
  }

  /**
   * Creates `refused_pairs(op, id_type, hash, rid, reason)` from the plan's tables (`add_rows`, whose column
   * `t<i>` holds the pair of type `typeCodes[i]`, and `remove_rows`): the members of the refused rows. A row's
   * index in TikTok's answer is its `pos`, the position the batch's body was written in (batch-bodies.ts).
   * @returns the identifiers (pairs) TikTok did not add, and did not remove.
   */
  async load(conn: DuckDBConnection, typeCodes: readonly number[]): Promise<{ add: number; delete: number }> {
    await conn.run(
      `CREATE OR REPLACE TABLE refused (op VARCHAR, batch_no BIGINT, idx BIGINT, reason VARCHAR, message VARCHAR)`,
    );
    const appender = await conn.createAppender('refused');
    try {
      for (const e of this.entries) {
        appender.appendVarchar(e.op);
        appender.appendBigInt(BigInt(e.batchNo));
        if (e.index === null) appender.appendNull();
        else appender.appendBigInt(BigInt(e.index));
        appender.appendVarchar(e.reason);
        appender.appendVarchar(e.message);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    const match = `r.batch_no = n.batch_no AND (r.idx IS NULL OR r.idx = n.idx)`;
    // The pairs of each added row, one per type column.
    const unpivot = typeCodes
      .map(
        (code, i) =>
          `SELECT batch_no, idx, rid, ${Number(code)}::UTINYINT AS id_type, t${i} AS hash FROM added WHERE t${i} IS NOT NULL`,
      )
      .join(' UNION ALL ');
    await conn.run(`CREATE OR REPLACE TABLE refused_pairs AS
      WITH added AS (
        SELECT *, pos AS idx
        FROM add_rows WHERE batch_no IN (SELECT batch_no FROM refused WHERE op = 'add')
      ), added_pairs AS (
        ${unpivot}
      ), removed AS (
        SELECT batch_no, id_type, hash, pos AS idx
        FROM remove_rows WHERE batch_no IN (SELECT batch_no FROM refused WHERE op = 'delete')
      )
      SELECT 'add' AS op, p.id_type, p.hash, p.rid, r.reason, r.message
      FROM added_pairs p JOIN refused r ON r.op = 'add' AND ${match.replaceAll('n.', 'p.')}
      UNION ALL
      SELECT 'delete' AS op, n.id_type, n.hash, NULL AS rid, r.reason, r.message
      FROM removed n JOIN refused r ON r.op = 'delete' AND ${match}`);
    const reader = await conn.runAndReadAll(`SELECT
        (SELECT count(*) FROM refused_pairs WHERE op = 'add') AS adds,
        (SELECT count(*) FROM refused_pairs WHERE op = 'delete') AS deletes`);
    const row = reader.getRowObjects()[0] ?? {};
    return { add: Number(row.adds ?? 0), delete: Number(row.deletes ?? 0) };
  }
}

/**
 * What TikTok holds once the plan was sent, the refused rows taken into account (`base` is
 * finalSnapshotSql's, `refused_pairs` loaded): a refused addition is not held (uncertain if a dead run may
 * have sent it), a refused removal is still held (uncertain if it was uncertain before). Expects the plan's
 * `certain` and `uncertain` tables.
 */
export function withoutRefusedSql(base: string): string {
  const refused = (op: string): string => `(SELECT id_type, hash FROM refused_pairs WHERE op = '${op}')`;
  return `SELECT id_type, hash, certain FROM (${base}) ANTI JOIN refused_pairs USING (id_type, hash)
    UNION ALL SELECT id_type, hash, true AS certain FROM ${refused('delete')} SEMI JOIN certain USING (id_type, hash)
    UNION ALL SELECT id_type, hash, false AS certain FROM ${refused('delete')} ANTI JOIN certain USING (id_type, hash)
    UNION ALL SELECT id_type, hash, false AS certain FROM ${refused('add')} SEMI JOIN uncertain USING (id_type, hash)`;
}

const HEADER = 'row,id_type,reason,value\n';

/**
 * Appends the refused members to the run's rejects CSV (`row,id_type,reason,value`, created with its header
 * when normalisation rejected nothing), at most `room` lines: the source row of an addition (none for a
 * removal: the member left the source), TikTok's reason and message, and the hash sent (the raw value is no
 * longer at hand once the source is normalised; the row number finds it). DuckDB writes them first to `tmp`
 * (a file it may write when confined). Returns the lines written.
 */
export async function appendRefusedRejects(
  conn: DuckDBConnection,
  input: { path: string; tmp: string; room: number },
): Promise<number> {
  const { path, tmp, room } = input;
  if (room <= 0) return 0;
  const whenType = ID_TYPES.map((t) => `WHEN ${ID_TYPE_CODE[t]} THEN '${t}'`).join(' ');
  const cells = [
    csvSafeColumnSql('rid + 1', 'row'),
    csvSafeColumnSql(`CASE id_type ${whenType} END`, 'id_type'),
    csvSafeColumnSql(`reason || CASE WHEN message <> '' THEN ': ' || message ELSE '' END`, 'reason'),
    csvSafeColumnSql('lower(hex(hash))', 'value'),
  ];
  await mkdir(dirname(path), { recursive: true });
  await conn.run(`COPY (
      SELECT ${cells.join(', ')} FROM refused_pairs
      ORDER BY op, rid NULLS LAST, id_type, hash LIMIT ${Math.floor(room)}
    ) TO ${sqlString(tmp)} (FORMAT csv, HEADER false)`);
  try {
    const lines = await readFile(tmp, 'utf8');
    if (!existsSync(path)) await appendFile(path, HEADER);
    await appendFile(path, lines);
  } finally {
    await rm(tmp, { force: true });
  }
  const reader = await conn.runAndReadAll(`SELECT count(*) AS n FROM refused_pairs`);
  return Math.min(Number(reader.getRowObjects()[0]?.n ?? 0), Math.floor(room));
}
