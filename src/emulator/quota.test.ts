import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './app.js';
import { limitsOf, TIERS } from './quota.js';
import { defaultSeed } from './seed.js';
import { ADV1, ANALYST, call, inspect, OPERATOR, testClock } from './emulator.test-support.js';

const list = (e: Emulator, token: string = OPERATOR) =>
  call(e, 'GET', 'dmp/custom_audience/list/', { token, query: { advertiser_id: ADV1 } });

async function codes(e: Emulator, n: number, token?: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await list(e, token)).code);
  return out;
}

/** The default seed plus a second app with its own token for the operator. */
function twoApps(tierOfSecond?: 'sandbox') {
  const seed = defaultSeed();
  seed.apps.push({
    app_id: '7000000000000000002',
    secret: 's2',
    ...(tierOfSecond ? { tier: tierOfSecond } : {}),
  });
  seed.tokens.push({ access_token: 'other-app-token', user_id: 'operator', app_id: '7000000000000000002' });
  return seed;
}

describe('default rate limit (no tier)', () => {
  it('answers 40100 (HTTP 200) past the limit within a rolling second, then recovers', async () => {
    const clock = testClock();
    const e = createEmulator({ rateLimitRps: 3, clock: clock.now });
    expect(await codes(e, 3)).toEqual([0, 0, 0]);
    const over = await list(e);
    expect(over.status).toBe(200);
    expect(over.code).toBe(40100);
    clock.advance(999);
    expect((await list(e)).code).toBe(40100);
    clock.advance(1);
    expect((await list(e)).code).toBe(0);
  });

  it('counts per app: two tokens of one app share it, another app has its own', async () => {
    const clock = testClock();
    const e = createEmulator({ rateLimitRps: 1, clock: clock.now, seed: twoApps() });
    expect((await list(e)).code).toBe(0);
    expect((await list(e, ANALYST)).code).toBe(40100);
    expect((await list(e, 'other-app-token')).code).toBe(0);
  });

  it('is off with rateLimitRps 0 and has no per-minute limit', async () => {
    const e = createEmulator({ rateLimitRps: 0, clock: testClock().now });
    expect(new Set(await codes(e, 700))).toEqual(new Set([0]));
  });
});

describe('TikTok tiers', () => {
  it('basic: 10 per second, then a spent QPM (600) suspends the app for 5 minutes', async () => {
    const clock = testClock();
    const e = createEmulator({ tier: 'basic', clock: clock.now });
    expect(await codes(e, 11)).toEqual([...Array<number>(10).fill(0), 40100]);
    // 600 accepted within one minute: 60 seconds' worth at 10 a second.
    for (let s = 1; s < 60; s++) {
      clock.advance(1000);
      expect(new Set(await codes(e, 10))).toEqual(new Set([0]));
    }
    clock.advance(500);
    const spent = await list(e);
    expect(spent.code).toBe(40100);
    expect(spent.message).toMatch(/QPM.*suspended for 5 minutes, until 12:05:59 UTC/);
    // Still suspended after the minute has passed...
    clock.advance(60_000);
    expect((await list(e)).message).toMatch(/suspended/);
    // ...and free again 5 minutes after the suspension began.
    clock.advance(4 * 60_000);
    expect((await list(e)).code).toBe(0);
  });

  it('sandbox: 1 per second and 30 a minute, and no daily quota of its own beyond 30 a minute all day', async () => {
    const clock = testClock(Date.UTC(2025, 0, 15, 23, 0));
    const e = createEmulator({ tier: 'sandbox', clock: clock.now });
    expect(await codes(e, 2)).toEqual([0, 40100]);
    const apps = await inspect<{ apps: { qpd: number | null }[] }>(e, 'apps');
    expect(apps.apps[0]!.qpd).toBeNull();
    expect(limitsOf({ tier: 'sandbox' }, TIERS.basic)).toEqual({ qps: 1, qpm: 30, qpd: 43_200 });
    // 29 more within the minute (one a second) pass; the 31st of the minute suspends the app.
    for (let i = 0; i < 29; i++) {
      clock.advance(1001);
      expect((await list(e)).code).toBe(0);
    }
    clock.advance(1001);
    expect((await list(e)).message).toMatch(/QPM limit \(30\)/);
  });

  it('a spent QPD answers 40100 until 00:00 UTC', async () => {
    const clock = testClock(Date.UTC(2025, 0, 15, 23, 0));
    const e = createEmulator({ tier: 'sandbox', clock: clock.now });
    const app = e.state.directory.apps.keys().next().value!;
    const set = await e.app.request(`/_emulator/apps/${app}`, {
      method: 'POST',
      body: JSON.stringify({ qpd: 5 }),
    });
    expect(set.status).toBe(200);
    for (let i = 0; i < 5; i++) {
      expect((await list(e)).code).toBe(0);
      clock.advance(2001);
    }
    const day = await list(e);
    expect(day.code).toBe(40100);
    expect(day.message).toMatch(/QPD limit \(5\).*resets at 00:00 UTC/);
    const stats = await inspect<{ apps: { usage: { today: number } }[] }>(e, 'apps');
    expect(stats.apps[0]!.usage.today).toBe(5);
    clock.advance(Date.UTC(2025, 0, 16) - clock.now());
    expect((await list(e)).code).toBe(0);
  });

  it('a tier set per app (seed) applies to that app only', async () => {
    const clock = testClock();
    const e = createEmulator({ rateLimitRps: 0, clock: clock.now, seed: twoApps('sandbox') });
    expect(await codes(e, 2, 'other-app-token')).toEqual([0, 40100]);
    expect(await codes(e, 5)).toEqual([0, 0, 0, 0, 0]);
  });

  it('can be set through the control API, per app or as the default', async () => {
    const clock = testClock();
    const e = createEmulator({ rateLimitRps: 0, clock: clock.now });
    const post = (path: string, body: unknown) =>
      e.app.request(`/_emulator/${path}`, { method: 'POST', body: JSON.stringify(body) });
    const app = e.state.directory.apps.keys().next().value!;
    expect((await post(`apps/${app}`, { tier: 'sandbox' })).status).toBe(200);
    expect(await codes(e, 2)).toEqual([0, 40100]);
    clock.advance(1000);
    await post(`apps/${app}`, { tier: null, qps: 3 });
    expect(await codes(e, 4)).toEqual([0, 0, 0, 40100]);
    expect((await post('faults', { tier: 'gold' })).status).toBe(400);
    await post(`apps/${app}`, { qps: null });
    clock.advance(1000);
    await post('faults', { tier: 'premium' });
    expect((await inspect<{ limits: unknown }>(e, 'faults')).limits).toEqual({
      qps: 30,
      qpm: 1800,
      qpd: 2_592_000,
    });
    expect(await codes(e, 31)).toEqual([...Array<number>(30).fill(0), 40100]);
  });
});

describe('suspension length and request records', () => {
  it('suspends an app for its own suspension_ms, set through /_emulator/apps', async () => {
    const clock = testClock();
    const e = createEmulator({ clock: clock.now });
    const app = defaultSeed().apps[0]!.app_id;
    const set = await e.app.request(`/_emulator/apps/${app}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ qps: 100, qpm: 3, suspension_ms: 2000 }),
    });
    expect(await set.json()).toMatchObject({ qpm: 3, suspension_ms: 2000 });
    expect(await codes(e, 4)).toEqual([0, 0, 0, 40100]);
    expect((await list(e)).message).toMatch(/suspended for 2 seconds/);
    clock.advance(1999);
    expect((await list(e)).code).toBe(40100);
    clock.advance(1);
    // A fresh minute once the suspension is over, as after TikTok's 5 minutes.
    expect(await codes(e, 4)).toEqual([0, 0, 0, 40100]);
  });

  it('takes the default suspension from the seed settings', async () => {
    const clock = testClock();
    const seed = { ...defaultSeed(), settings: { suspension_ms: 1000 } };
    seed.apps = seed.apps.map((a) => ({ ...a, qpm: 1 }));
    const e = createEmulator({ clock: clock.now, seed });
    expect(await codes(e, 2)).toEqual([0, 40100]);
    expect((await inspect<{ suspensionMs: number }>(e, 'faults')).suspensionMs).toBe(1000);
  });

  it('records accepted requests per second for each app', async () => {
    const clock = testClock();
    const e = createEmulator({ rateLimitRps: 2, clock: clock.now });
    const app = defaultSeed().apps[0]!.app_id;
    await codes(e, 3);
    clock.advance(1000);
    await codes(e, 1);
    const { seconds } = await inspect<{ seconds: { at: string; requests: number }[] }>(
      e,
      `apps/${app}/seconds`,
    );
    expect(seconds).toEqual([
      { at: '2025-01-15T12:00:00.000Z', requests: 2 },
      { at: '2025-01-15T12:00:01.000Z', requests: 1 },
    ]);
  });

  it("counts one endpoint's requests per second when asked", async () => {
    const clock = testClock();
    const e = createEmulator({ rateLimitRps: 5, clock: clock.now });
    const app = defaultSeed().apps[0]!.app_id;
    await codes(e, 2);
    await call(e, 'GET', 'advertiser/info/', { query: { advertiser_ids: JSON.stringify([ADV1]) } });
    clock.advance(1000);
    await call(e, 'GET', 'advertiser/info/', { query: { advertiser_ids: JSON.stringify([ADV1]) } });
    type Seconds = { seconds: { at: string; requests: number }[] };
    expect(
      (await inspect<Seconds>(e, `apps/${app}/seconds?endpoint=dmp/custom_audience/list/`)).seconds,
    ).toEqual([{ at: '2025-01-15T12:00:00.000Z', requests: 2 }]);
    expect((await inspect<Seconds>(e, `apps/${app}/seconds?endpoint=advertiser/info/`)).seconds).toEqual([
      { at: '2025-01-15T12:00:00.000Z', requests: 1 },
      { at: '2025-01-15T12:00:01.000Z', requests: 1 },
    ]);
    expect((await inspect<Seconds>(e, `apps/${app}/seconds`)).seconds[0]!.requests).toBe(3);
  });
});
