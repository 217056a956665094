import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { parseSourceArg } from '../sources/index.js';
import { acquireRunLock, RunLockedError, RunLockLostError } from '../store/run-lock.js';
import { listRuns } from '../store/runs.js';
import type { Store } from '../store/store.js';
import { TEST_ENGINES, openTestStore } from '../store/store.test-support.js';
import { createTikTokClient, type TikTokClient } from '../tiktok/index.js';
import { parseAudienceSyncOptions } from './options.js';
import { loadAudienceState } from './state.js';
import { audienceKey, syncAudience } from './sync.js';

const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
const KEY = audienceKey([ADV], 'Locked');

describe.each(TEST_ENGINES)('the run lock of an audience sync (store on %s)', (engine) => {
  let emulator: RunningEmulator;
  let store: Store;
  let dir: string;
  let client: TikTokClient;
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, rateLimitRps: 0, logger: silentLogger() });
    store = await openTestStore(engine);
    dir = await mkdtemp(join(tmpdir(), 'ttads-sync-lock-'));
    client = createTikTokClient({
      baseUrl: emulator.url,
      accessToken: EMULATOR_DEFAULTS.tokens.operator,
      rps: 0,
    });
  });
  afterEach(async () => {
    await emulator.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function source(n: number): Promise<string> {
    const path = join(dir, `s${n}.csv`);
    await writeFile(path, ['email', ...Array.from({ length: n }, (_, i) => `l${i}@x.test`)].join('\n'));
    return path;
  }
  const sync = (path: string, via: TikTokClient, concurrentRuns: 'wait' | 'refuse' = 'wait') =>
    syncAudience(
      {
        store,
        client: via,
        logger: silentLogger(),
        dataDir: join(dir, 'data'),
        concurrency: 1,
        concurrentRuns,
      },
      parseSourceArg(path),
      parseAudienceSyncOptions({ advertiserIds: [ADV], audienceName: 'Locked', batchSize: 3 }),
    );

  it('refuses, when told to, while another run holds the audience, and records the run as failed', async () => {
    const other = await acquireRunLock(store, {
      scope: `audience:${KEY}`,
      runId: 'run-elsewhere',
      concurrentRuns: 'refuse',
    });
    try {
      await expect(sync(await source(5), client, 'refuse')).rejects.toThrow(RunLockedError);
    } finally {
      await other.release();
    }
    const [run] = await listRuns(store, { kind: 'audience', limit: 1 });
    expect(run?.status).toBe('failed');
    expect(JSON.stringify(run?.error)).toContain('run-elsewhere');
    expect(await sync(await source(5), client, 'refuse')).toMatchObject({ status: 'succeeded', added: 5 });
  });

  it.runIf(engine === 'postgres')(
    'stops a run that lost its lock before it commits, and the next run resumes',
    async () => {
      const first = await sync(await source(6), client);
      let acks = 0;
      // The run's lock connection dies after TikTok acknowledged its first batch (a network cut, a DBA).
      const cut: TikTokClient = {
        ...client,
        mapAudienceJson: async (input) => {
          const result = await client.mapAudienceJson(input);
          if (++acks === 1) {
            await store.query(`SELECT pg_terminate_backend(backend_pid) FROM run_locks WHERE scope = $1`, [
              `audience:${KEY}`,
            ]);
            // pg_terminate_backend only signals: wait until the backend is gone, and its client has heard.
            const gone = `SELECT 1 FROM run_locks l JOIN pg_locks k ON k.pid = l.backend_pid WHERE l.scope = $1`;
            while ((await store.query(gone, [`audience:${KEY}`])).length > 0)
              await new Promise((resolve) => setTimeout(resolve, 20));
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          return result;
        },
      };
      await expect(sync(await source(15), cut)).rejects.toThrow(RunLockLostError);
      const state = await loadAudienceState(store, KEY);
      // Nothing committed after the loss: the old snapshot with the pending plan, for the next run to fold.
      expect(state?.snapshotVersion).toBe(1);
      expect(state?.pending).not.toBeNull();
      expect(acks).toBe(1);
      const next = await sync(await source(15), client);
      expect(next).toMatchObject({ status: 'succeeded', resumedFromDeadRun: true, audienceIdentifiers: 15 });
      expect(first.audienceId).toBe(next.audienceId);
    },
  );
});
