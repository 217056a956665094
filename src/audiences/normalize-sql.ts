import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { phoneRegion, REJECT_REASON, ROW_FIELD, type IdType } from '../identity/index.js';
import { describeQuery, pickColumns } from '../sources/duck-read.js';
import { fromDuckError } from '../sources/errors.js';
import { duckTextExpr, sqlIdent } from '../sources/index.js';
import {
  ID_TYPE_CODE,
  normalizeSelectSql,
  PENDING_OFFSET,
  REJECTED_OFFSET,
  ROW_NONE_PRESENT,
  ROW_NONE_VALID,
  type TypedColumn,
} from './normalize-select.js';
import { dropPendingSql, resolvePendingSql } from './normalize-pending.js';
import { registerHashUdf } from './normalize-udf.js';
import { rejectsCopySql } from './rejects-sql.js';

export { ID_TYPE_CODE } from './normalize-select.js';

/** What normalising a source found, counted inside DuckDB. */
export interface NormalizeStats {
  rowsRead: number;
  /** Rows with at least one valid identifier of a chosen type: the rows that can be sent. */
  rowsWithIdentifier: number;
  /** Valid identifiers per chosen type (rows, before de-duplication); every chosen type is listed. */
  validByType: Partial<Record<IdType, number>>;
  /**
   * Rejected values per reason (`email_invalid`, `phone_invalid`, `maid_invalid`: one per invalid
   * value) and `no_identifier`: rows where none of the chosen identifiers was given at all, as
   * identity's hashRow() counts them. A row whose given identifiers were all invalid counts under
   * their reasons only; rowsRead - rowsWithIdentifier counts every row that sends nothing.
   */
  rejectedByReason: Record<string, number>;
  /** The rejects file, when one was asked for and there were rejects. */
  rejectsFile?: string;
}

export interface BuildDesiredPairsOptions {
  /** A source as SQL after FROM: a table function, a parenthesised query (src/sources sourceRelationSql) or a bare SELECT. */
  relationSql: string;
  /** Source column of each identifier field (already resolved, e.g. with resolveIdentifierColumns). */
  columns: Partial<Record<'email' | 'phone' | 'idfa' | 'aaid', string>>;
  /** Chosen types; only their columns are read. A chosen type without a column is missing in every row. */
  idTypes: readonly IdType[];
  /** Region for national phone numbers, e.g. 'US'. */
  defaultRegion: string;
  /** Names the source in error messages (file path, "SQL source"); default "the audience source". */
  subject?: string;
  /**
   * When given, the rejects (rejected values and rows without identifier, the first MAX_REJECT_LINES) are
   * written to this CSV file, which is created only when there is one.
   */
  rejectsPath?: string | undefined;
}

const SOURCE_TABLE = '__ttads_normalize_source';
/** The bookkeeping rows the rejects file is written from (rejected values, rows without any value). */
const REJECTS_TABLE = '__ttads_normalize_rejects';
/** The source rows of those (rid and the identifier columns), kept once the source's copy is dropped. */
const REJECTED_ROWS_TABLE = '__ttads_normalize_rejected_rows';

/** A bare query becomes a parenthesised subquery; table functions and subqueries pass as they are. */
function asRelation(sql: string): string {
  const text = sql.trim().replace(/;\s*$/, '');
  return /^(select|with|from|values|table)\b/i.test(text) ? `(${text}\n)` : text;
}

/**
 * Creates TEMP TABLE desired_pairs(id_type UTINYINT, hash BLOB (32 raw bytes), rid BIGINT) in the
 * connection from a source relation, and returns the counts: {@link SourceNormalizer} over all rows at once.
 * @throws Error for an unknown region; SourceError when the source cannot be read or lacks a column.
 */
export async function buildDesiredPairs(
  conn: DuckDBConnection,
  opts: BuildDesiredPairsOptions,
): Promise<NormalizeStats> {
  const normalizer = await SourceNormalizer.open(conn, opts);
  try {
    await normalizer.chunk({ from: 0, to: normalizer.rowsRead }, 'desired_pairs');
    return await normalizer.finish();
  } finally {
    await normalizer.close();
  }
}

/**
 * Normalises and hashes a source in chunks of source rows, so that a sync plans and sends the first chunks
 * while the next are hashed. Each chunk becomes a table of (id_type UTINYINT, hash BLOB (32 raw bytes),
 * rid BIGINT) holding its valid pairs; `rid` is the source row number (0-based, in the relation's order);
 * `id_type` is {@link ID_TYPE_CODE}. Values are normalised and hashed exactly as src/identity's
 * hashIdentifier does, mostly in SQL (see normalize-select.ts). Non-text columns are read as their text
 * (duckTextExpr), as streamed sources would deliver them.
 *
 * The source's identifier columns are first copied as text into a temp table, whose rowid gives the
 * row number (DuckDB's default preserve_insertion_order keeps the source's order) while the rest runs
 * on all DuckDB threads; a window row_number() would run the whole query on one thread. The
 * connection's memory_limit bounds the tables (DuckDB spills beyond it): ~50 bytes per source row, ~55
 * per valid pair of a chunk. Threads and memory are the caller's settings (see openDuck).
 */
export class SourceNormalizer {
  private readonly counts = new Map<number, number>();

  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly opts: BuildDesiredPairsOptions,
    private readonly idTypes: IdType[],
    private readonly columns: TypedColumn[],
    private readonly region: string,
    /** Rows of the source. */
    readonly rowsRead: number,
  ) {}

  /**
   * Reads the source's identifier columns into DuckDB.
   * @throws Error for an unknown region; SourceError when the source cannot be read or lacks a column.
   */
  static async open(conn: DuckDBConnection, opts: BuildDesiredPairsOptions): Promise<SourceNormalizer> {
    const region = phoneRegion(opts.defaultRegion).code;
    const idTypes = [...new Set(opts.idTypes)];
    const wanted = idTypes.flatMap((type) => {
      const column = opts.columns[ROW_FIELD[type]];
      return column === undefined ? [] : [{ type, column }];
    });
    const relation = asRelation(opts.relationSql);
    const subject = opts.subject ?? 'the audience source';
    try {
      const found = await describeQuery(conn, `SELECT * FROM ${relation}`);
      const picked = pickColumns(
        found,
        wanted.map((w) => w.column),
        subject,
      );
      const texts = picked.map((column, i) => `${duckTextExpr(column)} AS c${i}`);
      await conn.run(
        `CREATE OR REPLACE TABLE ${SOURCE_TABLE} AS SELECT ${texts.join(', ') || 'NULL AS c'} FROM ${relation} AS src`,
      );
    } catch (error) {
      throw fromDuckError(error, subject);
    }
    await registerHashUdf(conn);
    await conn.run(`CREATE OR REPLACE TABLE ${REJECTS_TABLE} (id_type UTINYINT, hash BLOB, rid BIGINT)`);
    await conn.run(
      `CREATE OR REPLACE TABLE ${REJECTED_ROWS_TABLE} AS SELECT 0::BIGINT AS rid, * FROM ${SOURCE_TABLE} LIMIT 0`,
    );
    const rows = await conn.runAndReadAll(`SELECT count(*) FROM ${SOURCE_TABLE}`);
    const columns = wanted.map((w, i) => ({ type: w.type, ref: sqlIdent(`c${i}`) }));
    return new SourceNormalizer(conn, opts, idTypes, columns, region, Number(rows.getRows()[0]?.[0] ?? 0));
  }

  /** Creates (or replaces) `table` with the valid pairs of source rows `from` <= row < `to`. */
  async chunk(range: { from: number; to: number }, table: string): Promise<void> {
    const { conn } = this;
    await conn.run(
      `CREATE OR REPLACE TABLE ${table} AS ${normalizeSelectSql(SOURCE_TABLE, this.columns, this.region, range)}`,
    );
    for (const sql of resolvePendingSql(table, this.region)) await conn.run(sql);
    const reader = await conn.runAndReadAll(`SELECT id_type, count(*) FROM ${table} GROUP BY id_type`);
    for (const [code, n] of reader.getRows())
      this.counts.set(Number(code), (this.counts.get(Number(code)) ?? 0) + Number(n));
    if (this.opts.rejectsPath) {
      await conn.run(
        `INSERT INTO ${REJECTS_TABLE} SELECT * FROM ${table}
         WHERE (id_type >= ${REJECTED_OFFSET} AND id_type < ${PENDING_OFFSET}) OR id_type = ${ROW_NONE_PRESENT}`,
      );
      // The rejects file is written from these once the source's copy is gone (below).
      await conn.run(
        `INSERT INTO ${REJECTED_ROWS_TABLE} SELECT rowid AS rid, * FROM ${SOURCE_TABLE}
         WHERE rowid >= ${range.from} AND rowid < ${range.to}
           AND rowid IN (SELECT rid FROM ${REJECTS_TABLE} WHERE rid >= ${range.from} AND rid < ${range.to})`,
      );
    }
    // The bookkeeping rows have served: what remains is exactly the valid pairs.
    await conn.run(`DELETE FROM ${table} WHERE id_type >= ${REJECTED_OFFSET}`);
    // The last chunk is read: the source's copy (~70 bytes a row) would only make the plan spill.
    if (range.to >= this.rowsRead) await conn.run(`DROP TABLE IF EXISTS ${SOURCE_TABLE}`);
  }

  /** The counts of all chunks so far (every row, once all were normalised), and the rejects file. */
  async finish(): Promise<NormalizeStats> {
    const stats = countOutcomes(this.rowsRead, this.counts, this.idTypes);
    const rejects = Object.values(stats.rejectedByReason).reduce((a, b) => a + b, 0);
    if (this.opts.rejectsPath && rejects > 0) {
      await mkdir(dirname(this.opts.rejectsPath), { recursive: true });
      await this.conn.run(
        rejectsCopySql(
          REJECTS_TABLE,
          REJECTED_ROWS_TABLE,
          this.columns,
          this.opts.rejectsPath,
          undefined,
          'rid',
        ),
      );
      stats.rejectsFile = this.opts.rejectsPath;
    }
    return stats;
  }

  /** Drops the source's copy and the helper tables. Best effort: must not hide the error of a failed run. */
  async close(): Promise<void> {
    for (const sql of [
      `DROP TABLE IF EXISTS ${SOURCE_TABLE}`,
      `DROP TABLE IF EXISTS ${REJECTS_TABLE}`,
      `DROP TABLE IF EXISTS ${REJECTED_ROWS_TABLE}`,
      ...dropPendingSql(),
    ]) {
      await this.conn.run(sql).catch(() => undefined);
    }
  }
}

function countOutcomes(
  rowsRead: number,
  counts: ReadonlyMap<number, number>,
  idTypes: readonly IdType[],
): NormalizeStats {
  const validByType: Partial<Record<IdType, number>> = {};
  const rejectedByReason: Record<string, number> = {};
  for (const type of idTypes) {
    const code = ID_TYPE_CODE[type];
    validByType[type] = counts.get(code) ?? 0;
    const reason = REJECT_REASON[type];
    rejectedByReason[reason] = (rejectedByReason[reason] ?? 0) + (counts.get(REJECTED_OFFSET + code) ?? 0);
  }
  const nonePresent = counts.get(ROW_NONE_PRESENT) ?? 0;
  rejectedByReason.no_identifier = nonePresent;
  const rowsWithIdentifier = rowsRead - nonePresent - (counts.get(ROW_NONE_VALID) ?? 0);
  return { rowsRead, rowsWithIdentifier, validByType, rejectedByReason };
}
