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

  it('spaces grants 1000/QPS ms apart, grants each window its limit, then says which is spent and for how long', async () => {
    const a = sharedQuota(store, 'app-1', { qps: 3, qpm: 4, qpd: 5 });
    const b = sharedQuota(store, 'app-1', { qps: 3, qpm: 4, qpd: 5 });
    const other = sharedQuota(store, 'app-2', { qps: 3, qpm: 4, qpd: 5 });
    const at = (ms: number, q = a) => q.take(T0 + ms);
    expect(await at(0)).toEqual({ granted: true });
    // The next grant of the app, from any process, comes 1000/3 ms (plus 1%) later.
    expect(await at(10, b)).toEqual({ granted: false, window: 'second', waitMs: 327 });
    expect(await at(40, other)).toEqual({ granted: true });
    expect(await at(340, b)).toEqual({ granted: true });
    expect(await at(680)).toEqual({ granted: true });
    expect(await at(1020, b)).toEqual({ granted: true });
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
    // Within the QPS over every rolling second, not only calendar ones (TikTok may count either way).
    const sorted = [...times].sort((x, y) => x - y);
    const most = Math.max(...sorted.map((t, i) => sorted.filter((u, j) => j >= i && u < t + 1000).length));
    expect(most).toBeLessThanOrEqual(5);
  }, 30_000);
});
