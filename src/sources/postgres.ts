import pg from 'pg';
import Cursor from 'pg-cursor';
import { chunkRowsOf, makeChunk, type Cell, type Chunk, type StreamOptions } from './chunk.js';
import { pickColumns } from './duck-read.js';
import { firstLine, SourceError } from './errors.js';
import { sourceLabel, redactUrl, type PostgresSource } from './spec.js';
import type { ColumnInfo } from './text-cast.js';

export interface PgUse {
  /** A connected client to use and leave open; otherwise one is opened on the source URL and closed. */
  client?: pg.ClientBase;
  /** Values for $1, $2... in the query. */
  params?: readonly unknown[];
}

const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/**
 * PostgreSQL SQL giving one column as the same text DuckDB sources give: ISO 8601 UTC timestamps
 * (`...T10:00:00Z`, a fraction only when there is one; a timestamp without zone taken as UTC), ISO dates,
 * `true`/`false`, everything else in PostgreSQL's text form. to_json is used for dates and timestamps
 * because its output is ISO whatever the session's DateStyle.
 */
export function pgTextExpr(ref: string, typeId: number): string {
  if (typeId === TIMESTAMPTZ || typeId === TIMESTAMP) {
    const utc = typeId === TIMESTAMPTZ ? `${ref} AT TIME ZONE 'UTC'` : ref;
    return `CASE WHEN isfinite(${ref}) THEN (to_json(${utc}) #>> '{}') || 'Z' ELSE ${ref}::text END`;
  }
  if (typeId === DATE)
    return `CASE WHEN isfinite(${ref}) THEN to_json(${ref}) #>> '{}' ELSE ${ref}::text END`;
  return `${ref}::text`;
}

async function connect(spec: PostgresSource): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: spec.url, application_name: 'ttads-source' });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new SourceError('connection_failed', `Cannot connect to ${redactUrl(spec.url)}: ${reason}`, {
      cause: error,
    });
  }
}

async function withClient<T>(spec: PostgresSource, use: PgUse, fn: (client: pg.ClientBase) => Promise<T>) {
  if (use.client) return fn(use.client);
  const client = await connect(spec);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function queryError(error: unknown, spec: PostgresSource): SourceError {
  if (error instanceof SourceError) return error;
  const message = error instanceof Error ? firstLine(error.message) : String(error);
  return new SourceError('sql_error', `Query failed for ${sourceLabel(spec)}: ${message}`, { cause: error });
}

interface Described {
  columns: ColumnInfo[];
  typeIds: number[];
}

async function describe(
  client: pg.ClientBase,
  spec: PostgresSource,
  params: PgUse['params'],
): Promise<Described> {
  const result = await client.query({
    text: `SELECT * FROM (${spec.query}\n) AS src LIMIT 0`,
    values: params ? [...params] : undefined,
    rowMode: 'array',
  });
  const typeNames = new Map(
    Object.entries(pg.types.builtins).map(([name, id]) => [id as number, name.toLowerCase()]),
  );
  const seen = new Map<string, number>();
  // A repeated name (SELECT a.id, b.id) gets a suffix, as DuckDB does, so that chunk keys stay distinct.
  const unique = (name: string) => {
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return n === 0 ? name : `${name}_${n}`;
  };
  return {
    columns: result.fields.map((f) => ({
      name: unique(f.name),
      type: typeNames.get(f.dataTypeID) ?? String(f.dataTypeID),
    })),
    typeIds: result.fields.map((f) => f.dataTypeID),
  };
}

/** The columns of a PostgreSQL query, with pg's names for built-in types (`timestamptz`, `int8`...). */
export async function describePostgresColumns(spec: PostgresSource, use: PgUse = {}): Promise<ColumnInfo[]> {
  return withClient(spec, use, async (client) => {
    try {
      return (await describe(client, spec, use.params)).columns;
    } catch (error) {
      throw queryError(error, spec);
    }
  });
}

/** How many rows a PostgreSQL query returns (counted by the server). */
export async function countPostgresRows(spec: PostgresSource, use: PgUse = {}): Promise<number> {
  return withClient(spec, use, async (client) => {
    try {
      const values = use.params ? [...use.params] : undefined;
      const result = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM (${spec.query}\n) AS src`,
        values,
      );
      return Number(result.rows[0]?.n ?? 0);
    } catch (error) {
      throw queryError(error, spec);
    }
  });
}

/**
 * Streams a PostgreSQL query in columnar text chunks through a server-side cursor, so that only one
 * chunk of rows is in memory at a time. Values are converted to text by the server (pgTextExpr).
 */
export async function* streamPostgres(
  spec: PostgresSource,
  opts: StreamOptions & PgUse = {},
): AsyncGenerator<Chunk> {
  const chunkRows = chunkRowsOf(opts);
  const client = opts.client ?? (await connect(spec));
  let cursor: Cursor<Cell[]> | undefined;
  try {
    const described = await describe(client, spec, opts.params).catch((error: unknown) => {
      throw queryError(error, spec);
    });
    const picked = pickColumns(described.columns, opts.columns, sourceLabel(spec));
    // Positional aliases make every column addressable even when the query repeats a name.
    const aliases = described.columns.map((_, i) => `c${i}`).join(', ');
    const select = picked.map((column, i) => {
      const p = described.columns.indexOf(column);
      return `${pgTextExpr(`src.c${p}`, described.typeIds[p] ?? 0)} AS v${i}`;
    });
    const text = `SELECT ${select.join(', ') || 'NULL'} FROM (${spec.query}\n) AS src(${aliases})`;
    cursor = client.query(
      new Cursor<Cell[]>(text, opts.params ? [...opts.params] : undefined, { rowMode: 'array' }),
    );
    const names = picked.map((c) => c.name);
    for (;;) {
      const rows = await cursor.read(chunkRows).catch((error: unknown) => {
        throw queryError(error, spec);
      });
      if (rows.length === 0) return;
      const arrays: Cell[][] = names.map((_, c) => rows.map((row) => row[c] ?? null));
      yield makeChunk(names, arrays, rows.length);
      if (rows.length < chunkRows) return;
    }
  } finally {
    await cursor?.close().catch(() => undefined);
    if (!opts.client) await (client as pg.Client).end().catch(() => undefined);
  }
}
