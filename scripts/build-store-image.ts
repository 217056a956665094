// Builds dist/store-image/: an embedded store's data directory, initialised and migrated, that a new
// data directory is copied from instead of running PGlite's initdb (seconds and ~900 MB) on first use.
// Run by `npm run build`; `ttads` falls back to initdb when it is missing or was built by another PGlite.
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations } from '../src/store/migrate.js';
import { openStore } from '../src/store/open.js';
import {
  pgliteVersion,
  STORE_IMAGE_DIR,
  storeImagePaths,
  type StoreImageManifest,
} from '../src/store/pglite-image.js';
import { tarGzDirectory } from '../src/store/tar.js';

const work = await mkdtemp(join(tmpdir(), 'ttads-store-image-'));
try {
  const dataDir = join(work, 'db');
  // initdb in its child process, as for any new store, then every migration; close() shuts PostgreSQL
  // down cleanly, so the copy starts without recovery.
  const store = await openStore({ dataDir, storeImage: false });
  await store.close();
  const manifest: StoreImageManifest = {
    pglite: await pgliteVersion(),
    migrations: (await loadMigrations()).map((m) => ({ version: m.version, checksum: m.checksum })),
  };
  const tarball = await tarGzDirectory(dataDir);
  await mkdir(STORE_IMAGE_DIR, { recursive: true });
  // Images of other PGlite versions are of no use to this installation.
  for (const old of await readdir(STORE_IMAGE_DIR)) await rm(join(STORE_IMAGE_DIR, old), { force: true });
  const paths = storeImagePaths(manifest.pglite);
  // Tarball first, manifest last (each renamed into place): a manifest always names a whole tarball.
  await writeFile(`${paths.tarball}.partial`, tarball);
  await rename(`${paths.tarball}.partial`, paths.tarball);
  await writeFile(`${paths.manifest}.partial`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${paths.manifest}.partial`, paths.manifest);
  process.stdout.write(
    `store image: ${paths.tarball} (${(tarball.length / 1048576).toFixed(1)} MiB, ` +
      `${manifest.migrations.length} migrations, PGlite ${manifest.pglite})\n`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
