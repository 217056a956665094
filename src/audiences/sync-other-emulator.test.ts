import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { parseSourceArg } from '../sources/index.js';
import type { Store } from '../store/store.js';
import { TEST_ENGINES, openTestStore } from '../store/store.test-support.js';
import { createTikTokClient, type TikTokClient } from '../tiktok/index.js';
import { parseAudienceSyncOptions } from './options.js';
import { loadAudienceState } from './state.js';
import { audienceKey, syncAudience } from './sync.js';

const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
const NAME = 'Buyers';
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const EMAILS = Array.from({ length: 30 }, (_, i) => `p${i}@x.test`);

/**
 * One data directory synced against an emulator, then against a fresh one (another TikTok, or the
 * emulator restarted without its state): the snapshot made for the first audience must never be
 * diffed against the second.
 */
describe.each(TEST_ENGINES)('an audience synced against a fresh emulator (store on %s)', (engine) => {
  let store: Store;
  let dir: string;
  let source: string;
  const emulators: RunningEmulator[] = [];

  beforeEach(async () => {
    store = await openTestStore(engine);
    dir = await mkdtemp(join(tmpdir(), 'ttads-other-emu-'));
    source = join(dir, 'customers.csv');
    await writeFile(source, ['email', ...EMAILS].join('\n'));
  });
  afterEach(async () => {
    for (const e of emulators.splice(0)) await e.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function fresh(): Promise<{ emulator: RunningEmulator; client: TikTokClient }> {
    const emulator = await startEmulator({ port: 0, rateLimitRps: 0, logger: silentLogger() });
    emulators.push(emulator);
    const client = createTikTokClient({
      baseUrl: emulator.url,
      accessToken: EMULATOR_DEFAULTS.tokens.operator,
      rps: 0,
    });
    return { emulator, client };
  }

  const sync = (client: TikTokClient) =>
    syncAudience(
      { store, client, logger: silentLogger(), dataDir: join(dir, 'data'), concurrency: 1 },
      parseSourceArg(source),
      parseAudienceSyncOptions({ advertiserIds: [ADV], audienceName: NAME, batchSize: 3 }),
    );

  async function members(emulator: RunningEmulator): Promise<string[]> {
    const res = await fetch(`${emulator.url}/_emulator/audiences?advertiser_id=${ADV}`);
    const body = (await res.json()) as {
      audiences: { name: string; members: { EMAIL_SHA256?: string[] } }[];
    };
    return [...(body.audiences.find((a) => a.name === NAME)?.members.EMAIL_SHA256 ?? [])].sort();
  }

  const everyone = EMAILS.map(sha).sort();

  it('fills the new audience with every member, even when the first run on it dies half way', async () => {
    const a = await fresh();
    const onA = await sync(a.client);
    expect(await members(a.emulator)).toEqual(everyone);

    const b = await fresh();
    let calls = 0;
    // The first run against B dies after TikTok acknowledged its first batch (a long sync interrupted).
    const dying: TikTokClient = {
      ...b.client,
      mapAudienceJson: async (input) => {
        const result = await b.client.mapAudienceJson(input);
        calls += 1;
        if (calls === 1) throw new Error('process died');
        return result;
      },
    };
    await expect(sync(dying)).rejects.toThrow('process died');
    // The plan of the dead run was made against no snapshot (A's does not describe B's audience): the
    // store must not pair B's audience id with A's snapshot, or the next run would fold it into A's.
    const key = audienceKey([ADV], NAME);
    const died = await loadAudienceState(store, key);
    expect(died?.audienceId).not.toBe(onA.audienceId);
    expect(died?.pending?.audienceId).toBe(died?.audienceId);
    expect(died?.snapshotPath).toBeNull();

    const onB = await sync(b.client);

    expect(await members(b.emulator)).toEqual(everyone);
    expect(onB.audienceId).not.toBe(onA.audienceId);
    expect(onB.audienceIdentifiers).toBe(EMAILS.length);
    // A's snapshot is gone from the data directory and the store: only B's is left.
    const state = await loadAudienceState(store, key);
    expect(state?.audienceId).toBe(onB.audienceId);
    const files = (await readdir(join(dir, 'data', 'audiences', key))).filter((f) => f.endsWith('.parquet'));
    if (engine === 'pglite') {
      expect(files).toEqual([state?.snapshotPath?.split('/').pop()]);
      expect(existsSync(state?.snapshotPath ?? '')).toBe(true);
    } else {
      // With PostgreSQL the snapshot is a blob of the store; the worker's disk keeps no copy.
      expect(files).toEqual([]);
      const blobs = await store.query<{ name: string }>(
        `SELECT name FROM blobs WHERE name LIKE 'audiences/%'`,
      );
      expect(blobs.map((b) => b.name)).toEqual([state?.snapshotPath]);
    }
  });

  it('discards the snapshot, says so and sends everyone when the name is found under another id', async () => {
    const a = await fresh();
    const onA = await sync(a.client);

    const b = await fresh();
    // Someone created the audience on B before ttads synced it there.
    const { audienceId } = await b.client.createAudience({ advertiserId: ADV, name: NAME });
    const onB = await sync(b.client);

    expect(await members(b.emulator)).toEqual(everyone);
    expect(audienceId).not.toBe(onA.audienceId);
    expect(onB).toMatchObject({ audienceId, added: EMAILS.length, unchanged: 0 });
    expect(onB.warnings.join('\n')).toContain(`the snapshot of ${onA.audienceId} is discarded`);
  });
});
