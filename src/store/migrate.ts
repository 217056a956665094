import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.js';
import type { Queryable, Store } from './store.js';

/** One numbered SQL file from the migrations folder. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** `migrations/` at the package root: this module sits two levels below it in src/ and dist/. */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** SHA-256 of the file with line endings normalised, so a CRLF checkout does not look edited. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Reads `NNNN_name.sql` files in version order; other files are ignored, duplicate numbers refused. */
export async function loadMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for (const file of await readdir(dir)) {
    const match = FILE_NAME.exec(file);
    if (!match?.[1] || !match[2]) continue;
    const sql = await readFile(join(dir, file), 'utf8');
    migrations.push({ version: Number(match[1]), name: match[2], sql, checksum: migrationChecksum(sql) });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]?.version === migrations[i - 1]?.version) {
      throw new Error(`two migrations numbered ${migrations[i]?.version} in ${dir}`);
    }
  }
  return migrations;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

const label = (m: { version: number; name: string }): string =>
  `${String(m.version).padStart(4, '0')}_${m.name}`;

/**
 * Refuses a database whose applied migrations differ from the files: an edited migration
 * (migrations are never edited once landed) or one this code does not know (the database was
 * migrated by a newer version).
 */
export function checkApplied(applied: readonly AppliedRow[], known: readonly Migration[]): void {
  const byVersion = new Map(known.map((m) => [m.version, m]));
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file) {
      throw new Error(`database has migration ${label(row)} that this version does not know; upgrade ttads`);
    }
    if (file.checksum !== row.checksum) {
      throw new Error(`migration ${label(file)} was changed after it was applied (checksum mismatch)`);
    }
  }
}

// Taken inside every migration transaction, keyed by schema, so that two processes starting at
// once on the same PostgreSQL schema apply each migration exactly once (the second waits, then
// sees the row). On PGlite it is uncontended and harmless.
const LOCK = `SELECT pg_advisory_xact_lock(hashtext('ttads.migrate.' || coalesce(current_schema(), '')))`;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

async function appliedRows(tx: Queryable): Promise<AppliedRow[]> {
  return tx.query<AppliedRow>('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
}

/**
 * Brings the store's schema up to date: each pending migration runs in its own transaction and is
 * recorded in `schema_migrations` with its checksum. Returns the versions applied by this call.
 */
export async function migrate(
  store: Store,
  opts: { dir?: string; logger?: Logger; migrations?: readonly Migration[] } = {},
): Promise<number[]> {
  const migrations = opts.migrations ?? (await loadMigrations(opts.dir));
  const done = await store.transaction(async (tx) => {
    await tx.query(LOCK);
    await tx.exec(CREATE_TABLE);
    const rows = await appliedRows(tx);
    checkApplied(rows, migrations);
    return new Set(rows.map((r) => r.version));
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    const ran = await store.transaction(async (tx) => {
      await tx.query(LOCK);
      // Another process may have applied it while we waited for the lock.
      const row = await tx.queryOne<AppliedRow>(
        'SELECT version, name, checksum FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      if (row) {
        checkApplied([row], migrations);
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    if (ran) {
      applied.push(migration.version);
      opts.logger?.info({ migration: label(migration) }, 'applied migration');
    }
  }
  return applied;
}
