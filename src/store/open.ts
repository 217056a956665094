import { silentLogger, type Logger } from '../logger.js';
import { loadMigrations, migrate, type Migration } from './migrate.js';
import { restoreStoreImage, STORE_IMAGE_DIR } from './pglite-image.js';
import { openPglite, pgliteStore, PGLITE_LEAN_SHARED_BUFFERS } from './pglite-store.js';
import { assertSchemaName, postgresStore } from './postgres-store.js';
import { lockStore } from './store-lock.js';
import type { Store } from './store.js';

/** Default PGlite data directory, relative to the working directory. */
export const DEFAULT_DATA_DIR = './.ttads/db';

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** PostgreSQL connection string; when set, PostgreSQL is used instead of PGlite. */
  databaseUrl?: string;
  /** PGlite data directory (default `./.ttads/db`), or `memory://` for a throw-away database. */
  dataDir?: string;
  /** Schema for our tables (created if missing); lets tests and tenants share one database. */
  schema?: string;
  logger?: Logger;
  /** Directory of `NNNN_name.sql` migrations (default: the package's `migrations/`). */
  migrationsDir?: string;
  /** PGlite only: a `dumpDataDir()` tarball to start a new data directory from (tests). */
  loadDataDir?: Blob;
  /** PostgreSQL only: pool size (default 4). */
  poolSize?: number;
  /**
   * PGlite only: directory of the prepared data directory image a new data directory is made from
   * (default: the one `npm run build` leaves in `dist/store-image/`); false always runs initdb. Only used
   * with the package's own migrations and no schema, which the image was migrated with.
   */
  storeImage?: string | false;
  /**
   * PGlite only: open with little cache ({@link PGLITE_LEAN_SHARED_BUFFERS} of shared buffers instead of
   * the default 16MB), for a process that runs a few queries and exits.
   */
  lean?: boolean;
}

/** The image a new PGlite data directory may start from, with the migrations to check it against. */
interface ImageChoice {
  dir: string;
  migrations: readonly Migration[];
}

async function imageChoice(opts: OpenStoreOptions): Promise<ImageChoice | undefined> {
  const usable =
    !opts.databaseUrl && !opts.loadDataDir && opts.schema === undefined && opts.migrationsDir === undefined;
  if (!usable || opts.storeImage === false) return undefined;
  return { dir: opts.storeImage ?? STORE_IMAGE_DIR, migrations: await loadMigrations() };
}

/** PGlite in `dataDir`, locked against a second process for as long as the store is open. */
async function openLockedPglite(
  dataDir: string,
  loadDataDir: Blob | undefined,
  image: ImageChoice | undefined,
  lean: boolean,
): Promise<Store> {
  const release = dataDir.startsWith('memory://') ? () => Promise.resolve() : await lockStore(dataDir);
  try {
    const pglite = await openPglite({
      dataDir,
      ...(loadDataDir ? { loadDataDir } : {}),
      ...(image ? { prepare: (dir: string) => restoreStoreImage(dir, image.migrations, image.dir) } : {}),
      ...(lean ? { sharedBuffers: PGLITE_LEAN_SHARED_BUFFERS } : {}),
    });
    const store = pgliteStore(pglite);
    const close = store.close.bind(store);
    store.close = async () => {
      try {
        await close();
      } finally {
        await release();
      }
    };
    return store;
  } catch (err) {
    await release();
    throw err;
  }
}

/**
 * Opens the control-plane store on PostgreSQL when `databaseUrl` is given, otherwise on embedded
 * PGlite, then applies pending migrations. The store is closed again if migrating fails.
 */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const logger = opts.logger ?? silentLogger();
  // Checked before opening anything: PGlite costs a second or more to start.
  if (opts.schema !== undefined) assertSchemaName(opts.schema);
  const image = await imageChoice(opts);
  const store = opts.databaseUrl
    ? await postgresStore({
        connectionString: opts.databaseUrl,
        logger,
        ...(opts.schema !== undefined ? { schema: opts.schema } : {}),
        ...(opts.poolSize !== undefined ? { poolSize: opts.poolSize } : {}),
      })
    : await openLockedPglite(opts.dataDir ?? DEFAULT_DATA_DIR, opts.loadDataDir, image, opts.lean ?? false);
  try {
    if (store.engine === 'pglite' && opts.schema !== undefined) {
      // One connection for the life of the instance, so setting it once is enough.
      await store.exec(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}; SET search_path TO ${opts.schema}`);
    }
    await migrate(store, {
      logger,
      ...(opts.migrationsDir ? { dir: opts.migrationsDir } : {}),
      // Already read to check the image against: read once.
      ...(image ? { migrations: image.migrations } : {}),
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  logger.debug({ engine: store.engine }, 'store open');
  return store;
}
