import type * as PgBossPackage from 'pg-boss';
import type { ConstructorOptions } from 'pg-boss';
import type { Store } from './store.js';

/** The pg-boss package's exports. */
export type PgBossModule = typeof PgBossPackage;

let pgBoss: PgBossModule | undefined;

/**
 * Loads pg-boss, once. It is ~1 MB of JavaScript with its dependencies (luxon, cron and rrule parsers), which
 * every CLI command would otherwise load at start-up (~0.07 s of CPU, ~9 MiB) although only the commands that
 * start a workflow engine use it; `WorkflowEngine.start()` calls this.
 */
export async function loadPgBoss(): Promise<PgBossModule> {
  pgBoss ??= await import('pg-boss');
  return pgBoss;
}

/** pg-boss, once {@link loadPgBoss} has loaded it. @throws Error before that (a bug: start the engine first). */
export function loadedPgBoss(): PgBossModule {
  if (!pgBoss) throw new Error('pg-boss is not loaded yet: await loadPgBoss() (WorkflowEngine.start does)');
  return pgBoss;
}

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
 * Starting and stopping pg-boss stays with the caller; stop it before closing the store. Needs
 * {@link loadPgBoss} done.
 */
export function bossDbOptions(store: Store, opts: { max?: number } = {}): BossDbOptions {
  if (store.engine === 'pglite') {
    return { db: loadedPgBoss().fromPglite(store.raw), backend: 'pglite' };
  }
  return {
    connectionString: store.connectionString,
    max: opts.max ?? 2,
    ...(store.schema !== undefined ? { schema: `${store.schema}_boss` } : {}),
  };
}
