import { fromPglite, type ConstructorOptions } from 'pg-boss';
import type { Store } from './store.js';

/** The database part of pg-boss's constructor options. */
export type BossDbOptions = Pick<
  ConstructorOptions,
  'db' | 'backend' | 'connectionString' | 'schema' | 'max'
>;

/**
 * Tells pg-boss where to keep its queue for a given store. On PGlite it shares the store's one
 * instance through pg-boss's `fromPglite` adapter (PGlite's lock keeps its statements out of our
 * open transactions). On PostgreSQL it gets its own small pool on the same database, which gives
 * it LISTEN/NOTIFY and its own transactions. A store opened with a schema puts pg-boss in
 * `<schema>_boss`, so that parallel tests stay apart; otherwise pg-boss uses its default `pgboss`.
 * Starting and stopping pg-boss stays with the caller; stop it before closing the store.
 */
export function bossDbOptions(store: Store, opts: { max?: number } = {}): BossDbOptions {
  if (store.engine === 'pglite') {
    return { db: fromPglite(store.raw), backend: 'pglite' };
  }
  return {
    connectionString: store.connectionString,
    max: opts.max ?? 2,
    ...(store.schema !== undefined ? { schema: `${store.schema}_boss` } : {}),
  };
}
