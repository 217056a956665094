import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore } from './open.js';
import { acquireRunLock, RunLockedError, RunLockLostError } from './run-lock.js';
import { openTestStore, TEST_ENGINES, testDatabaseUrl } from './store.test-support.js';
import type { Store } from './store.js';

describe.each(TEST_ENGINES)('run locks on %s', (engine) => {
  let store: Store;
  // A second process on PostgreSQL (its own pool, as another machine has); the same store on PGlite.
  let other: Store;
  beforeEach(async () => {
    store = await openTestStore(engine);
    other =
      store.engine === 'postgres'
        ? await openStore({ databaseUrl: testDatabaseUrl(), schema: store.schema!, poolSize: 1 })
        : store;
  });
  afterEach(async () => {
    if (other !== store) await other.close();
    await store.close();
  });

  it('refuses a second run of a scope, naming the run that holds it, and lets it in once released', async () => {
    const first = await acquireRunLock(store, {
      scope: 'audience:a1',
      runId: 'run-1',
      concurrentRuns: 'wait',
    });
    const refused = acquireRunLock(other, { scope: 'audience:a1', runId: 'run-2', concurrentRuns: 'refuse' });
    await expect(refused).rejects.toBeInstanceOf(RunLockedError);
    await expect(refused).rejects.toThrow(`run run-1 on host ${hostname()}`);
    // Another scope is free meanwhile.
    const elsewhere = await acquireRunLock(other, {
      scope: 'events:e1',
      runId: 'run-3',
      concurrentRuns: 'refuse',
    });
    await elsewhere.release();
    await first.release();
    const second = await acquireRunLock(other, {
      scope: 'audience:a1',
      runId: 'run-2',
      concurrentRuns: 'refuse',
    });
    await second.checkIn(other);
    await second.release();
  });

  it('makes a second run wait, saying for which run, until the first releases', async () => {
    const first = await acquireRunLock(store, {
      scope: 'audience:a2',
      runId: 'run-1',
      concurrentRuns: 'wait',
    });
    const messages: string[] = [];
    let acquired = false;
    const waiting = acquireRunLock(other, {
      scope: 'audience:a2',
      runId: 'run-2',
      concurrentRuns: 'wait',
      pollMs: 50,
      onWait: (message) => messages.push(message),
    }).then((lock) => {
      acquired = true;
      return lock;
    });
    // The waiter has polled and said whom it waits for, and still waits.
    await vi.waitFor(() => expect(messages.length).toBeGreaterThan(0), { timeout: 5000 });
    expect(acquired).toBe(false);
    expect(messages).toEqual([
      `audience a2: waiting for run run-1 on host ${hostname()} (pid ${process.pid}) to finish`,
    ]);
    await first.release();
    const second = await waiting;
    await second.checkIn(other);
    await second.release();
  });

  it.runIf(engine === 'postgres')('a run whose lock connection died fails its commit check', async () => {
    const lock = await acquireRunLock(store, {
      scope: 'audience:a3',
      runId: 'run-1',
      concurrentRuns: 'refuse',
      heartbeatMs: 50,
    });
    await lock.checkIn(store);
    await store.query(`SELECT pg_terminate_backend(backend_pid) FROM run_locks WHERE scope = 'audience:a3'`);
    // pg_terminate_backend only signals the backend: wait until it is gone with its lock.
    while (
      (
        await store.query(
          `SELECT 1 FROM run_locks l JOIN pg_locks k ON k.pid = l.backend_pid WHERE l.scope = 'audience:a3'`,
        )
      ).length > 0
    )
      await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(store.transaction((tx) => lock.checkIn(tx))).rejects.toBeInstanceOf(RunLockLostError);
    // The lock's client hears of its connection's end asynchronously.
    await vi.waitFor(() => expect(() => lock.assertHeld()).toThrow(RunLockLostError), { timeout: 5000 });
    // PostgreSQL released the lock with the connection: another run gets it at once.
    const next = await acquireRunLock(other, {
      scope: 'audience:a3',
      runId: 'run-2',
      concurrentRuns: 'refuse',
    });
    await next.release();
    await lock.release();
  });
});
