import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './store.js';
import { openTestStore, TEST_ENGINES } from './store.test-support.js';

describe.each(TEST_ENGINES)('store on %s', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  const count = async (): Promise<number> =>
    (await store.queryOne<{ n: number }>('SELECT count(*) AS n FROM runs'))?.n ?? -1;

  it('reports its engine', () => {
    expect(store.engine).toBe(engine);
  });

  it('passes values as parameters, including text that looks like SQL', async () => {
    const evil = `x'); DROP TABLE runs; --`;
    await store.query(`INSERT INTO runs (id, kind, status) VALUES ($1, 'audience', $2)`, [evil, 'running']);
    const row = await store.queryOne<{ id: string; status: string }>(
      'SELECT id, status FROM runs WHERE id = $1',
      [evil],
    );
    expect(row).toEqual({ id: evil, status: 'running' });
    expect(await count()).toBe(1);
  });

  it('returns undefined from queryOne when there is no row, and null for a null parameter', async () => {
    expect(await store.queryOne('SELECT id FROM runs WHERE id = $1', ['missing'])).toBeUndefined();
    expect(await store.queryOne('SELECT $1::text AS v', [null])).toEqual({ v: null });
  });

  it('round-trips jsonb objects and arrays passed as JSON text', async () => {
    const params = { audience: 'buyers', ids: ['1', '2'], nested: { n: 1.5, ok: true, none: null } };
    const report = [{ step: 'upload', rows: 3 }];
    await store.query(
      `INSERT INTO runs (id, kind, status, params, report) VALUES ('r1', 'events', 'ok', $1, $2)`,
      [JSON.stringify(params), JSON.stringify(report)],
    );
    const row = await store.queryOne<{ params: unknown; report: unknown }>('SELECT params, report FROM runs');
    expect(row).toEqual({ params, report });
  });

  it('decodes common types the same way on both engines', async () => {
    const row = await store.queryOne(
      `SELECT count(*) AS n, 12.50::numeric AS amount, $1::text[] AS ids, $2::timestamptz AS at, true AS flag`,
      [['7', '8'], '2024-05-01T10:00:00Z'],
    );
    expect(row).toEqual({
      n: 1,
      amount: '12.50',
      ids: ['7', '8'],
      at: new Date('2024-05-01T10:00:00Z'),
      flag: true,
    });
  });

  it('runs several statements with exec', async () => {
    await store.exec(`CREATE TABLE a (x int); INSERT INTO a VALUES (1), (2); INSERT INTO a VALUES (3)`);
    expect(await store.query('SELECT x FROM a ORDER BY x')).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
  });

  it('commits a transaction and returns its value', async () => {
    const value = await store.transaction(async (tx) => {
      await tx.query(`INSERT INTO runs (id, kind, status) VALUES ('a', 'audience', 'running')`);
      return (await tx.queryOne<{ n: number }>('SELECT count(*) AS n FROM runs'))?.n;
    });
    expect(value).toBe(1);
    expect(await count()).toBe(1);
  });

  it('rolls back when the callback throws', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.query(`INSERT INTO runs (id, kind, status) VALUES ('a', 'audience', 'running')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count()).toBe(0);
  });

  it('rejects and commits nothing when a failed statement was swallowed inside the callback', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.query(`INSERT INTO runs (id, kind, status) VALUES ('a', 'audience', 'running')`);
        await tx
          .query(`INSERT INTO runs (id, kind, status) VALUES ('b', 'bogus', 'running')`)
          .catch(() => {});
      }),
    ).rejects.toThrow();
    expect(await count()).toBe(0);
    // The store is usable afterwards (no connection left in an aborted transaction).
    await store.query(`INSERT INTO runs (id, kind, status) VALUES ('c', 'events', 'ok')`);
    expect(await count()).toBe(1);
  });

  it('refuses the store itself inside its own transaction callback, then works again', async () => {
    await expect(store.transaction(() => store.query('SELECT 1'))).rejects.toThrow(/use the `tx` argument/);
    await expect(store.transaction(() => store.transaction(() => Promise.resolve(1)))).rejects.toThrow(
      /`tx`/,
    );
    expect(await store.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('refuses a transaction handle used after the transaction ended', async () => {
    let leaked: { query: (sql: string) => Promise<unknown> } | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
      await tx.query('SELECT 1');
    });
    await expect(leaked?.query('SELECT 1')).rejects.toThrow(/closed/i);
  });

  it.skipIf(engine !== 'pglite')('runs concurrent transactions one after the other', async () => {
    await store.exec('CREATE TABLE counter (n int); INSERT INTO counter VALUES (0)');
    const log: string[] = [];
    const increment = (name: string): Promise<void> =>
      store.transaction(async (tx) => {
        log.push(`${name} start`);
        const row = await tx.queryOne<{ n: number }>('SELECT n FROM counter');
        await tx.query('SELECT 1');
        await tx.query('UPDATE counter SET n = $1', [(row?.n ?? 0) + 1]);
        log.push(`${name} end`);
      });
    await Promise.all([increment('a'), increment('b'), increment('c')]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(await store.queryOne('SELECT n FROM counter')).toEqual({ n: 3 });
  });
});
