import { stat } from 'node:fs/promises';
import type { Chunk } from './chunk.js';
import type { TextStreamOptions } from './duck-read.js';
import { openDuck, type Duck, type DuckOptions } from './duckdb.js';
import { fromDuckError, SourceError } from './errors.js';
import { isGlob, type DuckSource } from './spec.js';
import { checkedRelationSql } from './statement.js';
import type { ColumnInfo } from './text-cast.js';

/** Where to run: an open Duck to share (its session, views and temp tables), else a private one per call. */
export interface DuckUse {
  duck?: Duck;
  duckOptions?: DuckOptions;
}

/** How errors name a DuckDB source: the file path, or "SQL source". */
export function subjectOf(spec: DuckSource): string {
  return spec.kind === 'file' ? spec.path : 'SQL source';
}

/**
 * Fails early, naming the file, when a plain path does not exist or is a directory: DuckDB's own
 * message for that case talks about "patterns". Globs are left to DuckDB.
 */
export async function checkFile(spec: DuckSource): Promise<void> {
  if (spec.kind !== 'file' || isGlob(spec.path)) return;
  let isFile: boolean;
  try {
    isFile = (await stat(spec.path)).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new SourceError('file_not_found', `File not found: ${spec.path}`, { cause: error });
    }
    throw new SourceError('unreadable', `Cannot read ${spec.path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!isFile) throw new SourceError('unreadable', `Cannot read ${spec.path}: it is not a regular file.`);
}

async function using<T>(use: DuckUse, fn: (duck: Duck) => Promise<T>): Promise<T> {
  if (use.duck) return fn(use.duck);
  const duck = await openDuck(use.duckOptions);
  try {
    return await fn(duck);
  } finally {
    duck.close();
  }
}

/** The columns of a file or SQL source, with DuckDB's type names (CSV and TSV columns are all VARCHAR). */
export async function describeColumns(spec: DuckSource, use: DuckUse = {}): Promise<ColumnInfo[]> {
  await checkFile(spec);
  const relation = await checkedRelationSql(spec);
  return using(use, async (duck) => {
    try {
      return await duck.describe(`SELECT * FROM ${relation}`);
    } catch (error) {
      throw fromDuckError(error, subjectOf(spec));
    }
  });
}

/** The number of rows a file or SQL source holds (DuckDB counts; no row reaches JavaScript). */
export async function countRows(spec: DuckSource, use: DuckUse = {}): Promise<number> {
  await checkFile(spec);
  const relation = await checkedRelationSql(spec);
  return using(use, async (duck) => {
    try {
      const rows = await duck.run(`SELECT count(*) AS n FROM ${relation}`);
      return Number(rows[0]?.n ?? 0);
    } catch (error) {
      throw fromDuckError(error, subjectOf(spec));
    }
  });
}

/**
 * Streams a file or SQL source as text chunks (see duckTextExpr for how values become text).
 * With no `duck` given, a private DuckDB is opened for the stream and closed when it ends or is abandoned.
 */
export async function* streamRows(
  spec: DuckSource,
  opts: TextStreamOptions & DuckUse = {},
): AsyncGenerator<Chunk> {
  await checkFile(spec);
  const relation = await checkedRelationSql(spec);
  const duck = opts.duck ?? (await openDuck(opts.duckOptions));
  try {
    yield* duck.stream(`SELECT * FROM ${relation}`, undefined, {
      ...opts,
      subject: opts.subject ?? subjectOf(spec),
    });
  } finally {
    if (!opts.duck) duck.close();
  }
}
