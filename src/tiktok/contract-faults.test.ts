/** Contract tests: error classes, retries, budgets and rate limits against the real emulator's faults. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADV1, rejection, startHarness, type Harness } from './contract-harness.test-support.js';
import {
  AdvertiserNotFound,
  AppInvalid,
  AppNotAllowlisted,
  MissingScope,
  InvalidCredentials,
  InvalidRequest,
  MissingPermission,
  RateLimited,
  Transient,
  type TikTokApiError,
} from './errors.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.emu.close();
});
beforeEach(async () => {
  await h.control('POST', 'reset');
});

type EmulatorStats = { requests: Record<string, Record<string, number>> };

const force = (codes: (number | string)[], path = 'advertiser/info/') =>
  h.control('POST', 'next-errors', { path, codes });

describe('every error class from a forced answer', () => {
  const table: [number, abstract new (...args: never[]) => TikTokApiError][] = [
    [40100, RateLimited],
    [40132, RateLimited],
    [61000, RateLimited],
    [50000, Transient],
    [50002, Transient],
    [51004, Transient],
    [60001, Transient],
    [40101, InvalidCredentials],
    [40102, InvalidCredentials],
    [40104, InvalidCredentials],
    [40105, InvalidCredentials],
    [40110, InvalidCredentials],
    [40001, MissingPermission],
    [40003, MissingPermission],
    [40130, MissingScope],
    [40118, AppNotAllowlisted],
    [40113, AppInvalid],
    [40301, MissingPermission],
    [40300, AdvertiserNotFound],
    [40002, InvalidRequest],
    [40061, InvalidRequest],
    [40062, InvalidRequest],
  ];
  for (const [code, Class] of table) {
    it(`${code} -> ${Class.name}`, async () => {
      await force([code]);
      const err = await rejection(h.client({ retry: { maxAttempts: 1 } }).getAdvertiserInfo([ADV1]));
      expect(err).toBeInstanceOf(Class);
      expect(err.tiktokCode).toBe(code);
      expect(err.requestId).toBeTruthy();
    });
  }

  it('HTTP 503 gateway page -> Transient', async () => {
    await force(['http:503']);
    const err = await rejection(h.client({ retry: { maxAttempts: 1 } }).getAdvertiserInfo([ADV1]));
    expect(err).toBeInstanceOf(Transient);
    expect(err).toMatchObject({ tiktokStatus: 503, tiktokCode: null });
  });

  it('dropped connection -> Transient network error', async () => {
    await force(['drop']);
    const err = await rejection(h.client({ retry: { maxAttempts: 1 } }).getAdvertiserInfo([ADV1]));
    expect(err).toBeInstanceOf(Transient);
    expect(err.reason).toBe('network');
  });

  it('slow answer -> Transient timeout', async () => {
    await h.control('POST', 'faults', { slowRate: 1, slowMs: 400 });
    const err = await rejection(
      h.client({ timeoutMs: 50, retry: { maxAttempts: 1 } }).getAdvertiserInfo([ADV1]),
    );
    expect(err).toBeInstanceOf(Transient);
    expect(err.reason).toBe('timeout');
  });
});

describe('retries', () => {
  it('retries after 40100 and after injected 503s, then succeeds', async () => {
    await force([40100, 'http:503', 'http:503']);
    const client = h.client();
    const [info] = await client.getAdvertiserInfo([ADV1]);
    expect(info!.advertiserId).toBe(ADV1);
    expect(client.stats()).toMatchObject({ requests: 4, retries: 3, throttled: 1, failures: 0 });
    const stats = await h.control<EmulatorStats>('GET', 'stats');
    expect(stats.requests['advertiser/info/']).toEqual({ '0': 1, '40100': 1, 'http:503': 2 });
  });

  it('retries a dropped mapping call without applying it twice', async () => {
    const client = h.client();
    const { audienceId } = await client.createAudience({ advertiserId: ADV1, name: 'Buyers' });
    await force(['drop'], 'segment/mapping/');
    const id = 'a'.repeat(64);
    await client.mapAudience({
      advertiserIds: [ADV1],
      action: 'add',
      idSchema: ['EMAIL_SHA256'],
      batchData: [[{ id, audience_ids: [audienceId] }]],
    });
    const view = await h.control<{ audiences: { member_counts: Record<string, number> }[] }>(
      'GET',
      'audiences?summary=1',
    );
    expect(view.audiences[0]!.member_counts.EMAIL_SHA256).toBe(1);
    expect(client.stats().byEndpoint['segment/mapping/']).toMatchObject({ requests: 2, retries: 1 });
  });

  it('gives up when the attempts are spent and reports them', async () => {
    await force([50000, 50000, 50000, 50000]);
    const client = h.client({ retry: { maxAttempts: 3 } });
    const err = await rejection(client.getAdvertiserInfo([ADV1]));
    expect(err).toBeInstanceOf(Transient);
    expect(err.attempts).toBe(3);
    expect(client.stats()).toMatchObject({ requests: 3, retries: 2, failures: 1 });
    // The fourth forced answer was never asked for.
    const pending = await h.control<{ pending: unknown[] }>('GET', 'next-errors');
    expect(pending.pending).toHaveLength(1);
  });

  it('gives up when the time budget is spent', async () => {
    await force(Array.from({ length: 10 }, () => 40100));
    const client = h.client({
      retry: { maxAttempts: 10, maxElapsedMs: 300, rateLimitDelayMs: 200, maxDelayMs: 1000 },
    });
    const err = await rejection(client.getAdvertiserInfo([ADV1]));
    expect(err).toBeInstanceOf(RateLimited);
    expect(err.attempts).toBeLessThan(10);
  });

  it('gets through seeded random faults, and both sides count the same requests', async () => {
    await h.control('POST', 'faults', { errorRate: 0.2, http503Rate: 0.15, dropRate: 0.1, seed: 7 });
    const client = h.client({
      retry: { maxAttempts: 10, maxElapsedMs: 20_000, baseDelayMs: 1, maxDelayMs: 10 },
    });
    for (let i = 0; i < 20; i += 1) await client.getAdvertiserInfo([ADV1]);
    const mine = client.stats();
    expect(mine.retries).toBeGreaterThan(0);
    const theirs = await h.control<EmulatorStats>('GET', 'stats');
    const counted = Object.values(theirs.requests['advertiser/info/'] ?? {}).reduce((a, b) => a + b, 0);
    expect(counted).toBe(mine.requests);
    expect(theirs.requests['advertiser/info/']!['0']).toBe(20);
  });
});

describe('rate limits', () => {
  it('the client-side limiter stays under the emulator’s limit', async () => {
    await h.control('POST', 'faults', { rateLimitRps: 5 });
    // 3 rps against a limit of 5 leaves a third of a second of slack for scheduling jitter.
    const client = h.client({ rps: 3, concurrency: 4 });
    await Promise.all(Array.from({ length: 7 }, () => client.getAdvertiserInfo([ADV1])));
    expect(client.stats()).toMatchObject({ requests: 7, throttled: 0 });
  });

  it('without a client limit, throttled requests back off and all get through', async () => {
    await h.control('POST', 'faults', { rateLimitRps: 3 });
    const client = h.client({
      rps: 0,
      concurrency: 6,
      retry: { maxAttempts: 8, maxElapsedMs: 20_000, rateLimitDelayMs: 600, maxDelayMs: 2_000 },
    });
    const results = await Promise.all(Array.from({ length: 6 }, () => client.getAdvertiserInfo([ADV1])));
    expect(results).toHaveLength(6);
    expect(client.stats().throttled).toBeGreaterThan(0);
    expect(client.stats().failures).toBe(0);
  });
});
