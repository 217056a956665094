import type { Chunk } from './chunk.js';
import type { TextStreamOptions } from './duck-read.js';
import { countRows, describeColumns, streamRows, type DuckUse } from './duck-source.js';
import { countPostgresRows, describePostgresColumns, streamPostgres, type PgUse } from './postgres.js';
import type { SourceSpec } from './spec.js';
import type { ColumnInfo } from './text-cast.js';

export type SourceOptions = TextStreamOptions & DuckUse & PgUse;

/** Streams any source (file, SQL over files, PostgreSQL) as columnar text chunks. */
export function streamSource(spec: SourceSpec, opts: SourceOptions = {}): AsyncGenerator<Chunk> {
  return spec.kind === 'postgres' ? streamPostgres(spec, opts) : streamRows(spec, opts);
}

/** The columns any source would deliver, without reading its rows. */
export function describeSource(spec: SourceSpec, opts: SourceOptions = {}): Promise<ColumnInfo[]> {
  return spec.kind === 'postgres' ? describePostgresColumns(spec, opts) : describeColumns(spec, opts);
}

/** How many rows any source holds, counted by the engine. */
export function countSourceRows(spec: SourceSpec, opts: SourceOptions = {}): Promise<number> {
  return spec.kind === 'postgres' ? countPostgresRows(spec, opts) : countRows(spec, opts);
}

export {
  chunkRow,
  collectRows,
  DEFAULT_CHUNK_ROWS,
  type Cell,
  type Chunk,
  type StreamOptions,
} from './chunk.js';
export {
  columnKey,
  IDENTIFIER_ALIASES,
  IDENTIFIER_FIELDS,
  resolveColumns,
  resolveIdentifierColumns,
  type ColumnMap,
  type FieldAliases,
  type IdentifierField,
  type ResolveOptions,
} from './columns.js';
export type { SqlParams, SqlValue } from './duck-params.js';
export type { TextStreamOptions } from './duck-read.js';
export { appendChunks } from './append-chunks.js';
export {
  csvCell,
  csvLine,
  csvQuote,
  csvSafeColumnSql,
  csvSafeSql,
  neutraliseCell,
  neutraliseCsvStream,
  startsLikeFormula,
} from './csv-safe.js';
export { countRows, describeColumns, streamRows, type DuckUse } from './duck-source.js';
export { openDuck, sourceAccess, withDuck, type Duck, type DuckOptions, type WorkPaths } from './duckdb.js';
export { copyFirstRows, FIRST_ROWS_TABLE, limitedPostgres, type FirstRows } from './first-rows.js';
export { NOT_ONE_SELECT, NotOneSelectError, SourceError, type SourceErrorCode } from './errors.js';
export {
  countPostgresRows,
  DEFAULT_SOURCE_STATEMENT_TIMEOUT_MS,
  describePostgresColumns,
  streamPostgres,
  type PgUse,
} from './postgres.js';
export { fileRelationSql, sourceRelationSql, sqlIdent, sqlString } from './relation.js';
export { checkedRelationSql, checkSourceQuery, type SqlEngine } from './statement.js';
export {
  FILE_FORMATS,
  parseSourceArg,
  parseSourceSpec,
  redactUrl,
  SOURCE_DATABASE_URL_ENV,
  sourceLabel,
  sourceSpecSchema,
  type DuckSource,
  type FileFormat,
  type FileSource,
  type PostgresSource,
  type SourceSpec,
  type SqlSource,
} from './spec.js';
export { duckTextExpr, type ColumnInfo } from './text-cast.js';
