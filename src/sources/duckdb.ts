import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DuckDBConnection, DuckDBInstance, JS } from '@duckdb/node-api';
import type { Chunk } from './chunk.js';
import { DEFAULT_DUCKDB_MEMORY } from './duck-defaults.js';
import { bindable, type SqlParams } from './duck-params.js';
import { describeQuery, readTextChunks, type TextStreamOptions } from './duck-read.js';
import { withSourceRoots } from './errors.js';
import { sqlString } from './relation.js';
import type { ColumnInfo } from './text-cast.js';

export interface DuckOptions {
  /**
   * DuckDB memory_limit; beyond it DuckDB spills to `tempDirectory`. Default 512MB. It bounds DuckDB's buffer
   * manager (tables, hash tables, sorts), not the process: query-time vectors, results held by JavaScript and
   * the allocator's free pages come on top.
   */
  memoryLimit?: string;
  /** Worker threads. Default 2 (the machines we target have 2 cores). */
  threads?: number;
  /** Where DuckDB spills; default a fresh directory under the OS temp dir, removed on close. */
  tempDirectory?: string;
  /**
   * Confines DuckDB's file access (the `sourceRoots` setting, TTADS_SOURCE_ROOTS): it may then read and write
   * only in these directories, `work` and its spill directory; other paths
   * and the network are refused (DuckDB's allowed_directories and allowed_paths, then enable_external_access
   * off, which also keeps a query from widening them again, refuses ATTACH of a file, INSTALL, LOAD and
   * COPY TO outside them), and the configuration is locked (see `lockConfiguration`). Unset: no restriction.
   */
  sourceRoots?: readonly string[] | undefined;
  /**
   * With `sourceRoots`: lock the configuration once confined (lock_configuration), so that no statement can
   * change a setting any more, ttads' own included. Default true; false only for a caller that must change
   * a setting after reading its source, and says why.
   */
  lockConfiguration?: boolean;
  /** What ttads itself reads or writes through this DuckDB; ignored without `sourceRoots`. */
  work?: WorkPaths;
}

/**
 * Directories and single files ttads works in besides the source roots. As narrow as the job allows: the
 * data directory as a whole also holds the secret key and other audiences' rejects, which a source query
 * must not read.
 */
export interface WorkPaths {
  directories?: readonly (string | undefined)[];
  files?: readonly (string | undefined)[];
}

/** The DuckOptions that confine a DuckDB reading sources to `sourceRoots` (nothing when unset) and `work`. */
export function sourceAccess(
  sourceRoots: readonly string[] | undefined,
  work: WorkPaths = {},
): Pick<DuckOptions, 'sourceRoots' | 'work'> {
  return sourceRoots ? { sourceRoots, work } : {};
}

/**
 * One in-memory DuckDB database with one connection, for modules that keep bulk work inside DuckDB
 * (normalising, hashing, diffing) and only pull results into JavaScript.
 * The session runs in UTC; extensions are never downloaded (parquet, json and icu are built in).
 */
export interface Duck {
  /** The underlying connection, for what the wrapper does not cover (appenders, prepared statements). */
  readonly connection: DuckDBConnection;
  /** Whether settings are locked (a confined database): `SET` fails, so callers skip their tuning. */
  readonly locked: boolean;
  /** Runs a statement and returns all rows as objects with JS values (bigint for BIGINT, Date for timestamps). */
  run(sql: string, params?: SqlParams): Promise<Record<string, JS>[]>;
  /** Column names and types a query would return, without running it to completion. */
  describe(sql: string, params?: SqlParams): Promise<ColumnInfo[]>;
  /** Streams a query's rows as text in columnar chunks (see duckTextExpr for how values become text). */
  stream(sql: string, params?: SqlParams, opts?: TextStreamOptions): AsyncIterable<Chunk>;
  /**
   * Another connection to the same database, for queries that run while the first one is busy (a sync builds
   * request bodies while it plans); settings are the database's. Closed with the database.
   */
  connect(): Promise<DuckDBConnection>;
  /** Closes the database and removes the spill directory it created. Safe to call twice. */
  close(): void;
}

/** Opens an in-memory DuckDB configured for bounded memory and no network. */
export async function openDuck(opts: DuckOptions = {}): Promise<Duck> {
  const ownTemp = opts.tempDirectory === undefined;
  const tempDirectory = opts.tempDirectory ?? mkdtempSync(join(tmpdir(), 'ttads-duck-'));
  let instance: DuckDBInstance | undefined;
  try {
    // Loaded on first use: DuckDB's native library costs a command that never reads a source ~0.3 s.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    instance = await DuckDBInstance.create(':memory:', {
      memory_limit: opts.memoryLimit ?? DEFAULT_DUCKDB_MEMORY,
      threads: String(opts.threads ?? 2),
      temp_directory: tempDirectory,
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      // DuckDB's allocator (its own jemalloc) keeps freed pages until a later allocation purges them; its
      // background threads return them within a second. They cut a sync's peak RSS by ~45 MiB at 1M rows and
      // ~70-240 MiB at 10M, memory that memory_limit does not count (docs/benchmarks.md, "Audience sync memory").
      allocator_background_threads: 'true',
    });
    const connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    const locked = opts.sourceRoots !== undefined && opts.lockConfiguration !== false;
    if (opts.sourceRoots) {
      const directories = [...opts.sourceRoots, ...(opts.work?.directories ?? []), tempDirectory];
      await confine(connection, directories, opts.work?.files ?? []);
      if (locked) await connection.run('SET lock_configuration = true');
    }
    return wrap(instance, connection, locked, ownTemp ? tempDirectory : undefined, opts.sourceRoots);
  } catch (error) {
    instance?.closeSync();
    if (ownTemp) rmSync(tempDirectory, { recursive: true, force: true });
    throw error;
  }
}

/** Runs `fn` with a fresh DuckDB and always closes it. */
export async function withDuck<T>(fn: (duck: Duck) => Promise<T>, opts?: DuckOptions): Promise<T> {
  const duck = await openDuck(opts);
  try {
    return await fn(duck);
  } finally {
    duck.close();
  }
}

/**
 * Limits the database's file access to `directories` and `files` (made absolute; DuckDB resolves relative
 * paths of queries against the working directory). The order matters: the lists cannot change once
 * external access is off, and this binding accepts none of these settings at instance creation.
 */
async function confine(
  connection: DuckDBConnection,
  directories: readonly (string | undefined)[],
  files: readonly (string | undefined)[],
): Promise<void> {
  const list = (paths: readonly (string | undefined)[]) =>
    [...new Set(paths.flatMap((p) => (p ? [resolve(p)] : [])))].map(sqlString).join(', ');
  await connection.run(`SET allowed_directories = [${list(directories)}]`);
  if (files.some(Boolean)) await connection.run(`SET allowed_paths = [${list(files)}]`);
  await connection.run('SET enable_external_access = false');
}

function wrap(
  instance: DuckDBInstance,
  connection: DuckDBConnection,
  locked: boolean,
  ownTemp: string | undefined,
  sourceRoots?: readonly string[],
): Duck {
  let closed = false;
  const others: DuckDBConnection[] = [];
  // A confined database names its roots in the error of a source outside them.
  const named = async <T>(promise: Promise<T>): Promise<T> => {
    try {
      return await promise;
    } catch (error) {
      throw sourceRoots ? withSourceRoots(error, sourceRoots) : error;
    }
  };
  return {
    connection,
    locked,
    async run(sql, params) {
      const reader = await named(connection.runAndReadAll(sql, bindable(params)));
      return reader.getRowObjectsJS();
    },
    describe: (sql, params) => named(describeQuery(connection, sql, params)),
    stream: (sql, params, opts) =>
      sourceRoots
        ? namedStream(readTextChunks(connection, sql, params, opts), sourceRoots)
        : readTextChunks(connection, sql, params, opts),
    async connect() {
      const other = await instance.connect();
      others.push(other);
      return other;
    },
    close() {
      if (closed) return;
      closed = true;
      for (const other of others) other.closeSync();
      connection.closeSync();
      instance.closeSync();
      if (ownTemp) rmSync(ownTemp, { recursive: true, force: true });
    },
  };
}

async function* namedStream(
  chunks: AsyncIterable<Chunk>,
  sourceRoots: readonly string[],
): AsyncGenerator<Chunk> {
  try {
    yield* chunks;
  } catch (error) {
    throw withSourceRoots(error, sourceRoots);
  }
}
