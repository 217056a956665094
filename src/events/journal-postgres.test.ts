import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { openStore } from '../store/open.js';
import { openTestStore, testDatabaseUrl } from '../store/store.test-support.js';
import { acquireRunLock, RunLockLostError } from '../store/run-lock.js';
import { journalKey, type JournalEntry } from './journal.js';
import { PostgresJournal } from './journal-postgres.js';

const entry = (i: number, eventTime = 1_700_000_000): JournalEntry => ({
  eventSourceId: '7000000000000000001',
  eventId: `order-${i}`,
  event: 'Purchase',
  eventTime,
});

describe('the events journal in PostgreSQL', () => {
  let store: Store;
  let machine2: Store;
  beforeEach(async () => {
    const opened = await openTestStore('postgres');
    if (opened.engine !== 'postgres') throw new Error('a PostgreSQL store was asked for');
    store = opened;
    // Another machine: its own pool on the same database.
    machine2 = await openStore({ databaseUrl: testDatabaseUrl(), schema: opened.schema!, poolSize: 1 });
  });
  afterEach(async () => {
    await machine2.close();
    await store.close();
  });

  it('shares what one machine got acknowledged with every other, page after page', async () => {
    const one = new PostgresJournal(store);
    await one.startRun('run-1');
    await Promise.all([one.append([entry(1), entry(2)]), one.append([entry(3)]), one.append([entry(2)])]);
    await one.append(Array.from({ length: 20 }, (_, i) => entry(100 + i)));
    await one.close();

    const two = new PostgresJournal(machine2);
    expect(await two.count()).toBe(23);
    // Pages of 4 keys: the last page and the ones in between all count.
    const keys = await two.loadKeys(0, 4);
    expect(keys.size).toBe(23);
    for (const i of [1, 2, 3, 100, 119]) expect(keys.has(journalKey(entry(i)))).toBe(true);
    expect(keys.has(journalKey(entry(4)))).toBe(false);
    const rows = await store.query<{ run_id: string }>('SELECT DISTINCT run_id FROM event_journal');
    expect(rows).toEqual([{ run_id: 'run-1' }]);
  });

  it('loads only keys inside the window and prunes those past it', async () => {
    const journal = new PostgresJournal(store);
    await journal.startRun('run-1');
    await journal.append([entry(1, 1000), entry(2, 2000), entry(3, 3000)]);
    const keys = await journal.loadKeys(2000);
    expect([1, 2, 3].map((i) => keys.has(journalKey(entry(i))))).toEqual([false, true, true]);
    expect(await journal.prune(2500)).toBe(2);
    expect(await journal.count()).toBe(1);
  });

  it('records nothing once the run lost its lock', async () => {
    const lock = await acquireRunLock(store, { scope: 'events:1', runId: 'run-1', concurrentRuns: 'refuse' });
    const journal = new PostgresJournal(machine2, lock);
    await journal.startRun('run-1');
    await journal.append([entry(1)]);
    await store.query(`SELECT pg_terminate_backend(backend_pid) FROM run_locks WHERE scope = 'events:1'`);
    // pg_terminate_backend only signals the backend: wait until it is gone with its lock.
    while (
      (
        await store.query(
          `SELECT 1 FROM run_locks l JOIN pg_locks k ON k.pid = l.backend_pid WHERE l.scope = 'events:1'`,
        )
      ).length > 0
    )
      await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(journal.append([entry(2)])).rejects.toBeInstanceOf(RunLockLostError);
    expect(await journal.count()).toBe(1);
    await lock.release();
  });

  it('refuses an append before the run is started', async () => {
    await expect(new PostgresJournal(store).append([entry(1)])).rejects.toThrow('before startRun');
  });
});
