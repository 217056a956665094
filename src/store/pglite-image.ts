import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Migration } from './migrate.js';
import { extractTarGz } from './tar.js';

/**
 * Where `npm run build` leaves the prepared data directory: `dist/store-image/` at the package root (this
 * module sits two levels below it in src/ and dist/, so a run through tsx finds the built one too).
 */
export const STORE_IMAGE_DIR = fileURLToPath(new URL('../../dist/store-image/', import.meta.url));

/** What an image holds besides its files: the PGlite that made it and the migrations applied in it. */
export interface StoreImageManifest {
  pglite: string;
  migrations: { version: number; checksum: string }[];
}

/** The installed PGlite's version: a data directory is only reused by the PGlite that wrote it. */
export async function pgliteVersion(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pkg = JSON.parse(await readFile(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The image's tarball and manifest paths for a PGlite version. */
export function storeImagePaths(
  version: string,
  dir = STORE_IMAGE_DIR,
): { tarball: string; manifest: string } {
  return { tarball: join(dir, `pglite-${version}.tar.gz`), manifest: join(dir, `pglite-${version}.json`) };
}

/**
 * True when the image's migrations are all among `known` with the same checksums, so that migrating after
 * restoring it only adds the newer ones (an image from other migrations would be refused by `migrate`).
 */
export function imageFits(manifest: StoreImageManifest, known: readonly Migration[]): boolean {
  const byVersion = new Map(known.map((m) => [m.version, m.checksum]));
  return manifest.migrations.every((m) => byVersion.get(m.version) === m.checksum);
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

/**
 * Makes a new PGlite data directory from the prepared image (an initialised, migrated and cleanly shut down
 * data directory) instead of running initdb, which takes seconds and ~900 MB. Returns false, touching
 * nothing, when there is no image for the installed PGlite, it does not fit `known`, or `dataDir` already
 * has files. The files are written beside `dataDir` and renamed into place, so a crash never leaves a
 * half-written directory that would look initialised.
 */
export async function restoreStoreImage(
  dataDir: string,
  known: readonly Migration[],
  dir = STORE_IMAGE_DIR,
): Promise<boolean> {
  const paths = storeImagePaths(await pgliteVersion(), dir);
  let manifest: StoreImageManifest;
  let tarball: Buffer;
  try {
    manifest = JSON.parse(await readFile(paths.manifest, 'utf8')) as StoreImageManifest;
    tarball = await readFile(paths.tarball);
  } catch {
    return false; // not built (e.g. a source checkout without `npm run build`)
  }
  if (!imageFits(manifest, known) || !(await isEmptyOrMissing(dataDir))) return false;
  const partial = `${dataDir}.image-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    extractTarGz(tarball, partial);
    // rename(2) replaces an empty directory, so a directory made ahead of time is fine.
    await rename(partial, dataDir);
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  }
  return true;
}
