import { TtadsError } from '../errors.js';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BlobStore } from '../store/blobs.js';

/** The store names a snapshot or plan that is not there: diffing against nothing would resend everyone. */
export class SnapshotMissingError extends TtadsError {
  override readonly name = 'SnapshotMissingError';
  constructor(name: string, kind: BlobStore['kind']) {
    super(
      kind === 'directory'
        ? `audience snapshot ${name} is missing; the data directory was changed or moved`
        : `audience snapshot ${name} is missing from the shared store`,
      {
        code: 'snapshot_missing',
        kind: 'fix_setup',
        hint: 'Restore the data directory (or database) the audience was synced with, or sync under a new audience name.',
      },
    );
  }
}

/**
 * Where DuckDB reads and writes the blobs of one audience: its work directory. With the embedded store the
 * blobs are these very files; with PostgreSQL they are scratch copies, uploaded or downloaded whole.
 */
export class AudienceFiles {
  private readonly scratch = new Set<string>();

  constructor(
    readonly blobs: BlobStore,
    private readonly dir: string,
    private readonly key: string,
  ) {}

  /** The blob name of a file of this audience (`snapshot-v3.parquet`). */
  name(file: string): string {
    return this.blobs.name('audiences', this.key, file);
  }

  /** The local file DuckDB writes before {@link keep} stores it as blob `name`. */
  localFor(name: string): string {
    const path = join(this.dir, basename(name));
    if (this.blobs.kind === 'postgres') this.scratch.add(path);
    return path;
  }

  /** A local file holding blob `name` (null: none named); throws when the named blob is gone. */
  async fetch(name: string | null | undefined): Promise<string | null> {
    if (!name) return null;
    const local = await this.blobs.fetchFile(name, this.localFor(name));
    if (!local) throw new SnapshotMissingError(name, this.blobs.kind);
    return local;
  }

  /** Stores the local file written for `name` as that blob. */
  async keep(name: string): Promise<void> {
    await this.blobs.putFile(name, this.localFor(name));
  }

  /** Removes blobs no longer named by the store. */
  async remove(...names: (string | null | undefined)[]): Promise<void> {
    await this.blobs.delete(...names);
  }

  /** Removes the scratch copies this run made (PostgreSQL); the blobs stay. */
  async cleanScratch(): Promise<void> {
    for (const path of this.scratch) await rm(path, { force: true });
    this.scratch.clear();
  }
}
