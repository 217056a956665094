import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { parseSourceArg } from '../sources/index.js';
import type { Store } from '../store/store.js';
import { openTestStore } from '../store/store.test-support.js';
import { createTikTokClient, type TikTokClient } from '../tiktok/index.js';
import { parseAudienceSyncOptions } from './options.js';
import { syncAudience } from './sync.js';

const ADV = EMULATOR_DEFAULTS.advertisers[0].advertiser_id;
const TOKEN = EMULATOR_DEFAULTS.tokens.operator;
const EMAILS = Array.from({ length: 12 }, (_, i) => `m${i}@x.test`);
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

interface Listed {
  audience_id: string;
  name: string;
  members: { EMAIL_SHA256?: string[] };
}

describe('audience identity: found by name once, then by id', () => {
  let emulator: RunningEmulator;
  let store: Store;
  let dir: string;
  let client: TikTokClient;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, rateLimitRps: 0, logger: silentLogger() });
    store = await openTestStore('pglite');
    dir = await mkdtemp(join(tmpdir(), 'ttads-identity-'));
    await writeFile(join(dir, 'c.csv'), ['email', ...EMAILS].join('\n'));
    client = createTikTokClient({ baseUrl: emulator.url, accessToken: TOKEN, rps: 0 });
  });
  afterAll(async () => {
    await emulator.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const sync = (c: TikTokClient, name: string) =>
    syncAudience(
      { store, client: c, logger: silentLogger(), dataDir: join(dir, 'data'), concurrency: 1 },
      parseSourceArg(join(dir, 'c.csv')),
      parseAudienceSyncOptions({ advertiserIds: [ADV], audienceName: name, batchSize: 5 }),
    );

  async function audiences(): Promise<Listed[]> {
    const res = await fetch(`${emulator.url}/_emulator/audiences?advertiser_id=${ADV}`);
    return ((await res.json()) as { audiences: Listed[] }).audiences;
  }

  it('never creates a second audience when TikTok does not list it by its name (truncated, or not listed yet)', async () => {
    // A TikTok that never finds the audience by name: its name was truncated, or the listing lags.
    const unlisted: TikTokClient = { ...client, findAudienceByName: () => Promise.resolve(undefined) };
    const first = await sync(unlisted, 'Never listed');
    expect(first.added).toBe(EMAILS.length);
    const second = await sync(unlisted, 'Never listed');
    expect(second).toMatchObject({ audienceId: first.audienceId, added: 0, unchanged: EMAILS.length });
    expect((await audiences()).filter((a) => a.name === 'Never listed')).toHaveLength(1);
  });

  it('creates the audience again and sends everyone, with a warning, when it was deleted in TikTok', async () => {
    const first = await sync(client, 'Deleted later');
    const res = await fetch(`${emulator.url}/open_api/v1.3/segment/audience/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'access-token': TOKEN },
      body: JSON.stringify({ advertiser_id: ADV, action: 'delete', audience_id: first.audienceId }),
    });
    expect(((await res.json()) as { code: number }).code).toBe(0);
    const again = await sync(client, 'Deleted later');
    expect(again.audienceId).not.toBe(first.audienceId);
    expect(again).toMatchObject({ added: EMAILS.length });
    expect(again.warnings.join('\n')).toContain(
      `Audience ${first.audienceId} ("Deleted later") no longer exists`,
    );
    const now = (await audiences()).filter((a) => a.name === 'Deleted later');
    expect(now).toHaveLength(1);
    expect([...(now[0]?.members.EMAIL_SHA256 ?? [])].sort()).toEqual(EMAILS.map(sha).sort());
  });

  it('counts the rows TikTok refused inside a partial success (20001) answer', async () => {
    const partial: TikTokClient = {
      ...client,
      mapAudienceJson: async (input) => {
        const result = await client.mapAudienceJson(input);
        const failed = [{ index: 0, code: 40002, message: 'id is not a SHA256 hash' }];
        return { ...result, code: 20001, partial: true, data: { failed_list: failed } };
      },
    };
    const report = await sync(partial, 'Partly refused');
    // 12 members in batches of 5: three requests, one row refused in each.
    expect(report.refusedByTikTok).toEqual({ tiktok_40002: 3 });
    expect(report.warnings.join('\n')).toContain('tiktok_40002: 3');
  });
});
