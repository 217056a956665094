import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR, loadMigrations, migrate, migrationChecksum } from './migrate.js';
import { openStore } from './open.js';
import type { Store } from './store.js';
import { openTestStore, TEST_ENGINES, testDatabaseUrl } from './store.test-support.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ttads-migrations-'));
  await writeFile(join(dir, '0001_first.sql'), 'CREATE TABLE first (id int PRIMARY KEY);\n');
  await writeFile(
    join(dir, '0002_second.sql'),
    'CREATE TABLE second (id int);\nINSERT INTO second VALUES (1);\n',
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadMigrations', () => {
  it('reads numbered files in order and ignores other files', async () => {
    await writeFile(join(dir, '0010_later.sql'), 'SELECT 1;');
    await writeFile(join(dir, 'README.md'), 'not a migration');
    await writeFile(join(dir, '3_bad_name.sql'), 'SELECT 1;');
    const migrations = await loadMigrations(dir);
    expect(migrations.map((m) => [m.version, m.name])).toEqual([
      [1, 'first'],
      [2, 'second'],
      [10, 'later'],
    ]);
    expect(migrations[0]?.checksum).toBe(migrationChecksum('CREATE TABLE first (id int PRIMARY KEY);\n'));
  });

  it('refuses two migrations with the same number', async () => {
    await writeFile(join(dir, '0002_other.sql'), 'SELECT 1;');
    await expect(loadMigrations(dir)).rejects.toThrow(/two migrations numbered 2/);
  });

  it('ignores line-ending differences in the checksum', () => {
    expect(migrationChecksum('SELECT 1;\r\nSELECT 2;\r\n')).toBe(migrationChecksum('SELECT 1;\nSELECT 2;\n'));
  });

  it('finds the package migrations folder', async () => {
    const migrations = await loadMigrations(DEFAULT_MIGRATIONS_DIR);
    expect(migrations[0]).toMatchObject({ version: 1, name: 'init' });
  });
});

describe.each(TEST_ENGINES)('migrate on %s', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(engine, { migrationsDir: dir });
  });
  afterEach(async () => {
    await store.close();
  });

  const versions = async (): Promise<number[]> =>
    (await store.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map(
      (r) => r.version,
    );

  it('applies each migration once and records its checksum', async () => {
    expect(await versions()).toEqual([1, 2]);
    expect(await migrate(store, { dir })).toEqual([]);
    expect(await store.query('SELECT id FROM second')).toEqual([{ id: 1 }]);
    const first = await store.queryOne<{ checksum: string }>(
      'SELECT checksum FROM schema_migrations WHERE version = 1',
    );
    expect(first?.checksum).toBe(migrationChecksum('CREATE TABLE first (id int PRIMARY KEY);\n'));
  });

  it('applies only the new migrations later', async () => {
    await writeFile(join(dir, '0003_third.sql'), 'ALTER TABLE second ADD COLUMN note text;');
    expect(await migrate(store, { dir })).toEqual([3]);
    expect(await versions()).toEqual([1, 2, 3]);
  });

  it('refuses an applied migration whose file changed, before applying anything', async () => {
    await writeFile(join(dir, '0001_first.sql'), 'CREATE TABLE first (id bigint PRIMARY KEY);\n');
    await writeFile(join(dir, '0003_third.sql'), 'CREATE TABLE third (id int);');
    await expect(migrate(store, { dir })).rejects.toThrow(/0001_first was changed after it was applied/);
    expect(await versions()).toEqual([1, 2]);
  });

  it('refuses a database migrated by a newer version', async () => {
    await rm(join(dir, '0002_second.sql'));
    await expect(migrate(store, { dir })).rejects.toThrow(/0002_second that this version does not know/);
  });

  it('rolls back a failing migration entirely and keeps the earlier ones', async () => {
    await writeFile(
      join(dir, '0003_bad.sql'),
      'CREATE TABLE third (id int);\nSELECT no_such_column FROM second;',
    );
    await expect(migrate(store, { dir })).rejects.toThrow(/no_such_column/);
    expect(await versions()).toEqual([1, 2]);
    expect(await store.queryOne(`SELECT to_regclass('third') AS t`)).toEqual({ t: null });
  });

  it('applies each migration exactly once when two migrators run at once', async () => {
    await writeFile(join(dir, '0003_third.sql'), 'CREATE TABLE third (id int);');
    await writeFile(join(dir, '0004_fourth.sql'), 'CREATE TABLE fourth (id int);');
    const [a, b] = await Promise.all([migrate(store, { dir }), migrate(store, { dir })]);
    expect([...a, ...b].sort()).toEqual([3, 4]);
    expect(await versions()).toEqual([1, 2, 3, 4]);
  });

  it.skipIf(engine !== 'postgres')('makes a second process wait while the first migrates', async () => {
    if (store.engine !== 'postgres' || !store.schema) throw new Error('postgres store expected');
    // The first migrator to reach 0003 blocks inside it on `gate`, which this test holds. Without
    // the migration lock the second would run 0003 too and both would wait on the gate.
    const gate = Math.floor(Math.random() * 1e9);
    const marker = `gate_${gate}`;
    const other = await openStore({
      databaseUrl: testDatabaseUrl(),
      schema: store.schema,
      migrationsDir: dir,
    });
    await writeFile(join(dir, '0003_gated.sql'), `SELECT pg_advisory_xact_lock(${gate}) AS ${marker};`);
    const holder = new pg.Client({ connectionString: testDatabaseUrl() });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [gate]);
      const both = Promise.all([migrate(store, { dir }), migrate(other, { dir })]);
      // Wait (by polling the server, not the clock) until both migrators are blocked on a lock.
      for (;;) {
        const row = await holder.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'
             AND (query LIKE $1 OR query LIKE '%ttads.migrate.%')`,
          [`%${marker}%`],
        );
        if (Number(row.rows[0]?.n) >= 2) break;
      }
      await holder.query('SELECT pg_advisory_unlock($1)', [gate]);
      const [a, b] = await both;
      expect([...a, ...b]).toEqual([3]);
      expect(await versions()).toEqual([1, 2, 3]);
    } finally {
      await holder.end();
      await other.close();
    }
  });
});

describe.each(TEST_ENGINES)('package migrations on %s', (engine) => {
  it('create the control-plane tables', async () => {
    const store = await openTestStore(engine);
    try {
      const tables = await store.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = current_schema() ORDER BY table_name`,
      );
      // Later migrations add tables; these are the ones every version has.
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining(['audience_matches', 'audience_state', 'runs', 'schema_migrations']),
      );
      await store.query(`INSERT INTO audience_state (key, advertiser_ids, name) VALUES ($1, $2, $3)`, [
        'k1',
        ['7000000000000000001', '7000000000000000002'],
        'Repeat buyers',
      ]);
      expect(await store.queryOne('SELECT advertiser_ids, snapshot_version FROM audience_state')).toEqual({
        advertiser_ids: ['7000000000000000001', '7000000000000000002'],
        snapshot_version: 0,
      });
    } finally {
      await store.close();
    }
  });
});
