import { describe, expect, it } from 'vitest';
import { createTikTokClient, type TikTokClientOptions } from './client.js';
import { DailyLimitReached, TikTokApiError, Transient } from './errors.js';
import type { PauseNotice } from './gate.js';
import { memoryQuota, QUOTA_TIERS, quotaLimits } from './quota.js';
import {
  connectionReset,
  fail,
  fakeClock,
  ok,
  scriptedFetch,
  type Script,
} from './scripted-fetch.test-support.js';

const ADV = '7200000000000000001';
/** 2026-01-01T10:00:00Z: minutes and days start on round numbers, so waits are easy to read. */
const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);

function setup(script: Script, extra: Partial<TikTokClientOptions> = {}) {
  const clock = fakeClock(T0);
  const fake = scriptedFetch(script, clock.now);
  const pauses: PauseNotice[] = [];
  const client = createTikTokClient({
    baseUrl: 'https://tiktok.test',
    accessToken: 'tok-0123456789',
    rps: 0,
    fetch: fake.fetch,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0,
    onPause: (p) => pauses.push(p),
    ...extra,
  });
  return { client, calls: fake.calls, clock, pauses };
}

describe("TikTok's throttling rules", () => {
  it('pauses every request 5 minutes when the QPM is spent, says until when, and continues', async () => {
    const { client, clock, pauses, calls } = setup([
      fail(40100, 'App QPM limit exceeded, please retry after 5 minutes'),
      ok({ list: [] }),
    ]);
    await client.getAdvertiserInfo([ADV]);
    expect(calls).toHaveLength(2);
    expect(clock.now() - T0).toBe(5 * 60_000);
    expect(pauses).toEqual([
      { until: new Date(T0 + 300_000), reason: 'throttled', message: 'paused by TikTok until 10:05 UTC' },
    ]);
  });

  it('tells watchers of the pause and of its end, for every copy of the client; a shorter suspension', async () => {
    const { client } = setup(
      [fail(40100, 'App QPM limit exceeded, please retry after 5 minutes'), ok({ list: [] })],
      { suspensionMs: 2000 },
    );
    const seen: (string | null)[] = [];
    const stop = client.withToken('tok-other-0123').watchPauses((p) => seen.push(p && p.message));
    await client.getAdvertiserInfo([ADV]);
    expect(seen).toEqual(['paused by TikTok until 10:00 UTC', null]);
    stop();
  });

  it('stops with DailyLimitReached when the QPD is spent, resuming at 00:00 UTC', async () => {
    const { client, calls } = setup([fail(40100, 'The daily request limit (QPD) of the app was reached')]);
    const err = await client.getAdvertiserInfo([ADV]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DailyLimitReached);
    const daily = err as DailyLimitReached;
    expect(daily.resumesAt.toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(daily).toMatchObject({ action: 'tiktok_daily_limit', kind: 'action_required', retryable: false });
    expect(calls).toHaveLength(1);
  });

  it('never sends more than the quota in a second, a minute or a day', async () => {
    const { client, calls } = setup(() => ok({ list: [] }), {
      quota: memoryQuota({ qps: 2, qpm: 5, qpd: 7 }),
      concurrency: 1,
    });
    for (let i = 0; i < 5; i += 1) await client.getAdvertiserInfo([ADV]);
    const seconds = calls.map((c) => Math.floor((c.at - T0) / 1000));
    // Two in the first second, two in the next, then the minute's fifth.
    expect(seconds).toEqual([0, 0, 1, 1, 2]);
    await client.getAdvertiserInfo([ADV]);
    // The sixth waits for the next minute.
    expect(calls[5]!.at - T0).toBe(60_000);
    await client.getAdvertiserInfo([ADV]);
    const err = await client.getAdvertiserInfo([ADV]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DailyLimitReached);
    expect(calls).toHaveLength(7);
  });

  it('knows the tiers', () => {
    expect(QUOTA_TIERS.basic).toEqual({ qps: 10, qpm: 600, qpd: 864_000 });
    expect(QUOTA_TIERS.sandbox).toMatchObject({ qps: 1, qpm: 30 });
    expect(quotaLimits('ultimate').qps).toBe(50);
    expect(quotaLimits('basic', { qps: 3, qpm: undefined })).toEqual({ qps: 3, qpm: 600, qpd: 864_000 });
  });
});

describe('outages pause, then continue', () => {
  it('retries a failing TikTok for minutes, pausing every request, and gets through', async () => {
    // Four minutes of 503s and resets, then TikTok is back.
    const script: Script = (call, index) => {
      if (call.at - T0 >= 4 * 60_000) return ok({ list: [] });
      return index % 2 ? connectionReset() : fail(50000, 'system error', 503);
    };
    const { client, clock, pauses } = setup(script, { random: () => 1 });
    await client.getAdvertiserInfo([ADV]);
    expect(clock.now() - T0).toBeGreaterThanOrEqual(4 * 60_000);
    expect(pauses.some((p) => p.reason === 'outage')).toBe(true);
  });

  it('gives up after the outage budget (tiktokOutageMaxMs)', async () => {
    const { client, clock } = setup(() => fail(50000, 'system error'), {
      random: () => 1,
      retry: { maxElapsedMs: 120_000 },
    });
    const err = await client.getAdvertiserInfo([ADV]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Transient);
    expect((err as TikTokApiError).attempts).toBeGreaterThan(5);
    expect(clock.now() - T0).toBeLessThanOrEqual(120_000);
  });
});
