import { PgBoss } from 'pg-boss';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bossDbOptions, loadPgBoss } from './boss-db.js';
import type { Store } from './store.js';
import { openTestStore, TEST_ENGINES } from './store.test-support.js';

describe.each(TEST_ENGINES)('pg-boss on the %s store', (engine) => {
  let store: Store;
  let boss: PgBoss;
  beforeEach(async () => {
    store = await openTestStore(engine);
    await loadPgBoss();
    boss = new PgBoss({ ...bossDbOptions(store), supervise: false, schedule: false });
    boss.on('error', () => {});
    await boss.start();
  });
  afterEach(async () => {
    await boss.stop({ graceful: false });
    await store.close();
  });

  it('sends, fetches and completes a job', async () => {
    await boss.createQueue('probe');
    const id = await boss.send('probe', { n: 1 });
    const [job] = await boss.fetch<{ n: number }>('probe');
    expect(job?.id).toBe(id);
    expect(job?.data).toEqual({ n: 1 });
    await boss.complete('probe', job?.id ?? '');
    expect((await boss.getJobById('probe', id ?? ''))?.state).toBe('completed');
  });

  it('keeps its jobs out of a store transaction that rolls back', async () => {
    await boss.createQueue('probe');
    let sent: Promise<string | null> | undefined;
    await expect(
      store.transaction(async (tx) => {
        await tx.query(`INSERT INTO runs (id, kind, status) VALUES ('r1', 'events', 'running')`);
        sent = boss.send('probe', { n: 2 });
        await tx.query('SELECT 1');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const id = await sent;
    expect(await boss.getJobById('probe', id ?? '')).toMatchObject({ data: { n: 2 } });
    expect(await store.query('SELECT id FROM runs')).toEqual([]);
  });
});

describe('loading pg-boss', () => {
  it('refuses pg-boss before it is loaded, then gives the one package', async () => {
    vi.resetModules();
    const fresh = await import('./boss-db.js');
    expect(() => fresh.loadedPgBoss()).toThrow(/not loaded/);
    const loaded = await fresh.loadPgBoss();
    expect(fresh.loadedPgBoss()).toBe(loaded);
    expect(await fresh.loadPgBoss()).toBe(loaded);
    expect(loaded.PgBoss).toBe(PgBoss);
  });
});
