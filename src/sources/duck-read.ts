import type { DuckDBConnection, DuckDBListValue } from '@duckdb/node-api';
import { chunkRowsOf, makeChunk, type Cell, type Chunk, type StreamOptions } from './chunk.js';
import { bindable, type SqlParams } from './duck-params.js';
import { fromDuckError, SourceError } from './errors.js';
import { sqlIdent } from './relation.js';
import { duckTextSelect, type ColumnInfo } from './text-cast.js';

export interface TextStreamOptions extends StreamOptions {
  /**
   * `batched` (default) copies the text columns into a DuckDB temp table (spilled to disk beyond the
   * memory limit) and pulls each chunk as one joined string per column: about 2x the rows/s of
   * `stream`, which decodes values one by one from DuckDB's own 2,048-row chunks but never copies the source.
   */
  strategy?: 'batched' | 'stream';
  /** Names the input in error messages (a file path, "SQL source"). */
  subject?: string;
}

const SEPARATOR = '\x01';
let tableSeq = 0;

/** Column names and types a query would return (it is planned, not run to completion). */
export async function describeQuery(
  con: DuckDBConnection,
  sql: string,
  params?: SqlParams,
): Promise<ColumnInfo[]> {
  const reader = await con.runAndReadAll(`SELECT * FROM (${sql}\n) AS src LIMIT 0`, bindable(params));
  const types = reader.columnTypes();
  return reader.columnNames().map((name, i) => ({ name, type: String(types[i]) }));
}

/** Picks the wanted columns, failing with the list of columns the source has when one is missing. */
export function pickColumns(
  found: readonly ColumnInfo[],
  wanted: readonly string[] | undefined,
  subject: string,
) {
  if (wanted === undefined) return [...found];
  return wanted.map((name) => {
    const column = found.find((c) => c.name === name);
    if (!column) {
      const names = found.map((c) => c.name).join(', ');
      throw new SourceError(
        'column_missing',
        `Column "${name}" not found in ${subject}. Columns found: ${names}.`,
      );
    }
    return column;
  });
}

/** Streams a query's rows as text, chunk by chunk; see TextStreamOptions for the two strategies. */
export async function* readTextChunks(
  con: DuckDBConnection,
  sql: string,
  params?: SqlParams,
  opts: TextStreamOptions = {},
): AsyncGenerator<Chunk> {
  const subject = opts.subject ?? 'DuckDB query';
  const chunkRows = chunkRowsOf(opts);
  try {
    const columns = pickColumns(await describeQuery(con, sql, params), opts.columns, subject);
    const select = `SELECT ${duckTextSelect(columns)} FROM (${sql}\n) AS src`;
    const names = columns.map((c) => c.name);
    if (opts.strategy === 'stream') yield* streamed(con, select, params, names, chunkRows);
    else yield* batched(con, select, params, names, chunkRows);
  } catch (error) {
    throw fromDuckError(error, subject);
  }
}

async function* batched(
  con: DuckDBConnection,
  select: string,
  params: SqlParams | undefined,
  names: string[],
  chunkRows: number,
): AsyncGenerator<Chunk> {
  const table = sqlIdent(`__ttads_read_${++tableSeq}`);
  await con.run(`CREATE TEMP TABLE ${table} AS ${select}`, bindable(params));
  try {
    const total = Number((await con.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0]?.[0] ?? 0);
    // ORDER BY rowid keeps every column, and the NULL positions, in the same row order.
    const aggregates = names.map((name) => {
      const ref = sqlIdent(name);
      return `string_agg(coalesce(${ref}, ''), chr(1) ORDER BY rowid), list(rowid - $1) FILTER (WHERE ${ref} IS NULL)`;
    });
    const batch = await con.prepare(
      `SELECT ${['count(*)', ...aggregates].join(', ')} FROM ${table} WHERE rowid >= $1 AND rowid < $2`,
    );
    try {
      for (let start = 0; start < total; start += chunkRows) {
        batch.bind([BigInt(start), BigInt(start + chunkRows)]);
        const row = (await batch.runAndReadAll()).getRows()[0] ?? [];
        const count = Number(row[0] ?? 0);
        const arrays: Cell[][] = [];
        for (let c = 0; c < names.length; c++) {
          const joined = row[1 + 2 * c] as string | null;
          const nulls = row[2 + 2 * c] as DuckDBListValue | null;
          arrays.push(
            splitColumn(joined, nulls, count) ?? (await readColumn(con, table, names[c] ?? '', start, count)),
          );
        }
        yield makeChunk(names, arrays, count);
      }
    } finally {
      batch.destroySync();
    }
  } finally {
    await con.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

/**
 * Undoes string_agg: undefined when a value itself contains the separator (the pieces do not add up
 * to the row count), in which case the caller reads that column value by value.
 */
export function splitColumn(
  joined: string | null,
  nulls: DuckDBListValue | null,
  count: number,
): Cell[] | undefined {
  if (count === 0) return [];
  const values: Cell[] = (joined ?? '').split(SEPARATOR);
  if (values.length !== count) return undefined;
  for (const index of nulls?.items ?? []) values[Number(index)] = null;
  return values;
}

async function readColumn(con: DuckDBConnection, table: string, name: string, start: number, count: number) {
  const reader = await con.runAndReadAll(
    `SELECT ${sqlIdent(name)} FROM ${table} WHERE rowid >= $1 AND rowid < $2 ORDER BY rowid`,
    [BigInt(start), BigInt(start + count)],
  );
  return (reader.getColumns()[0] ?? []) as Cell[];
}

async function* streamed(
  con: DuckDBConnection,
  select: string,
  params: SqlParams | undefined,
  names: string[],
  chunkRows: number,
): AsyncGenerator<Chunk> {
  const result = await con.stream(select, bindable(params));
  let arrays: Cell[][] = names.map(() => []);
  let pending = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    const rows = chunk?.rowCount ?? 0;
    if (chunk && rows > 0) {
      for (let c = 0; c < names.length; c++) {
        const vector = chunk.getColumnVector(c);
        const target = arrays[c] ?? [];
        for (let i = 0; i < rows; i++) target.push(vector.getItem(i) as Cell);
      }
      pending += rows;
    }
    const done = rows === 0;
    while (pending >= chunkRows || (done && pending > 0)) {
      const take = Math.min(pending, chunkRows);
      yield makeChunk(
        names,
        arrays.map((a) => a.slice(0, take)),
        take,
      );
      arrays = arrays.map((a) => a.slice(take));
      pending -= take;
    }
    if (done) return;
  }
}
