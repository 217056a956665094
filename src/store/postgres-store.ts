import pg from 'pg';
import type { Logger } from '../logger.js';
import type { PostgresStore, Queryable } from './store.js';
import { assertOutsideTransaction, runInTransactionContext } from './tx-guard.js';

/** How to reach PostgreSQL. */
export interface PostgresStoreOptions {
  connectionString: string;
  /** Schema to create (if missing) and put first on every connection's `search_path`. */
  schema?: string;
  /** Pool size; the control plane needs few connections. */
  poolSize?: number;
  logger: Logger;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Refuses schema names that would need quoting, so they can be placed in SQL and options as is. */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and _`);
  }
}

const INT8_OID = 20;
// PGlite returns int8 (count(*), bigint columns) as a JS number; node-postgres as a string.
// Parse to number here too so that code behaves the same on both engines.
const types = new pg.TypeOverrides();
types.setTypeParser(INT8_OID, 'text', (value: string) => Number(value));

type Runner = Pick<pg.Pool | pg.PoolClient, 'query'>;

function wrap(db: Runner, before: () => void): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
      before();
      const result = await db.query(sql, params ? [...params] : undefined);
      return result.rows as T[];
    },
    async queryOne<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined> {
      before();
      const result = await db.query(sql, params ? [...params] : undefined);
      return result.rows[0] as T | undefined;
    },
    async exec(sql: string): Promise<void> {
      before();
      // Without parameters node-postgres uses the simple protocol, which accepts several statements.
      await db.query(sql);
    },
  };
}

/**
 * Runs `fn` in BEGIN/COMMIT on one pooled connection. A connection whose ROLLBACK failed is in an
 * unknown state, so it is destroyed rather than returned to the pool.
 */
async function runTransaction<T>(
  pool: pg.Pool,
  fn: (tx: Queryable) => Promise<T>,
  owner: object,
): Promise<T> {
  const client = await pool.connect();
  let closed = false;
  let broken: Error | undefined;
  const tx = wrap(client, () => {
    if (closed) throw new Error('transaction is closed');
  });
  try {
    await client.query('BEGIN');
    const value = await runInTransactionContext(owner, () => fn(tx));
    closed = true;
    const commit = await client.query('COMMIT');
    // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK and no error; PGlite throws.
    if (commit.command === 'ROLLBACK') {
      throw new Error('transaction aborted by an earlier failed statement; nothing was committed');
    }
    return value;
  } catch (err) {
    if (!closed) {
      closed = true;
      await client.query('ROLLBACK').catch((rollbackErr: Error) => {
        broken = rollbackErr;
      });
    }
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * Opens a small node-postgres pool as a Store. With `schema`, the schema is created if missing and
 * every connection starts with it on its `search_path` (a start-up option, so no connection can be
 * handed out before it is set).
 */
export async function postgresStore(opts: PostgresStoreOptions): Promise<PostgresStore> {
  const { schema, logger } = opts;
  if (schema !== undefined) assertSchemaName(schema);
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.poolSize ?? 4,
    types,
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection dropped by the server emits 'error' on the pool; unhandled it kills the process.
  pool.on('error', (err) => logger.warn({ err: err.message }, 'idle PostgreSQL connection failed'));
  const owner = {};
  const guard = (): void => assertOutsideTransaction(owner);
  try {
    if (schema !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return {
    engine: 'postgres',
    raw: pool,
    connectionString: opts.connectionString,
    schema,
    ...wrap(pool, guard),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      guard();
      return runTransaction(pool, fn, owner);
    },
    async close(): Promise<void> {
      if (!pool.ended) await pool.end();
    },
  };
}
