import { basename } from 'node:path';
import { DirectoryBlobs } from './blobs-directory.js';
import { PostgresBlobs } from './blobs-postgres.js';
import type { BlobStore } from './blob-store.js';
import type { Store } from './store.js';

export type { BlobStore } from './blob-store.js';

/** The blob of a run's rejects file (`<dataDir>/rejects/<name>.csv` on the machine that ran it). */
export function rejectsBlobName(file: string): string {
  return `rejects/${basename(file)}`;
}

/**
 * The blob store of a store: with PostgreSQL, its tables (shared by every process on it); with the embedded
 * store, files under `dataDir` (today's layout, so existing data directories keep working).
 */
export function blobStoreFor(store: Store, dataDir: string): BlobStore {
  return store.engine === 'postgres' ? new PostgresBlobs(store.raw) : new DirectoryBlobs(dataDir);
}
