import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type JS } from '@duckdb/node-api';
import type { Chunk } from './chunk.js';
import { bindable, type SqlParams } from './duck-params.js';
import { describeQuery, readTextChunks, type TextStreamOptions } from './duck-read.js';
import type { ColumnInfo } from './text-cast.js';

export interface DuckOptions {
  /** DuckDB memory_limit; beyond it DuckDB spills to `tempDirectory`. Default 512MB. */
  memoryLimit?: string;
  /** Worker threads. Default 2 (the machines we target have 2 cores). */
  threads?: number;
  /** Where DuckDB spills; default a fresh directory under the OS temp dir, removed on close. */
  tempDirectory?: string;
  /**
   * A scratch database file instead of an in-memory database, removed on close. Tables of a file database are
   * evicted to it under memory pressure, which in-memory tables of tens of millions of rows are not.
   */
  scratchFile?: string;
}

/**
 * One in-memory DuckDB database with one connection, for modules that keep bulk work inside DuckDB
 * (normalising, hashing, diffing) and only pull results into JavaScript.
 * The session runs in UTC; extensions are never downloaded (parquet, json and icu are built in).
 */
export interface Duck {
  /** The underlying connection, for what the wrapper does not cover (appenders, prepared statements). */
  readonly connection: DuckDBConnection;
  /** Runs a statement and returns all rows as objects with JS values (bigint for BIGINT, Date for timestamps). */
  run(sql: string, params?: SqlParams): Promise<Record<string, JS>[]>;
  /** Column names and types a query would return, without running it to completion. */
  describe(sql: string, params?: SqlParams): Promise<ColumnInfo[]>;
  /** Streams a query's rows as text in columnar chunks (see duckTextExpr for how values become text). */
  stream(sql: string, params?: SqlParams, opts?: TextStreamOptions): AsyncIterable<Chunk>;
  /** Closes the database and removes the spill directory it created. Safe to call twice. */
  close(): void;
}

/** Opens an in-memory DuckDB configured for bounded memory and no network. */
export async function openDuck(opts: DuckOptions = {}): Promise<Duck> {
  const ownTemp = opts.tempDirectory === undefined;
  const tempDirectory = opts.tempDirectory ?? mkdtempSync(join(tmpdir(), 'ttads-duck-'));
  let instance: DuckDBInstance | undefined;
  try {
    if (opts.scratchFile) removeScratch(opts.scratchFile);
    instance = await DuckDBInstance.create(opts.scratchFile ?? ':memory:', {
      memory_limit: opts.memoryLimit ?? '512MB',
      threads: String(opts.threads ?? 2),
      temp_directory: tempDirectory,
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const connection = await instance.connect();
    await connection.run("SET TimeZone = 'UTC'");
    return wrap(instance, connection, ownTemp ? tempDirectory : undefined, opts.scratchFile);
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

function removeScratch(file: string): void {
  for (const path of [file, `${file}.wal`]) rmSync(path, { force: true });
}

function wrap(
  instance: DuckDBInstance,
  connection: DuckDBConnection,
  ownTemp: string | undefined,
  scratchFile?: string,
): Duck {
  let closed = false;
  return {
    connection,
    async run(sql, params) {
      const reader = await connection.runAndReadAll(sql, bindable(params));
      return reader.getRowObjectsJS();
    },
    describe: (sql, params) => describeQuery(connection, sql, params),
    stream: (sql, params, opts) => readTextChunks(connection, sql, params, opts),
    close() {
      if (closed) return;
      closed = true;
      connection.closeSync();
      instance.closeSync();
      if (ownTemp) rmSync(ownTemp, { recursive: true, force: true });
      if (scratchFile) removeScratch(scratchFile);
    },
  };
}
