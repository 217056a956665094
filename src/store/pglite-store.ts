import { existsSync } from 'node:fs';
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
}

/**
 * Starts PGlite on a data directory (created with its parents if missing). A new directory costs
 * a full `initdb` (seconds); an existing one reopens in a fraction of a second.
 */
export async function openPglite(opts: OpenPgliteOptions): Promise<PGlite> {
  const inMemory = opts.dataDir.startsWith('memory://');
  // PGlite creates the data directory itself but not its parents.
  if (!inMemory) await mkdir(dirname(opts.dataDir), { recursive: true });
  const fresh = !inMemory && !existsSync(join(opts.dataDir, 'PG_VERSION'));
  const pglite = await PGlite.create(opts.dataDir, opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  if (!fresh) return pglite;
  // initdb leaves the WASM heap at ~750 MB, and a WASM heap never shrinks; reopening the new data
  // directory gives a ~290 MB instance, and the first one's memory goes back to the OS.
  await pglite.close();
  return PGlite.create(opts.dataDir);
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
