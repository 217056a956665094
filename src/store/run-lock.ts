import { TtadsError } from '../errors.js';
import { hostname } from 'node:os';
import pg from 'pg';
import type { PostgresStore, Queryable, Store } from './store.js';

/** Who holds the run lock of a scope (an audience, an event set). */
export interface RunLockHolder {
  runId: string;
  host: string;
  pid: number;
}

/** What a second run does when another holds the lock: wait for it, or refuse at once. */
export type ConcurrentRuns = 'wait' | 'refuse';

/** Another run of the same audience or event set is going, and this one was told not to wait. */
export class RunLockedError extends TtadsError {
  override readonly name = 'RunLockedError';
  constructor(
    readonly scope: string,
    readonly holder: RunLockHolder | undefined,
  ) {
    super(`${describeScope(scope)} is being run by ${describeHolder(holder)}; one run at a time.`, {
      code: 'run_locked',
      kind: 'conflict',
      hint: 'Wait for that run to finish and start again, or set concurrentRuns (TTADS_CONCURRENT_RUNS) to wait.',
    });
  }
}

/** The run's lock was lost (its connection to PostgreSQL broke): it stopped before committing anything. */
export class RunLockLostError extends TtadsError {
  override readonly name = 'RunLockLostError';
  constructor(readonly scope: string) {
    super(`The run lock of ${describeScope(scope)} was lost; the run stopped before committing anything.`, {
      code: 'run_lock_lost',
      kind: 'retry',
      hint: 'Run it again: the next run resumes from what TikTok acknowledged.',
    });
  }
}

/** A lock held for one run of one scope; released when the run ends. */
export interface RunLock {
  readonly scope: string;
  /** The run holding it. */
  readonly runId: string;
  /** Throws RunLockLostError when the lock is known lost. Cheap: call it before each commit. */
  assertHeld(): void;
  /** Checks, inside a commit's transaction, that the lock is still held by this run; throws if not. */
  checkIn(tx: Queryable): Promise<void>;
  release(): Promise<void>;
}

/** Options of {@link acquireRunLock}. */
export interface AcquireRunLockOptions {
  /** `audience:<key>`, `events:<event set>`. */
  scope: string;
  runId: string;
  concurrentRuns: ConcurrentRuns;
  /** Called when this run starts waiting, and when the holder it waits for changes. */
  onWait?: (message: string, holder: RunLockHolder | undefined) => void;
  /** How often a waiting run tries again (ms). */
  pollMs?: number;
  /** How often a held PostgreSQL lock checks its connection (ms). */
  heartbeatMs?: number;
}

/** "waiting for run X on host Y (pid P) to finish". */
export function waitingMessage(scope: string, holder: RunLockHolder | undefined): string {
  return `${describeScope(scope)}: waiting for ${describeHolder(holder)} to finish`;
}

function describeScope(scope: string): string {
  const [kind, ...rest] = scope.split(':');
  return kind === 'events' ? `event set ${rest.join(':')}` : `audience ${rest.join(':')}`;
}

function describeHolder(holder: RunLockHolder | undefined): string {
  return holder ? `run ${holder.runId} on host ${holder.host} (pid ${holder.pid})` : 'another run';
}

/**
 * Takes the run lock of `scope`, across processes and machines on PostgreSQL (a session advisory lock on a
 * connection of its own, released by PostgreSQL when the process dies), in this process on the embedded
 * store (which one process at a time may open). Waits or refuses as `concurrentRuns` says.
 */
export async function acquireRunLock(store: Store, opts: AcquireRunLockOptions): Promise<RunLock> {
  return store.engine === 'postgres' ? acquirePostgres(store, opts) : acquireLocal(store, opts);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Embedded store: the holders of each store's scopes, in this process.
const local = new WeakMap<Store, Map<string, { holder: RunLockHolder; done: Promise<void> }>>();

async function acquireLocal(store: Store, opts: AcquireRunLockOptions): Promise<RunLock> {
  const held = local.get(store) ?? new Map<string, { holder: RunLockHolder; done: Promise<void> }>();
  local.set(store, held);
  for (let current = held.get(opts.scope); current; current = held.get(opts.scope)) {
    if (opts.concurrentRuns === 'refuse') throw new RunLockedError(opts.scope, current.holder);
    opts.onWait?.(waitingMessage(opts.scope, current.holder), current.holder);
    await current.done;
  }
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  held.set(opts.scope, { holder: { runId: opts.runId, host: hostname(), pid: process.pid }, done });
  return {
    scope: opts.scope,
    runId: opts.runId,
    assertHeld: () => undefined,
    checkIn: () => Promise.resolve(),
    release() {
      if (held.get(opts.scope)?.done === done) held.delete(opts.scope);
      release();
      return Promise.resolve();
    },
  };
}

/**
 * SQL true while the run `$scope`/`$runId` (parameter numbers given) holds its PostgreSQL lock: the row names
 * the run and the backend that wrote it still holds an advisory lock. For statements that must commit only then.
 */
export function lockHeldSql(scopeParam: number, runIdParam: number): string {
  return `EXISTS (SELECT 1 FROM run_locks l WHERE l.scope = $${scopeParam} AND l.run_id = $${runIdParam} AND EXISTS (
    SELECT 1 FROM pg_locks k WHERE k.pid = l.backend_pid AND k.locktype = 'advisory' AND k.granted))`;
}

const LOCK_KEY = `hashtext('ttads.run'), hashtext(current_schema() || ':' || $1)`;

async function acquirePostgres(store: PostgresStore, opts: AcquireRunLockOptions): Promise<RunLock> {
  const client = new pg.Client({
    connectionString: store.connectionString,
    ...(store.schema !== undefined ? { options: `-c search_path=${store.schema}` } : {}),
  });
  let lost = false;
  client.on('error', () => (lost = true));
  client.on('end', () => (lost = true));
  await client.connect();
  try {
    let waitingFor: string | undefined;
    for (;;) {
      const got = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS ok`, [
        opts.scope,
      ]);
      if (got.rows[0]?.ok) break;
      const row = await client.query<{ run_id: string; host: string; pid: number }>(
        `SELECT run_id, host, pid FROM run_locks WHERE scope = $1`,
        [opts.scope],
      );
      const r = row.rows[0];
      const holder = r ? { runId: r.run_id, host: r.host, pid: r.pid } : undefined;
      if (opts.concurrentRuns === 'refuse') throw new RunLockedError(opts.scope, holder);
      if (waitingFor !== (holder?.runId ?? '')) {
        waitingFor = holder?.runId ?? '';
        opts.onWait?.(waitingMessage(opts.scope, holder), holder);
      }
      await sleep(opts.pollMs ?? 500);
    }
    await client.query(
      `INSERT INTO run_locks (scope, run_id, host, pid, backend_pid) VALUES ($1, $2, $3, $4, pg_backend_pid())
       ON CONFLICT (scope) DO UPDATE SET run_id = EXCLUDED.run_id, host = EXCLUDED.host, pid = EXCLUDED.pid,
         backend_pid = EXCLUDED.backend_pid, acquired_at = now()`,
      [opts.scope, opts.runId, hostname(), process.pid],
    );
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  // A connection that died silently is found by the heartbeat; the commit check does not depend on it.
  const heartbeat = setInterval(() => {
    client.query('SELECT 1').catch(() => (lost = true));
  }, opts.heartbeatMs ?? 5_000);
  heartbeat.unref();
  let released = false;
  return {
    scope: opts.scope,
    runId: opts.runId,
    assertHeld() {
      if (lost) throw new RunLockLostError(opts.scope);
    },
    async checkIn(tx) {
      // Held means: the row names this run and the backend that wrote it still holds an advisory lock.
      const row = await tx.queryOne<{ held: boolean }>(`SELECT ${lockHeldSql(1, 2)} AS held`, [
        opts.scope,
        opts.runId,
      ]);
      if (!row?.held || lost) throw new RunLockLostError(opts.scope);
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      if (!lost) {
        await client
          .query(`DELETE FROM run_locks WHERE scope = $1 AND run_id = $2`, [opts.scope, opts.runId])
          .catch(() => undefined);
        await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`, [opts.scope]).catch(() => undefined);
      }
      await client.end().catch(() => undefined);
    },
  };
}
