import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStoreFor, rejectsBlobName } from '../store/blobs.js';
import type { RunRecord } from '../store/runs.js';
import { openTestStore } from '../store/store.test-support.js';
import type { Store } from '../store/store.js';
import { rejectsDownload } from './rejects-download.js';

const run = (rejectsFile: string): RunRecord => ({
  id: 'run-1',
  kind: 'events',
  status: 'succeeded',
  startedAt: new Date(),
  finishedAt: new Date(),
  params: {},
  report: { rejectsFile, rejected: { byReason: { invalid_email: 1 } } },
  error: null,
  pause: null,
});

describe('the rejects file a worker kept in PostgreSQL', () => {
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    store = await openTestStore('postgres');
    dir = await mkdtemp(join(tmpdir(), 'ttads-rejects-shared-'));
    // Written on another machine, whose data directory the server has never seen.
    const file = join(dir, 'worker-2', 'rejects', 'events-wf-1.csv');
    await mkdir(join(dir, 'worker-2', 'rejects'), { recursive: true });
    await writeFile(file, 'row,reason,email\n2,invalid_email,=HYPERLINK("x")\n');
    await blobStoreFor(store, dir).putFile(rejectsBlobName(file), file);
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is served by the server from the store, formulas neutralised', async () => {
    const res = await rejectsDownload(
      run('/srv/worker-2/.ttads/rejects/events-wf-1.csv'),
      join(dir, 'server'),
      store,
    );
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(await res.text()).toBe(`row,reason,email\n2,invalid_email,'=HYPERLINK("x")\n`);
  });

  it('is not looked up for a file outside a rejects folder', async () => {
    await expect(
      rejectsDownload(run('/srv/worker-2/.ttads/secret/events-wf-1.csv'), join(dir, 'server'), store),
    ).rejects.toThrow('outside the data directory');
  });
});
