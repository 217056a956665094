import { z } from 'zod';
import { SourceError } from './errors.js';

/** File formats DuckDB reads for us; `ndjson` covers .jsonl and .ndjson (one JSON object a line). */
export const FILE_FORMATS = ['csv', 'tsv', 'parquet', 'json', 'ndjson'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** One file, or several through a glob (`data/*.parquet`), read with its columns as they are. */
export interface FileSource {
  kind: 'file';
  path: string;
  format: FileFormat;
}
/** A DuckDB query over files, e.g. `SELECT * FROM 'customers.csv' WHERE country = 'FR'`. */
export interface SqlSource {
  kind: 'sql';
  query: string;
}
/** A query run on a PostgreSQL database. */
export interface PostgresSource {
  kind: 'postgres';
  url: string;
  query: string;
  /** How long one statement may run on the server (the `sourceStatementTimeoutMs` setting); default 5 minutes. */
  statementTimeoutMs?: number | undefined;
}
export type SourceSpec = FileSource | SqlSource | PostgresSource;
/** The sources DuckDB reads itself (PostgreSQL goes through `pg`: the extension is not available). */
export type DuckSource = FileSource | SqlSource;

/** Environment variable holding the database URL for `pg:<query>` sources. */
export const SOURCE_DATABASE_URL_ENV = 'SOURCE_DATABASE_URL';

const EXTENSIONS: readonly [RegExp, FileFormat][] = [
  [/\.csv(\.(gz|zst))?$/i, 'csv'],
  [/\.(tsv|tab)(\.(gz|zst))?$/i, 'tsv'],
  [/\.parquet$/i, 'parquet'],
  [/\.(jsonl|ndjson)(\.(gz|zst))?$/i, 'ndjson'],
  [/\.json(\.(gz|zst))?$/i, 'json'],
];

/** The format a path's extension announces, or undefined when it names none we read. */
export function fileFormatOf(path: string): FileFormat | undefined {
  return EXTENSIONS.find(([pattern]) => pattern.test(path))?.[1];
}

/** Whether DuckDB will expand the path as a glob rather than open it as one file. */
export function isGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

const SQL_START = /^\s*(select|with|from)\b/i;
const PG_URL = /^postgres(ql)?:\/\//i;
const PG_PREFIX = 'pg:';

/**
 * Reads the CLI `--source` argument:
 * - a path ending in .csv, .csv.gz, .tsv, .parquet, .json, .jsonl or .ndjson (globs allowed) is a file;
 * - text starting with SELECT, WITH or FROM is DuckDB SQL over files;
 * - `pg:<query>` is a PostgreSQL query on the database named by `databaseUrl`, which the faces take from
 *   `--source-database-url` or the SOURCE_DATABASE_URL environment variable (kept out of the argument so
 *   that a password does not land in shell history or process listings).
 */
export function parseSourceArg(
  arg: string,
  opts: {
    databaseUrl?: string | undefined;
    /** The statement timeout of a `pg:` source (see PostgresSource). */
    statementTimeoutMs?: number | undefined;
  } = {},
): SourceSpec {
  const text = arg.trim();
  if (text === '') throw new SourceError('invalid_source', 'The source is empty.');
  if (text.toLowerCase().startsWith(PG_PREFIX)) {
    const query = text.slice(PG_PREFIX.length).trim();
    const url = opts.databaseUrl;
    if (query === '') throw new SourceError('invalid_source', 'The pg: source has no query after "pg:".');
    if (!url) {
      throw new SourceError(
        'invalid_source',
        `The pg: source needs a database URL: pass --source-database-url or set ${SOURCE_DATABASE_URL_ENV}.`,
      );
    }
    const timeout =
      opts.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: opts.statementTimeoutMs };
    return checkPostgres({ kind: 'postgres', url, query, ...timeout });
  }
  if (PG_URL.test(text)) {
    throw new SourceError(
      'invalid_source',
      `A database URL alone is not a source: give the query as pg:<query> and the URL with --source-database-url or ${SOURCE_DATABASE_URL_ENV}.`,
    );
  }
  if (SQL_START.test(text)) return { kind: 'sql', query: text };
  const format = fileFormatOf(text);
  if (format) return { kind: 'file', path: text, format };
  throw new SourceError(
    'invalid_source',
    `Cannot tell what kind of source "${text}" is: expected a file ending in .csv, .csv.gz, .tsv, .parquet, ` +
      '.json, .jsonl or .ndjson, a SQL query starting with SELECT, WITH or FROM, or pg:<query>.',
  );
}

function checkPostgres(spec: PostgresSource): PostgresSource {
  if (!PG_URL.test(spec.url)) {
    throw new SourceError('invalid_source', 'The database URL must start with postgres:// or postgresql://.');
  }
  return spec;
}

/** The object form of a source, as stored in configuration; `format` defaults from the file extension. */
export const sourceSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string().min(1), format: z.enum(FILE_FORMATS).optional() }),
  z.object({
    kind: z.literal('sql'),
    query: z.string().regex(SQL_START, 'must start with SELECT, WITH or FROM'),
  }),
  z.object({ kind: z.literal('postgres'), url: z.string().regex(PG_URL), query: z.string().min(1) }),
]);
export type SourceSpecInput = z.input<typeof sourceSpecSchema>;

/** Validates a configured source object and fills the file format from the extension. */
export function parseSourceSpec(input: unknown): SourceSpec {
  const parsed = sourceSpecSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new SourceError('invalid_source', `Invalid source: ${where}${issue?.message ?? 'unknown problem'}`);
  }
  const spec = parsed.data;
  if (spec.kind !== 'file') return spec;
  const format = spec.format ?? fileFormatOf(spec.path);
  if (!format) {
    throw new SourceError(
      'invalid_source',
      `Cannot tell the format of "${spec.path}" from its extension: set format to one of ${FILE_FORMATS.join(', ')}.`,
    );
  }
  return { kind: 'file', path: spec.path, format };
}

/** A short description of a source that is safe to log and show: no database password, query cut short. */
export function sourceLabel(spec: SourceSpec): string {
  if (spec.kind === 'file') return spec.path;
  const query = spec.query.replace(/\s+/g, ' ').trim();
  const short = query.length > 80 ? `${query.slice(0, 77)}...` : query;
  if (spec.kind === 'sql') return `SQL source (${short})`;
  return `PostgreSQL ${redactUrl(spec.url)} (${short})`;
}

/** The URL with any password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
