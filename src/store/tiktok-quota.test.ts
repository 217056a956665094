import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTikTokClient } from '../tiktok/index.js';
import { ok, scriptedFetch } from '../tiktok/scripted-fetch.test-support.js';
import type { Store } from './store.js';
import { openTestStore, TEST_ENGINES } from './store.test-support.js';
import { sharedQuota } from './tiktok-quota.js';

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);

describe.each(TEST_ENGINES)('the shared TikTok quota on %s', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  it('grants each window its limit, then says which window is spent and for how long', async () => {
    const a = sharedQuota(store, 'app-1', { qps: 3, qpm: 4, qpd: 5 });
    const b = sharedQuota(store, 'app-1', { qps: 3, qpm: 4, qpd: 5 });
    const other = sharedQuota(store, 'app-2', { qps: 3, qpm: 4, qpd: 5 });
    const at = (ms: number, q = a) => q.take(T0 + ms);
    expect(await at(0)).toEqual({ granted: true });
    expect(await at(10, b)).toEqual({ granted: true });
    expect(await at(20)).toEqual({ granted: true });
    expect(await at(30, b)).toEqual({ granted: false, window: 'second', waitMs: 970 });
    expect(await at(40, other)).toEqual({ granted: true });
    expect(await at(1000, b)).toEqual({ granted: true });
    expect(await at(1500)).toEqual({ granted: false, window: 'minute', waitMs: 58_500 });
    expect(await at(60_000)).toEqual({ granted: true });
    expect(await at(61_000, b)).toEqual({
      granted: false,
      window: 'day',
      waitMs: 86_400_000 - 61_000 - 36_000_000,
    });
  });

  it('keeps three processes sharing one app within its QPS, and all finish', async () => {
    // Counted when granted: the moment TikTok counts a request is its arrival, a few ms later.
    const times: number[] = [];
    let sent = 0;
    const clients = [1, 2, 3].map(() => {
      const quota = sharedQuota(store, 'app-shared', { qps: 5, qpm: 600, qpd: 864_000 });
      const fake = scriptedFetch(() => {
        sent += 1;
        return ok({ list: [] });
      });
      return createTikTokClient({
        baseUrl: 'https://tiktok.test',
        accessToken: 'tok-0123456789',
        rps: 0,
        concurrency: 4,
        fetch: fake.fetch,
        quota: {
          take: async (nowMs) => {
            const grant = await quota.take(nowMs);
            if (grant.granted) times.push(nowMs);
            return grant;
          },
        },
      });
    });
    await Promise.all(
      clients.flatMap((c) => Array.from({ length: 6 }, () => c.getAdvertiserInfo(['7200000000000000001']))),
    );
    expect(sent).toBe(18);
    expect(times).toHaveLength(18);
    const perSecond = new Map<number, number>();
    for (const t of times)
      perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(5);
  }, 30_000);
});
