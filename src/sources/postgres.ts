import pg from 'pg';
import Cursor from 'pg-cursor';
import { chunkRowsOf, makeChunk, type Cell, type Chunk, type StreamOptions } from './chunk.js';
import { pickColumns } from './duck-read.js';
import { firstLine, NotOneSelectError, SourceError } from './errors.js';
import { sourceLabel, redactUrl, type PostgresSource } from './spec.js';
import { checkSourceQuery } from './statement.js';
import type { ColumnInfo } from './text-cast.js';

export interface PgUse {
  /**
   * A connected client to use and leave open (not inside a transaction: each read runs in a READ ONLY
   * transaction of its own); otherwise one is opened on the source URL and closed.
   */
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

/** How long one statement of a source query may run when the source names no limit: 5 minutes. */
export const DEFAULT_SOURCE_STATEMENT_TIMEOUT_MS = 300_000;

/**
 * A query sent with the extended protocol (Parse/Bind/Execute), which takes exactly one statement: the
 * server refuses text that closes the wrapping parentheses and adds statements. pg uses the simple
 * protocol, which runs any number of statements, for a query without parameters unless told otherwise.
 */
function extended(text: string, values: readonly unknown[] | undefined): pg.QueryArrayConfig {
  return {
    text,
    values: values ? [...values] : [],
    rowMode: 'array',
    queryMode: 'extended',
  } as pg.QueryArrayConfig;
}

/**
 * Runs `fn` in a READ ONLY transaction with the source's statement timeout, then rolls back (there is
 * nothing to keep). The timeout is local to the transaction, so a lent client keeps its own.
 */
async function readOnly<T>(client: pg.ClientBase, spec: PostgresSource, fn: () => Promise<T>): Promise<T> {
  await beginReadOnly(client, spec);
  try {
    return await fn();
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

/** Opens the READ ONLY transaction with its statement timeout; nothing is left open when it fails. */
async function beginReadOnly(client: pg.ClientBase, spec: PostgresSource): Promise<void> {
  await client.query('BEGIN READ ONLY');
  try {
    const timeout = spec.statementTimeoutMs ?? DEFAULT_SOURCE_STATEMENT_TIMEOUT_MS;
    await client.query(extended("SELECT set_config('statement_timeout', $1, true)", [`${timeout}ms`]));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Opens (or borrows) a client and runs `fn` in a READ ONLY transaction, after checking that the source's
 * query is one SELECT (checkSourceQuery; the server's extended protocol and the transaction refuse the rest).
 */
async function withClient<T>(spec: PostgresSource, use: PgUse, fn: (client: pg.ClientBase) => Promise<T>) {
  await checkSourceQuery(spec.query, 'postgres');
  if (use.client) {
    const lent = use.client;
    return readOnly(lent, spec, () => fn(lent));
  }
  const client = await connect(spec);
  try {
    return await readOnly(client, spec, () => fn(client));
  } finally {
    await client.end().catch(() => undefined);
  }
}

function queryError(error: unknown, spec: PostgresSource): SourceError {
  if (error instanceof SourceError) return error;
  const message = error instanceof Error ? firstLine(error.message) : String(error);
  const code = (error as { code?: unknown }).code;
  // 42601 is any syntax error; this one is the extended protocol refusing a second statement.
  if (code === '42601' && /multiple commands/i.test(message)) {
    return new NotOneSelectError('this query holds several statements.', { cause: error });
  }
  if (code === '25006') {
    return new NotOneSelectError(`the database refused a write (${message}).`, { cause: error });
  }
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
  const result = await client.query(extended(`SELECT * FROM (${spec.query}\n) AS src LIMIT 0`, params));
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
      const result = await client.query<[string]>(
        extended(`SELECT count(*) AS n FROM (${spec.query}\n) AS src`, use.params),
      );
      return Number(result.rows[0]?.[0] ?? 0);
    } catch (error) {
      throw queryError(error, spec);
    }
  });
}

/**
 * Streams a PostgreSQL query in columnar text chunks through a server-side cursor, so that only one
 * chunk of rows is in memory at a time. Values are converted to text by the server (pgTextExpr). The
 * cursor (extended protocol: one statement) reads in a READ ONLY transaction, as every read here does.
 */
export async function* streamPostgres(
  spec: PostgresSource,
  opts: StreamOptions & PgUse = {},
): AsyncGenerator<Chunk> {
  const chunkRows = chunkRowsOf(opts);
  await checkSourceQuery(spec.query, 'postgres');
  const client = opts.client ?? (await connect(spec));
  let cursor: Cursor<Cell[]> | undefined;
  let began = false;
  try {
    await beginReadOnly(client, spec);
    began = true;
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
    if (began) await client.query('ROLLBACK').catch(() => undefined);
    if (!opts.client) await (client as pg.Client).end().catch(() => undefined);
  }
}
