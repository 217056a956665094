import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { lossyProxy } from '../emulator/lossy-proxy.test-support.js';
import { silentLogger } from '../logger.js';
import { parseSourceArg } from '../sources/index.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { createTikTokClient, type TikTokClient } from '../tiktok/index.js';
import { parseAudienceSyncOptions } from './options.js';
import { syncAudience } from './sync.js';

const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
const NAME = 'Storm';
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const email = (i: number): string => `m${i}@example.com`;

describe('a 100,000-member mirror sync under the storm of issue 13', () => {
  let emulator: RunningEmulator;
  let proxy: Awaited<ReturnType<typeof lossyProxy>>;
  let store: Store;
  let dir: string;
  let client: TikTokClient;

  beforeAll(async () => {
    // 10% answered 503 before TikTok sees them, 5% code 50000, and throttling (a QPS limit under the pace).
    emulator = await startEmulator({
      port: 0,
      rateLimitRps: 25,
      logger: silentLogger(),
      faults: { http503Rate: 0.1, errorRate: 0.05, seed: 13 },
    });
    // 10% applied by TikTok, then the answer lost (the create of the audience included).
    proxy = await lossyProxy(emulator.url, 0.1, 13);
    store = await openTestStore('pglite');
    dir = await mkdtemp(join(tmpdir(), 'ttads-audience-storm-'));
    client = createTikTokClient({
      baseUrl: proxy.url,
      accessToken: EMULATOR_DEFAULTS.tokens.operator,
      rps: 0,
      concurrency: 8,
      timeoutMs: 10_000,
      // Short backoffs and listing wait keep the test quick (the emulator lists new audiences at once); the
      // outage budget is the default (10 minutes).
      retry: { baseDelayMs: 10, maxDelayMs: 200 },
      listingWaitMs: 2_000,
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy.close(resolve));
    await emulator.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function sync(file: string, members: number[]) {
    const path = join(dir, file);
    await writeFile(path, ['email', ...members.map(email)].join('\n'));
    return syncAudience(
      { store, client, logger: silentLogger(), dataDir: join(dir, 'data'), concurrency: 8 },
      parseSourceArg(path),
      parseAudienceSyncOptions({ advertiserIds: [ADV], audienceName: NAME, batchSize: 500 }),
    );
  }

  /** The members TikTok holds, sorted; exactly one audience of the name exists. */
  async function atTikTok(): Promise<string[]> {
    const res = await fetch(`${emulator.url}/_emulator/audiences?advertiser_id=${ADV}`);
    const body = (await res.json()) as { audiences: { name: string; members: Record<string, string[]> }[] };
    const found = body.audiences.filter((a) => a.name === NAME);
    expect(found).toHaveLength(1);
    const others = Object.entries(found[0]?.members ?? {}).filter(
      ([t, h]) => t !== 'EMAIL_SHA256' && h.length,
    );
    expect(others).toEqual([]);
    return [...(found[0]?.members.EMAIL_SHA256 ?? [])].sort();
  }

  const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
  const hashes = (members: number[]): string[] => members.map((i) => sha(email(i))).sort();

  it('makes the audience exactly the source in one run, first sync and re-sync', async () => {
    const first = range(0, 100_000);
    // The create's answer is lost too, after TikTok made the audience: it must not be made twice.
    emulator.emulator.queueErrors(['drop-after'], 'segment/audience/');
    const one = await sync('one.csv', first);
    const afterOne = { ...client.stats(), answersLost: proxy.lost };
    console.log(
      `audience storm, first sync: ${JSON.stringify({ requests: afterOne.requests, retries: afterOne.retries, throttled: afterOne.throttled, answersLost: afterOne.answersLost })}`,
    );
    expect(one).toMatchObject({ status: 'succeeded', added: 100_000, audienceIdentifiers: 100_000 });
    expect(await atTikTok()).toEqual(hashes(first));

    // 10,000 leave the query, 10,000 join it.
    const second = range(10_000, 110_000);
    const two = await sync('two.csv', second);
    expect(two).toMatchObject({ status: 'succeeded', added: 10_000, removed: 10_000, unchanged: 90_000 });
    expect(two.audienceId).toBe(one.audienceId);
    expect(await atTikTok()).toEqual(hashes(second));

    // The storm was there: answers lost after TikTok applied them, retries and throttling.
    const stats = client.stats();
    console.log(
      `audience storm, both runs: ${JSON.stringify({ requests: stats.requests, retries: stats.retries, throttled: stats.throttled, answersLost: proxy.lost })}`,
    );
    expect(proxy.lost).toBeGreaterThan(0);
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.throttled).toBeGreaterThan(0);
  }, 180_000);
});
