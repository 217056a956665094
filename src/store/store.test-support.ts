import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openStore, type OpenStoreOptions } from './open.js';
import type { Engine, Store } from './store.js';

/** Both engines, for `describe.each(TEST_ENGINES)`. */
export const TEST_ENGINES: readonly Engine[] = ['pglite', 'postgres'];

/** PostgreSQL used by tests: `TEST_DATABASE_URL`, else the local trust-auth server. */
export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** A fresh schema name, unlikely to collide with a parallel test. */
export function randomSchemaName(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

// A 1 MB WAL segment instead of 16 MB makes the tarball smaller and every clone ~30% faster.
// Test-only: production data directories use PGlite's defaults.
const INITDB_PARAMS = ['--wal-segsize=1'];

async function pgliteVersion(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

async function buildTemplate(): Promise<Blob> {
  const file = join(tmpdir(), `ttads-pglite-template-${await pgliteVersion()}-wal1.tar`);
  // vitest runs each test file in a fresh module graph, so a per-process cache alone would still
  // pay initdb once per file; the on-disk copy pays it once per machine.
  try {
    return new Blob([await readFile(file)]);
  } catch {
    // not cached yet
  }
  const pglite = await PGlite.create({ initDbStartParams: INITDB_PARAMS });
  try {
    const tarball = await pglite.dumpDataDir('none');
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, new Uint8Array(await tarball.arrayBuffer()));
    // Rename is atomic: a parallel worker reads either no file or a whole one.
    await rename(partial, file);
    return tarball;
  } finally {
    await pglite.close();
  }
}

let template: Promise<Blob> | undefined;

/**
 * A freshly initialised, empty PGlite data directory as a tarball (`dumpDataDir`), made once per
 * machine and process. Opening a clone takes about half a second instead of a 3-4 s `initdb`.
 */
export function pgliteTemplate(): Promise<Blob> {
  template ??= buildTemplate().catch((err: unknown) => {
    template = undefined;
    throw err;
  });
  return template;
}

/** Options of {@link openTestStore}. */
export type TestStoreOptions = Pick<OpenStoreOptions, 'logger' | 'migrationsDir' | 'dataDir' | 'schema'>;

/**
 * Opens a migrated, empty store for one test: on PGlite a clone of the template (in memory unless
 * `dataDir` is given), on PostgreSQL a new random schema. Its `close()` also throws the data away
 * (drops the schema and pg-boss's `<schema>_boss`, or deletes `dataDir`).
 */
export async function openTestStore(engine: Engine, opts: TestStoreOptions = {}): Promise<Store> {
  if (engine === 'pglite') {
    const dataDir = opts.dataDir;
    const store = await openStore({
      ...opts,
      dataDir: dataDir ?? 'memory://',
      loadDataDir: await pgliteTemplate(),
    });
    const close = store.close.bind(store);
    return Object.assign(store, {
      async close(): Promise<void> {
        await close();
        if (dataDir) await rm(dataDir, { recursive: true, force: true });
      },
    });
  }
  const schema = opts.schema ?? randomSchemaName();
  const store = await openStore({ ...opts, databaseUrl: testDatabaseUrl(), schema, poolSize: 2 });
  const close = store.close.bind(store);
  return Object.assign(store, {
    async close(): Promise<void> {
      try {
        await store.exec(
          `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_boss CASCADE`,
        );
      } finally {
        await close();
      }
    },
  });
}

/** Runs `fn` with a test store and always disposes of it. */
export async function withTestStore<T>(
  engine: Engine,
  fn: (store: Store) => Promise<T>,
  opts: TestStoreOptions = {},
): Promise<T> {
  const store = await openTestStore(engine, opts);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
