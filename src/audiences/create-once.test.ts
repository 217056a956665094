import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { parseSourceArg } from '../sources/index.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { createTikTokClient, Transient, type TikTokClient } from '../tiktok/index.js';
import { parseAudienceSyncOptions } from './options.js';
import { loadAudienceState } from './state.js';
import { audienceKey, syncAudience } from './sync.js';

const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
const TOKEN = EMULATOR_DEFAULTS.tokens.operator;
const EMAILS = Array.from({ length: 7 }, (_, i) => `c${i}@x.test`);
/** TikTok lists a new audience this long after creating it (short, for the test). */
const LISTING_DELAY_MS = 1_500;

interface Listed {
  audience_id: string;
  name: string;
  members: { EMAIL_SHA256?: string[] };
}

describe('an audience whose create answer was lost is created once', () => {
  let emulator: RunningEmulator;
  let store: Store;
  let dir: string;

  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      rateLimitRps: 0,
      listingDelayMs: LISTING_DELAY_MS,
      logger: silentLogger(),
    });
    store = await openTestStore('pglite');
    dir = await mkdtemp(join(tmpdir(), 'ttads-create-once-'));
    await writeFile(join(dir, 'c.csv'), ['email', ...EMAILS].join('\n'));
  });
  afterAll(async () => {
    await emulator.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A client that looks for a lost create for up to 10 s (TikTok lists it after 1.5 s). */
  const clientWith = (retry: { maxAttempts?: number } = {}): TikTokClient =>
    createTikTokClient({
      baseUrl: emulator.url,
      accessToken: TOKEN,
      rps: 0,
      listingWaitMs: 10_000,
      retry: { baseDelayMs: 10, maxDelayMs: 50, ...retry },
    });

  const sync = (client: TikTokClient, name: string) =>
    syncAudience(
      { store, client, logger: silentLogger(), dataDir: join(dir, 'data'), concurrency: 1 },
      parseSourceArg(join(dir, 'c.csv')),
      parseAudienceSyncOptions({ advertiserIds: [ADV], audienceName: name, batchSize: 5 }),
    );

  async function audiences(): Promise<Listed[]> {
    const res = await fetch(`${emulator.url}/_emulator/audiences?advertiser_id=${ADV}`);
    return ((await res.json()) as { audiences: Listed[] }).audiences;
  }

  /** TikTok applies the next create, then the connection drops before its answer. */
  const loseNextCreateAnswers = (n: number): void =>
    emulator.emulator.queueErrors(Array<'drop-after'>(n).fill('drop-after'), 'segment/audience/');

  it('waits for TikTok to list a long name it truncated, rather than creating it again', async () => {
    // 455 visible characters (a family emoji is one): TikTok keeps 400 and adds "...".
    const long = `Long ${'👩‍👩‍👧'.repeat(10)}${'x'.repeat(440)}`;
    loseNextCreateAnswers(2);
    const client = clientWith();
    const { audienceId } = await client.createAudience({ advertiserId: ADV, name: long });
    const made = (await audiences()).filter((a) => a.name.startsWith('Long '));
    expect(made).toHaveLength(1);
    expect(made[0]?.audience_id).toBe(audienceId);
    expect(made[0]?.name).not.toBe(long);
    expect(made[0]?.name.endsWith('...')).toBe(true);
    expect((await client.findAudienceByName(ADV, long))?.audienceId).toBe(audienceId);
    // A name that merely starts like the kept part is another audience.
    expect(await client.findAudienceByName(ADV, `${long.slice(0, 60)}...`)).toBeUndefined();
  }, 60_000);

  it('a sync whose create answer was lost finds the audience once TikTok lists it, and sends to it', async () => {
    loseNextCreateAnswers(1);
    const report = await sync(clientWith(), 'Answer lost');
    const made = (await audiences()).filter((a) => a.name === 'Answer lost');
    expect(made).toHaveLength(1);
    expect(report.audienceId).toBe(made[0]?.audience_id);
    expect(made[0]?.members.EMAIL_SHA256).toHaveLength(EMAILS.length);
  }, 60_000);

  it('a run that gave up on its create leaves it recorded; the next run finds that audience', async () => {
    loseNextCreateAnswers(1);
    // No retry: the run ends at the lost answer, the audience applied but not yet listed.
    await expect(sync(clientWith({ maxAttempts: 1 }), 'Gave up')).rejects.toBeInstanceOf(Transient);
    const state = await loadAudienceState(store, audienceKey([ADV], 'Gave up'));
    expect(state).toMatchObject({ audienceId: null, creating: { advertiserId: ADV, name: 'Gave up' } });
    expect((await audiences()).filter((a) => a.name === 'Gave up')).toHaveLength(1);

    const next = await sync(clientWith(), 'Gave up');
    const made = (await audiences()).filter((a) => a.name === 'Gave up');
    expect(made).toHaveLength(1);
    expect(next.audienceId).toBe(made[0]?.audience_id);
    expect(next.warnings.join('\n')).toContain("never heard TikTok's answer");
    expect(made[0]?.members.EMAIL_SHA256).toHaveLength(EMAILS.length);
    expect(await loadAudienceState(store, audienceKey([ADV], 'Gave up'))).toMatchObject({
      audienceId: next.audienceId,
      creating: null,
    });
  }, 60_000);
});
