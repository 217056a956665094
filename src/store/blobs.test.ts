import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blobStoreFor, type BlobStore } from './blobs.js';
import { PostgresBlobs } from './blobs-postgres.js';
import { openTestStore, TEST_ENGINES } from './store.test-support.js';
import type { Store } from './store.js';

describe.each(TEST_ENGINES)('blob store on %s', (engine) => {
  let store: Store;
  let dir: string;
  let blobs: BlobStore;
  beforeEach(async () => {
    store = await openTestStore(engine);
    dir = await mkdtemp(join(tmpdir(), 'ttads-blobs-'));
    // A small chunk size makes a 1 MB file travel as many chunks, as a 700 MB snapshot does with 8 MiB ones.
    blobs = store.engine === 'postgres' ? new PostgresBlobs(store.raw, 64 * 1024) : blobStoreFor(store, dir);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores a file, hands it back byte for byte as a file and as a stream, and deletes it', async () => {
    const bytes = randomBytes(1_000_003);
    const file = join(dir, 'upload.bin');
    await writeFile(file, bytes);
    const name = blobs.name('audiences', 'k1', 'snapshot-v1.parquet');
    await blobs.putFile(name, file);
    expect(existsSync(file)).toBe(false);
    expect(await blobs.exists(name)).toBe(true);
    const local = await blobs.fetchFile(name, join(dir, 'scratch', 'snap.parquet'));
    expect(Buffer.compare(await readFile(local!), bytes)).toBe(0);
    const parts: Buffer[] = [];
    for await (const part of (await blobs.openStream(name))!) parts.push(part as Buffer);
    expect(Buffer.compare(Buffer.concat(parts), bytes)).toBe(0);
    await blobs.delete(name, null, undefined);
    expect(await blobs.exists(name)).toBe(false);
    expect(await blobs.fetchFile(name, join(dir, 'again.parquet'))).toBeUndefined();
    expect(await blobs.openStream(name)).toBeUndefined();
  });

  it('replaces a blob whole, and a failed put leaves the old one', async () => {
    const name = blobs.name('rejects', 'r.csv');
    await writeFile(join(dir, 'a'), 'first');
    await blobs.putFile(name, join(dir, 'a'));
    await writeFile(join(dir, 'b'), 'second');
    await blobs.putFile(name, join(dir, 'b'));
    await expect(blobs.putFile(name, join(dir, 'missing'))).rejects.toThrow();
    const local = await blobs.fetchFile(name, join(dir, 'out'));
    expect(await readFile(local!, 'utf8')).toBe('second');
  });

  it('stores an empty file as an empty blob', async () => {
    const name = blobs.name('empty');
    await writeFile(join(dir, 'e'), '');
    await blobs.putFile(name, join(dir, 'e'));
    expect(await readFile((await blobs.fetchFile(name, join(dir, 'e2')))!, 'utf8')).toBe('');
  });
});
