import type { Readable } from 'node:stream';

/**
 * Named, immutable bulk files that must outlive a machine: audience snapshots, pending plans, rejects files.
 * DuckDB reads and writes local files, so blobs move between a local file and the store: `putFile` takes a
 * finished file in, `fetchFile` hands back a local file to read. Both stream in chunks, so a snapshot of tens
 * of millions of identifiers is never held in memory.
 *
 * A blob's `name` is what callers store (e.g. in `audience_state.snapshot_path`); build it with `name()`.
 */
export interface BlobStore {
  /** `directory` (embedded store: files under the data directory) or `postgres` (servers, shared). */
  readonly kind: 'directory' | 'postgres';
  /** The name of the blob at `parts` (`audiences/<key>/snapshot-v3.parquet`) in this store. */
  name(...parts: string[]): string;
  /**
   * Stores the local file `file` as blob `name`, replacing any blob of that name, and removes `file`. Atomic:
   * a reader sees the old blob or the whole new one, never part of it.
   */
  putFile(name: string, file: string): Promise<void>;
  /**
   * A local file holding the blob: the blob itself (directory) or a copy written to `scratchFile` (postgres).
   * Undefined when there is no such blob.
   */
  fetchFile(name: string, scratchFile: string): Promise<string | undefined>;
  /** The blob's bytes as a stream, or undefined when there is no such blob. */
  openStream(name: string): Promise<Readable | undefined>;
  /** Whether the blob exists. */
  exists(name: string): Promise<boolean>;
  /** Removes blobs; missing ones are ignored. */
  delete(...names: (string | null | undefined)[]): Promise<void>;
}
