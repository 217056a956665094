import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './app.js';
import { defaultSeed } from './seed.js';
import { ADV1, call, createAudience, D, inspect, OPERATOR, sha, testClock } from './emulator.test-support.js';

const APP = D.app.app_id;
const control = (e: Emulator, path: string, body: unknown) =>
  e.app.request(`/_emulator/${path}`, { method: 'POST', body: JSON.stringify(body) });
const list = (e: Emulator) => call(e, 'GET', 'dmp/custom_audience/list/', { query: { advertiser_id: ADV1 } });
const mapRows = (e: Emulator, audienceId: string, ids: string[]) =>
  call(e, 'POST', 'segment/mapping/', {
    body: {
      advertiser_ids: [ADV1],
      action: 'add',
      id_schema: ['EMAIL_SHA256'],
      batch_data: ids.map((id) => [{ id, audience_ids: [audienceId] }]),
    },
  });
const track = (e: Emulator, n: number) =>
  call(e, 'POST', 'event/track/', {
    body: {
      event_source: 'offline',
      event_source_id: D.eventSet.event_set_id,
      data: Array.from({ length: n }, (_, i) => ({
        event: 'Purchase',
        event_time: Math.floor(Date.now() / 1000) - 60,
        event_id: `o-${i}`,
      })),
    },
  });

describe('apps: allowlist and scopes', () => {
  it('answers 40118 when the app is not approved for an API, others still work', async () => {
    const e = createEmulator();
    await control(e, `apps/${APP}`, { unapproved_apis: ['segment/'] });
    const r = await call(e, 'POST', 'segment/audience/', {
      body: { advertiser_id: ADV1, action: 'create', custom_audience_name: 'x' },
    });
    expect(r.code).toBe(40118);
    expect(r.message).toMatch(/whitelist/);
    expect((await list(e)).code).toBe(0);
  });

  it('answers 40130 on the endpoints of a missing scope (seeded)', async () => {
    const seed = defaultSeed();
    seed.apps[0]!.missing_scopes = ['measurement'];
    const e = createEmulator({ seed });
    expect((await track(e, 1)).code).toBe(40130);
    expect((await list(e)).code).toBe(0);
    expect((await control(e, `apps/${APP}`, { missing_scopes: ['nope'] })).status).toBe(400);
  });
});

describe('token expiry', () => {
  it('answers 40102 from the seeded expiry on, and after POST /_emulator/tokens/:token/expire', async () => {
    const clock = testClock();
    const seed = defaultSeed();
    seed.tokens[0]!.expires_at = new Date(clock.now() + 1000).toISOString();
    const e = createEmulator({ seed, clock: clock.now });
    expect((await list(e)).code).toBe(0);
    clock.advance(1000);
    expect((await list(e)).code).toBe(40102);
    const analyst = D.tokens.analyst;
    expect(
      (await call(e, 'GET', 'dmp/custom_audience/list/', { token: analyst, query: { advertiser_id: ADV1 } }))
        .code,
    ).toBe(0);
    expect((await control(e, `tokens/${analyst}/expire`, {})).status).toBe(200);
    expect(
      (await call(e, 'GET', 'dmp/custom_audience/list/', { token: analyst, query: { advertiser_id: ADV1 } }))
        .code,
    ).toBe(40102);
  });
});

describe('forced codes and outages', () => {
  it('answers a queued 40700 with its message, without applying the request', async () => {
    const e = createEmulator();
    e.queueErrors([40700]);
    const r = await call(e, 'POST', 'segment/audience/', {
      body: { advertiser_id: ADV1, action: 'create', custom_audience_name: 'x' },
    });
    expect(r.code).toBe(40700);
    expect(r.message).toMatch(/retry/);
    expect(e.state.audiences.all()).toHaveLength(0);
  });

  it('answers 5xx outages with HTML pages, not JSON', async () => {
    const e = createEmulator();
    e.queueErrors(['http:502', 'http:504']);
    for (const status of [502, 504]) {
      const res = await e.app.request(`/open_api/v1.3/dmp/custom_audience/list/?advertiser_id=${ADV1}`, {
        headers: { 'Access-Token': OPERATOR },
      });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain(`<title>${status} `);
    }
  });

  it('drop-after applies the request, then drops the answer', async () => {
    const e = createEmulator();
    const id = await createAudience(e);
    e.queueErrors(['drop-after']);
    await expect(mapRows(e, id, [sha('a'), sha('b')])).rejects.toThrow(/dropped/);
    expect(e.state.audiences.memberCount(e.state.audiences.get(id)!, 'EMAIL_SHA256')).toBe(2);
    expect(e.state.stats.requests['segment/mapping/']).toEqual({ 'drop-after': 1 });
  });

  it('dropAfterRate (a fault setting) does the same at random', async () => {
    const e = createEmulator({ faults: { dropAfterRate: 1 } });
    await expect(track(e, 3)).rejects.toThrow(/dropped/);
    expect(e.state.events.events).toHaveLength(3);
  });
});

describe('20001 partial answers', () => {
  it('event/track: stores the other events and lists the refused ones with a reason', async () => {
    const e = createEmulator({ faults: { partialRate: 1, partialItemRate: 0.3, seed: 5 } });
    const r = await track(e, 20);
    expect(r.code).toBe(20001);
    const failed = r.data.failed_events as { index: number; event_id: string; reason: string }[];
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => f.event_id === `o-${f.index}` && /data\[\d+\]/.test(f.reason))).toBe(true);
    const stored = e.state.events.events.map((x) => x.event_id);
    expect(stored).toHaveLength(20 - failed.length);
    for (const f of failed) expect(stored).not.toContain(f.event_id);
  });

  it('segment/mapping: applies the other rows (forced with a queued 20001)', async () => {
    const e = createEmulator();
    const id = await createAudience(e);
    e.queueErrors([20001], 'segment/mapping/');
    const ids = Array.from({ length: 10 }, (_, i) => sha(String(i)));
    const r = await mapRows(e, id, ids);
    expect(r.code).toBe(20001);
    const failed = r.data.failed_rows as { index: number }[];
    expect(failed.length).toBeGreaterThanOrEqual(1);
    const members = new Set(
      (await inspect<{ audiences: { members: Record<string, string[]> }[] }>(e, 'audiences')).audiences[0]!
        .members.EMAIL_SHA256,
    );
    ids.forEach((h, i) => expect(members.has(h)).toBe(!failed.some((f) => f.index === i)));
  });
});

describe('audiences: listing delay', () => {
  it('a new audience is missing from the list for listingDelayMs but readable by id at once', async () => {
    const clock = testClock();
    const e = createEmulator({ listingDelayMs: 30_000, clock: clock.now });
    const id = await createAudience(e, 'Fresh');
    expect((await list(e)).data.list).toEqual([]);
    const byId = await call(e, 'GET', 'dmp/custom_audience/get/', {
      query: { advertiser_id: ADV1, custom_audience_ids: JSON.stringify([id]) },
    });
    expect(byId.code).toBe(0);
    clock.advance(30_000);
    expect((await list(e)).data.list).toMatchObject([{ audience_id: id, name: 'Fresh' }]);
    await control(e, 'faults', { listingDelayMs: 0 });
    await createAudience(e, 'Second');
    expect(((await list(e)).data.list as unknown[]).length).toBe(2);
  });
});

describe('seed settings', () => {
  it('apply tier, listing delay and faults from the seed file, under explicit options', async () => {
    const seed = {
      ...defaultSeed(),
      settings: { tier: 'sandbox' as const, listing_delay_ms: 5000, faults: { errorRate: 1 } },
    };
    const e = createEmulator({ seed, clock: testClock().now });
    expect((await list(e)).code).toBe(50000);
    const settings = await inspect<{ limits: { qps: number }; listingDelayMs: number }>(e, 'faults');
    expect(settings.limits.qps).toBe(1);
    expect(settings.listingDelayMs).toBe(5000);
    const explicit = createEmulator({ seed, faults: {}, clock: testClock().now });
    expect((await list(explicit)).code).toBe(0);
  });
});

describe('request bodies', () => {
  it('reads UTF-8 text in event bodies as sent (ASCII bodies take a faster decoding)', async () => {
    const e = createEmulator();
    const r = await call(e, 'POST', 'event/track/', {
      body: {
        event_source: 'offline',
        event_source_id: D.eventSet.event_set_id,
        data: [
          {
            event: 'Purchase',
            event_time: Math.floor(Date.now() / 1000) - 60,
            properties: { contents: [{ content_name: 'Café 😀' }] },
          },
        ],
      },
    });
    expect(r.code).toBe(0);
    expect(e.state.events.events[0]!.properties).toEqual({ contents: [{ content_name: 'Café 😀' }] });
  });
});
