import {
  checkedRelationSql,
  describeSource,
  duckTextExpr,
  resolveColumns,
  SourceError,
  sourceLabel,
  sqlIdent,
  sqlString,
  type ColumnMap,
  type Duck,
  type FieldAliases,
  type SourceSpec,
} from '../sources/index.js';
import { readStagedBlocks, readStagedRows, type RowBlock } from './staging-read.js';
import { copyPostgresIntoDuck } from './staging-postgres.js';
import { EVENT_FIELDS, type EventField } from './vocabulary.js';

export type { RowBlock } from './staging-read.js';

/** Other names a source column may have for each seed parameter (matched ignoring case, spaces and _). */
export const EVENT_FIELD_ALIASES: FieldAliases<EventField> = {
  ...(Object.fromEntries(EVENT_FIELDS.map((f) => [f, []])) as unknown as FieldAliases<EventField>),
  agent: ['user_agent'],
  cookie_id: ['ttp'],
  tiktok_click_id: ['ttclid'],
  timestamp: ['event_time'],
  email: ['email_address'],
  phone: ['phone_number'],
  // The pixel code is the event set of web events: a pixel_code column is read as their event_set_id.
  event_set_id: ['pixel_code'],
};

/** The seed parameters a source must have a column for: email, and event unless the settings fix it. */
export function requiredEventFields(settings: { fixedEvent?: string | undefined }): EventField[] {
  return settings.fixedEvent ? ['email'] : ['email', 'event'];
}

/** The source copied into DuckDB, read back in blocks where the rows of one event are adjacent. */
export interface StagedSource {
  /** Source column read for each seed parameter found. */
  readonly columns: ColumnMap<EventField>;
  /** The seed parameters read, in cell order. */
  readonly fields: readonly EventField[];
  readonly rowCount: number;
  /** Rows whose event's rows are not adjacent in the source; they are read last, sorted by event. */
  readonly spreadRows: number;
  /** The rows in blocks, fetched one block ahead of the consumer. */
  blocks(blockRows?: number): AsyncGenerator<RowBlock>;
  /** Cells of the given source rows (1-based row numbers), for the rejects file. */
  rowsByNumber(rowNumbers: readonly number[]): Promise<Map<number, (string | null)[]>>;
}

export const ROWS_TABLE = 'ttads_event_rows';
export const SPREAD_TABLE = 'ttads_event_spread';
export const LATE_TABLE = 'ttads_event_late';

// What JavaScript's trim() removes (code points), so that DuckDB groups event ids exactly as the engine compares them.
const JS_WHITESPACE_CODES = [
  32, 9, 10, 11, 12, 13, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232,
  8233, 8239, 8287, 12288, 65279,
];
const JS_WHITESPACE = JS_WHITESPACE_CODES.map((c) => `chr(${c})`).join(' || ');
/** The same set as an RE2 character class (in a SQL string, where backslashes are literal). */
const JS_WHITESPACE_CLASS = `[${JS_WHITESPACE_CODES.map((c) => `\\x{${c.toString(16)}}`).join('')}]`;

/**
 * `expr` trimmed as JavaScript's trim() does. DuckDB's trim with a character set cost a 1M-row staging ~0.55 s
 * (40% of copying the source), so it only runs on the rare values that start or end with whitespace.
 */
function jsTrimSql(expr: string): string {
  const edge = `'^${JS_WHITESPACE_CLASS}|${JS_WHITESPACE_CLASS}$'`;
  return `CASE WHEN regexp_matches(${expr}, ${edge}) THEN trim(${expr}, ${JS_WHITESPACE}) ELSE ${expr} END`;
}

/**
 * What groups rows into one event: the trimmed event_id, else the raw fields a derived id is made of
 * (rows equal in these get the same derived id; chr(2) cannot start a kept event_id, so the two never mix).
 */
function groupKeySql(fields: readonly EventField[]): string {
  const part = (f: EventField) => (fields.includes(f) ? `coalesce(${sqlIdent(f)}, '')` : `''`);
  const derived = `concat(chr(2), ${['email', 'phone', 'event', 'timestamp'].map((f) => part(f as EventField)).join(', chr(2), ')})`;
  const id = `nullif(${jsTrimSql(sqlIdent('event_id'))}, '')`;
  return fields.includes('event_id') ? `coalesce(${id}, ${derived})` : derived;
}

/** Text of one block read back (DuckDB joins it under its read memory limit, 64 MB by default). */
const BLOCK_BYTES = 3 * 2 ** 20;

/**
 * Rows per block: 20,000, fewer for wide rows, so that a block's text stays near BLOCK_BYTES (20,000 rows
 * of 4 KB ran DuckDB out of its 64 MB read limit).
 */
export function defaultBlockRows(averageLineBytes: number): number {
  return Math.max(16, Math.min(20_000, Math.floor(BLOCK_BYTES / Math.max(1, averageLineBytes))));
}

/**
 * Copies the event columns of a source into a DuckDB table, one text line per row in source order (row
 * number = rowid + 1). Events whose rows are not adjacent ("spread", e.g. an order's products listed apart,
 * or a row repeated further down) are found with one aggregate and read after the others, sorted by event;
 * the rest is read in source order without sorting. DuckDB works out of core, so sources larger than
 * memory are fine, and JavaScript only ever holds one block.
 */
export async function stageSource(
  spec: SourceSpec,
  duck: Duck,
  opts: {
    required: readonly EventField[];
    readMemoryLimit?: string | undefined;
    /** Names the source in error messages (default its label), e.g. when `spec` reads a copy of it. */
    label?: string | undefined;
    /** Called once the bulk copy is under way in DuckDB's threads (the caller may start other work). */
    copying?: (() => void) | undefined;
  },
): Promise<StagedSource> {
  const label = opts.label ?? sourceLabel(spec);
  const available = await describeSource(spec, { duck });
  const columns = resolveColumns(
    available.map((c) => c.name),
    EVENT_FIELD_ALIASES,
    { required: opts.required, source: label },
  );
  // In the source's column order, so that the rejects file reads like the source.
  const fieldOf = new Map(EVENT_FIELDS.filter((f) => columns[f] !== undefined).map((f) => [columns[f]!, f]));
  const fields = available.flatMap((c) => (fieldOf.has(c.name) ? [fieldOf.get(c.name)!] : []));
  let relation: string;
  let exprs: string[];
  if (spec.kind === 'postgres') {
    relation = await copyPostgresIntoDuck(
      spec,
      duck,
      fields.map((f) => columns[f]!),
    );
    exprs = fields.map((_, i) => sqlIdent(`c${i}`));
  } else {
    relation = await checkedRelationSql(spec);
    exprs = fields.map((f) => duckTextExpr(available.find((c) => c.name === columns[f])!));
  }
  const typed = fields.map((f, i) => `${exprs[i]} AS ${sqlIdent(f)}`).join(', ');
  // A NULL becomes '' (the rules treat both as absent); chr(1) separates cells.
  const line = `concat(${fields.map((f) => `coalesce(${sqlIdent(f)}, '')`).join(', chr(1), ')})`;
  try {
    for (const table of [ROWS_TABLE, SPREAD_TABLE, LATE_TABLE])
      await duck.run(`DROP TABLE IF EXISTS ${table}`);
    // No ORDER BY: DuckDB keeps insertion order, so rowid + 1 is the row's number in the source.
    const copy = duck.run(
      `CREATE TABLE ${ROWS_TABLE} AS SELECT ${line} AS line, ${groupKeySql(fields)} AS key
       FROM (SELECT ${typed} FROM ${relation} AS src)`,
    );
    opts.copying?.();
    await copy;
    await duck.run(
      `CREATE TABLE ${SPREAD_TABLE} AS SELECT key FROM ${ROWS_TABLE}
       GROUP BY key HAVING count(*) > 1 AND max(rowid) - min(rowid) + 1 > count(*)`,
    );
    // Spread events move to their own table, sorted; DELETE keeps the other rows' rowids (and numbers).
    const spread = `key IN (SELECT key FROM ${SPREAD_TABLE})`;
    await duck.run(
      `CREATE TABLE ${LATE_TABLE} AS SELECT rowid + 1 AS n, line FROM ${ROWS_TABLE} WHERE ${spread} ORDER BY key, rowid`,
    );
    await duck.run(`DELETE FROM ${ROWS_TABLE} WHERE ${spread}`);
  } catch (error) {
    if (error instanceof SourceError && error.code === 'outside_source_roots') throw error;
    // The header was readable (describeSource passed): what fails now is a row, e.g. a broken CSV line.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new SourceError('unreadable', `Cannot read ${label}: ${message}`, { cause: error });
  }
  // Reading blocks needs little memory; a lower limit lets DuckDB keep less of the table resident
  // while JavaScript works (about 60 MB less RSS, the rest being read back from its spill files). 32 MB
  // saved another ~50 MB at 1M rows but cost ~7 s of CPU and doubled the wall time (2026-12-04).
  // A confined database's settings are locked (no query may change them): it keeps its limit.
  if (opts.readMemoryLimit && !duck.locked) {
    await duck.run(`SET memory_limit = ${sqlString(opts.readMemoryLimit)}`);
  }
  const [late] = await duck.run(`SELECT count(*) AS n, sum(strlen(line)) AS b FROM ${LATE_TABLE}`);
  const [main] = await duck.run(`SELECT count(*) AS n, sum(strlen(line)) AS b FROM ${ROWS_TABLE}`);
  const spreadRows = Number(late?.n ?? 0);
  const rowCount = Number(main?.n ?? 0) + spreadRows;
  const lineBytes = (Number(late?.b ?? 0) + Number(main?.b ?? 0)) / Math.max(1, rowCount);
  return {
    columns,
    fields,
    rowCount,
    spreadRows,
    blocks: (blockRows = defaultBlockRows(lineBytes)) =>
      readStagedBlocks(duck, fields.length, rowCount, spreadRows, blockRows),
    rowsByNumber: (rowNumbers) => readStagedRows(duck, fields.length, rowNumbers),
  };
}
