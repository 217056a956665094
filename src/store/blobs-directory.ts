import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobStore } from './blob-store.js';

/**
 * Blobs as files under a directory (the embedded store's data directory). A name is the file's path (relative
 * to the working directory when the data directory is), as the store has always recorded snapshot paths, so
 * rows written before blobs existed still name their files.
 */
export class DirectoryBlobs implements BlobStore {
  readonly kind = 'directory';

  constructor(private readonly root: string) {}

  name(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  private path(name: string): string {
    return name;
  }

  async putFile(name: string, file: string): Promise<void> {
    const target = this.path(name);
    if (resolve(file) === resolve(target)) return;
    await mkdir(dirname(target), { recursive: true });
    // A rename is atomic on one file system; across file systems the copy goes to a temp name first.
    try {
      await rename(file, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await copyFile(file, `${target}.tmp`);
      await rename(`${target}.tmp`, target);
      await rm(file, { force: true });
    }
  }

  fetchFile(name: string): Promise<string | undefined> {
    const path = this.path(name);
    return Promise.resolve(existsSync(path) ? path : undefined);
  }

  async openStream(name: string): Promise<Readable | undefined> {
    const path = this.path(name);
    try {
      if (!(await stat(path)).isFile()) return undefined;
    } catch {
      return undefined;
    }
    return createReadStream(path);
  }

  exists(name: string): Promise<boolean> {
    return Promise.resolve(existsSync(this.path(name)));
  }

  async delete(...names: (string | null | undefined)[]): Promise<void> {
    for (const name of names) if (name) await rm(this.path(name), { force: true });
  }
}
