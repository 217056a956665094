import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, type Migration } from './migrate.js';
import { openStore } from './open.js';
import {
  imageFits,
  pgliteVersion,
  restoreStoreImage,
  storeImagePaths,
  type StoreImageManifest,
} from './pglite-image.js';
import { PGLITE_SHARED_BUFFERS } from './pglite-store.js';
import { pgliteTemplate } from './store.test-support.js';
import { tarGzDirectory } from './tar.js';

let tmp: string;
let known: Migration[];
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ttads-image-'));
  known = await loadMigrations();
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** An image as `npm run build` makes one, from a migrated store holding one marker run. */
let images = 0;
async function buildImage(manifest?: (m: StoreImageManifest) => StoreImageManifest): Promise<string> {
  images += 1;
  const source = join(tmp, `source-${images}`, 'db');
  const store = await openStore({ dataDir: source, loadDataDir: await pgliteTemplate() });
  await store.query(
    `INSERT INTO runs (id, kind, status, params) VALUES ('from-image', 'audience', 'succeeded', '{}')`,
  );
  await store.close();
  const imageDir = join(tmp, `image-${images}`);
  await mkdir(imageDir);
  const paths = storeImagePaths(await pgliteVersion(), imageDir);
  await writeFile(paths.tarball, await tarGzDirectory(source));
  const own: StoreImageManifest = {
    pglite: await pgliteVersion(),
    migrations: known.map((m) => ({ version: m.version, checksum: m.checksum })),
  };
  await writeFile(paths.manifest, JSON.stringify(manifest ? manifest(own) : own));
  return imageDir;
}

describe('imageFits', () => {
  const migration = (version: number, checksum: string): Migration => ({
    version,
    name: `m${version}`,
    sql: '',
    checksum,
  });
  const manifest = (...migrations: [number, string][]): StoreImageManifest => ({
    pglite: 'x',
    migrations: migrations.map(([version, checksum]) => ({ version, checksum })),
  });

  it('takes an image with fewer migrations than the code (the rest are applied after)', () => {
    expect(imageFits(manifest([1, 'a']), [migration(1, 'a'), migration(2, 'b')])).toBe(true);
  });
  it('refuses an image with a migration the code does not have, or another checksum', () => {
    expect(imageFits(manifest([1, 'a'], [3, 'c']), [migration(1, 'a')])).toBe(false);
    expect(imageFits(manifest([1, 'z']), [migration(1, 'a')])).toBe(false);
  });
});

describe('the prepared store image', () => {
  it('makes a new embedded store without initdb, migrated, and opened with small shared buffers', async () => {
    const imageDir = await buildImage();
    const store = await openStore({ dataDir: join(tmp, 'new', 'db'), storeImage: imageDir });
    try {
      // The marker run proves the directory came from the image rather than from initdb.
      expect(await store.query('SELECT id FROM runs')).toEqual([{ id: 'from-image' }]);
      const versions = await store.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY 1',
      );
      expect(versions.map((r) => r.version)).toEqual(known.map((m) => m.version));
      expect(await store.queryOne('SHOW shared_buffers')).toEqual({ shared_buffers: PGLITE_SHARED_BUFFERS });
    } finally {
      await store.close();
    }
    expect((await readdir(join(tmp, 'new'))).filter((f) => f.includes('.image-'))).toEqual([]);
  });

  it('is left alone when its migrations do not fit the code, or the directory has files', async () => {
    const misfit = await buildImage((m) => ({
      ...m,
      migrations: [...m.migrations, { version: 9999, checksum: 'x' }],
    }));
    const target = join(tmp, 'target');
    expect(await restoreStoreImage(target, known, misfit)).toBe(false);
    expect(existsSync(target)).toBe(false);

    const fits = await buildImage();
    await mkdir(target);
    await writeFile(join(target, 'something'), 'x');
    expect(await restoreStoreImage(target, known, fits)).toBe(false);
    expect(await readdir(target)).toEqual(['something']);
  });

  it('is not there for another PGlite version or before a build', async () => {
    expect(await restoreStoreImage(join(tmp, 'target'), known, join(tmp, 'no-image'))).toBe(false);
    expect(existsSync(join(tmp, 'target'))).toBe(false);
  });

  it('restores into an empty directory made ahead of time, leaving no partial copy beside it', async () => {
    const imageDir = await buildImage();
    const target = join(tmp, 'made', 'db');
    await mkdir(target, { recursive: true });
    expect(await restoreStoreImage(target, known, imageDir)).toBe(true);
    expect(existsSync(join(target, 'PG_VERSION'))).toBe(true);
    expect(await readdir(join(tmp, 'made'))).toEqual(['db']);
  });
});
