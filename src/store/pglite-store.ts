import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { PgliteStore, Queryable } from './store.js';
import { assertOutsideTransaction, runInTransactionContext } from './tx-guard.js';

/** Where and how to open an embedded PGlite database. */
export interface OpenPgliteOptions {
  /** A directory on disk, or `memory://` for a throw-away in-memory database. */
  dataDir: string;
  /** A `dumpDataDir()` tarball to start from instead of running `initdb` (used by tests). */
  loadDataDir?: Blob;
  /**
   * Makes a new data directory some faster way than initdb (the prepared image); returns false to fall
   * back to initdb. Not called for an existing directory, `memory://` or with `loadDataDir`.
   */
  prepare?: (dataDir: string) => Promise<boolean>;
  /** PostgreSQL's shared buffers (default {@link PGLITE_SHARED_BUFFERS}), e.g. `4MB`. */
  sharedBuffers?: string;
}

/**
 * PostgreSQL's shared buffers for the embedded store. PGlite's data directories say 128MB, which
 * PGlite allocates and touches at every start: ~130 MB of RSS and ~0.4 s of CPU before the first query.
 * The store holds control-plane rows, never bulk data, so 16MB caches all it reads; the setting is
 * passed at start (`-c`), leaving the data directory's postgresql.conf as initdb wrote it.
 */
export const PGLITE_SHARED_BUFFERS = '16MB';

/**
 * Shared buffers for a process that opens the store for a few queries and exits (a CLI command): every
 * megabyte of shared buffers is RSS from the start, and such a process reads a few pages.
 */
export const PGLITE_LEAN_SHARED_BUFFERS = '4MB';

/** PGlite's own start parameters plus ours. */
export function pgliteStartParams(sharedBuffers: string = PGLITE_SHARED_BUFFERS): string[] {
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`];
}

/**
 * Starts PGlite on a data directory (created with its parents if missing). A new directory is made by
 * `prepare` (the prepared image) or else costs a full `initdb` (seconds); an existing one reopens in
 * about a second.
 */
export async function openPglite(opts: OpenPgliteOptions): Promise<PGlite> {
  const inMemory = opts.dataDir.startsWith('memory://');
  // PGlite creates the data directory itself but not its parents.
  if (!inMemory) await mkdir(dirname(opts.dataDir), { recursive: true });
  const fresh = !inMemory && !opts.loadDataDir && !existsSync(join(opts.dataDir, 'PG_VERSION'));
  if (fresh && !(await opts.prepare?.(opts.dataDir))) await initInChildProcess(opts.dataDir);
  return PGlite.create(opts.dataDir, {
    startParams: pgliteStartParams(opts.sharedBuffers),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
}

/**
 * Runs PGlite's initdb in a short-lived child process. initdb grows the WASM heap to ~900 MB and a WASM
 * heap never shrinks, so doing it here would leave this process that heavy for its whole life (and its
 * peak memory above a 1 GiB budget); reopening the initialised directory costs ~300 MB.
 */
async function initInChildProcess(dataDir: string): Promise<void> {
  const pgliteUrl = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
  const script =
    `const { PGlite } = await import(${JSON.stringify(pgliteUrl)});` +
    `const db = await PGlite.create(${JSON.stringify(dataDir)}); await db.close();`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`initialising the embedded store in ${dataDir} failed: ${stderr.trim()}`)),
    );
  });
}

function wrap(db: Pick<PGlite | Transaction, 'query' | 'exec'>, before: () => void): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
      before();
      const result = await db.query<T>(sql, params ? [...params] : undefined);
      return result.rows;
    },
    async queryOne<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
      before();
      const result = await db.query<T>(sql, params ? [...params] : undefined);
      return result.rows[0];
    },
    async exec(sql: string): Promise<void> {
      before();
      await db.exec(sql);
    },
  };
}

/**
 * Wraps an open PGlite instance as a Store; the store owns it from then on (`close()` closes it).
 * PGlite's own transaction lock makes every other query (ours and pg-boss's on the same instance)
 * wait while a transaction is open, which is the serialisation a single connection needs.
 */
export function pgliteStore(pglite: PGlite): PgliteStore {
  const owner = {};
  const guard = (): void => assertOutsideTransaction(owner);
  return {
    engine: 'pglite',
    raw: pglite,
    ...wrap(pglite, guard),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      guard();
      return pglite.transaction((tx) => runInTransactionContext(owner, () => fn(wrap(tx, () => {}))));
    },
    async close(): Promise<void> {
      if (!pglite.closed) await pglite.close();
    },
  };
}
