import type { PGlite } from '@electric-sql/pglite';
import type { Pool } from 'pg';

/** The two SQL engines the store runs on. */
export type Engine = 'pglite' | 'postgres';

/**
 * What both a store and an open transaction can do.
 *
 * Values always travel as parameters (`$1`, `$2`...), never spliced into the SQL text.
 * Engine differences the callers must respect so that code behaves the same on both:
 * - pass `jsonb` parameters as `JSON.stringify(value)` (node-postgres turns a JS array into a
 *   PostgreSQL array literal, which is not valid JSON);
 * - `int8` (e.g. `count(*)`) comes back as a JS number on both engines, `numeric` as a string,
 *   `timestamptz` as a `Date`, `jsonb` parsed, `text[]` as a string array.
 */
export interface Queryable {
  /** Runs one statement and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs one statement and returns its first row, or `undefined` when there is none. */
  queryOne<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Runs several `;`-separated statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

interface StoreBase extends Queryable {
  /**
   * Runs `fn` inside one transaction: committed when `fn` resolves, rolled back when it throws.
   * Inside `fn` use only `tx`; calling the store itself there is refused, because on PGlite's
   * single connection it would wait for the transaction that waits for it.
   * Rejects when a statement failed inside `fn` even if `fn` caught that error (PostgreSQL has
   * then aborted the transaction, so nothing was committed).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Releases the engine (closes PGlite, ends the pool). */
  close(): Promise<void>;
}

/** Embedded PostgreSQL (WASM) in this process: one connection, transactions run one at a time. */
export interface PgliteStore extends StoreBase {
  readonly engine: 'pglite';
  /** The PGlite instance, for libraries that need it (pg-boss `fromPglite`). */
  readonly raw: PGlite;
}

/** A real PostgreSQL server reached through a small node-postgres pool. */
export interface PostgresStore extends StoreBase {
  readonly engine: 'postgres';
  /** The pool; every connection already has the store's `search_path`. */
  readonly raw: Pool;
  /** The connection string the pool was built from (contains credentials: never log it). */
  readonly connectionString: string;
  /** The schema given at open time, if any. */
  readonly schema: string | undefined;
}

/** The control-plane SQL store; narrow on `engine` to reach the engine-specific `raw` handle. */
export type Store = PgliteStore | PostgresStore;
