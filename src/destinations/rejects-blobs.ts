import { existsSync } from 'node:fs';
import { blobStoreFor, rejectsBlobName } from '../store/blobs.js';
import type { Store } from '../store/store.js';

/**
 * Moves a run's rejects file into the shared store when the store is PostgreSQL, so that the server
 * serves it whichever machine ran the step (the worker's disk holds scratch only). With the embedded store
 * the file already is where the server reads it. A file that is not there (no rejects) is left alone.
 */
export async function keepRejectsFile(
  deps: { store: Store; dataDir: string },
  file: string | undefined,
): Promise<void> {
  if (!file || deps.store.engine !== 'postgres' || !existsSync(file)) return;
  await blobStoreFor(deps.store, deps.dataDir).putFile(rejectsBlobName(file), file);
}
