import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type OpenStoreOptions } from './open.js';
import { PGLITE_LEAN_SHARED_BUFFERS, PGLITE_SHARED_BUFFERS } from './pglite-store.js';
import type { Engine } from './store.js';
import {
  openTestStore,
  pgliteTemplate,
  randomSchemaName,
  TEST_ENGINES,
  testDatabaseUrl,
} from './store.test-support.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ttads-store-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Drops a schema left by a test; tells whether it was there. */
async function dropSchema(schema: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    return found.rowCount === 1;
  } finally {
    await client.end();
  }
}

/** Options that reopen the same database: a PGlite data directory, or a PostgreSQL schema. */
async function durableOptions(engine: Engine): Promise<OpenStoreOptions> {
  return engine === 'pglite'
    ? { dataDir: join(tmp, 'nested', 'db'), loadDataDir: await pgliteTemplate() }
    : { databaseUrl: testDatabaseUrl(), schema: randomSchemaName() };
}

describe.each(TEST_ENGINES)('openStore on %s', (engine) => {
  it('keeps data across close and reopen, without migrating again', async () => {
    const opts = await durableOptions(engine);
    const first = await openStore(opts);
    await first.query(
      `INSERT INTO runs (id, kind, status, params) VALUES ($1, 'audience', 'succeeded', $2)`,
      ['run-1', JSON.stringify({ audience: 'buyers' })],
    );
    await first.close();

    const { loadDataDir: _ignored, ...reopen } = opts;
    const second = await openStore(reopen);
    try {
      expect(second.engine).toBe(engine);
      expect(await second.query('SELECT id, params FROM runs')).toEqual([
        { id: 'run-1', params: { audience: 'buyers' } },
      ]);
      // Reopening applies nothing: every package migration is recorded exactly once.
      const versions = await second.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY 1',
      );
      const files = (await readdir(join(import.meta.dirname, '..', '..', 'migrations'))).filter((f) =>
        f.endsWith('.sql'),
      );
      expect(versions.map((v) => v.version)).toEqual(files.sort().map((f) => Number.parseInt(f, 10)));
    } finally {
      await second.close();
      if (opts.schema) await dropSchema(opts.schema);
    }
  });

  it('keeps tables in the requested schema', async () => {
    const schema = randomSchemaName();
    const store = await openTestStore(engine, { schema });
    try {
      // Other tests' stores live in schemas of their own on the same database, so only these two count.
      const rows = await store.query(
        `SELECT table_schema AS s FROM information_schema.tables
         WHERE table_name = 'runs' AND table_schema IN ($1, 'public')`,
        [schema],
      );
      expect(rows).toEqual([{ s: schema }]);
    } finally {
      await store.close();
    }
  });

  it('refuses a schema name that would need quoting', async () => {
    await expect(openTestStore(engine, { schema: 'x; DROP TABLE runs' })).rejects.toThrow(
      /invalid schema name/,
    );
  });

  it('does not open when a migration fails', async () => {
    await writeFile(join(tmp, '0001_broken.sql'), 'CREATE TABLE nope (;');
    const schema = randomSchemaName();
    try {
      await expect(openTestStore(engine, { migrationsDir: tmp, schema })).rejects.toThrow(/syntax error/);
    } finally {
      if (engine === 'postgres') await dropSchema(schema);
    }
  });
});

describe('openTestStore on postgres', () => {
  it('drops its schema on close', async () => {
    const schema = randomSchemaName();
    const store = await openTestStore('postgres', { schema });
    await store.close();
    expect(await dropSchema(schema)).toBe(false);
  });
});

describe('openStore on pglite, lean', () => {
  it('opens with the lean cache when asked, the default one otherwise', async () => {
    const dataDir = join(tmp, 'db');
    const lean = await openStore({ dataDir, loadDataDir: await pgliteTemplate(), lean: true });
    try {
      expect(await lean.queryOne('SHOW shared_buffers')).toEqual({
        shared_buffers: PGLITE_LEAN_SHARED_BUFFERS,
      });
    } finally {
      await lean.close();
    }
    const usual = await openStore({ dataDir });
    try {
      expect(await usual.queryOne('SHOW shared_buffers')).toEqual({ shared_buffers: PGLITE_SHARED_BUFFERS });
    } finally {
      await usual.close();
    }
  });
});
