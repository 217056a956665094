import { describe, expect, it } from 'vitest';
import { createTikTokClient, type TikTokClientOptions } from './client.js';
import { apiBase } from './constants.js';
import { memoryQuota, quotaLimits } from './quota.js';
import type { MappingId } from './types.js';
import {
  connectionRefused,
  connectionReset,
  fail,
  fakeClock,
  ok,
  scriptedFetch,
  type Script,
} from './scripted-fetch.test-support.js';

const TOKEN = 'tok-client-test-0001';
const ADV = '7200000000000000001';

function setup(script: Script, extra: Partial<TikTokClientOptions> = {}) {
  const clock = fakeClock();
  const fake = scriptedFetch(script, clock.now);
  const client = createTikTokClient({
    baseUrl: 'https://tiktok.test/',
    accessToken: TOKEN,
    rps: 0,
    fetch: fake.fetch,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0,
    ...extra,
  });
  return { client, calls: fake.calls, clock };
}

const audienceRow = (n: number) => ({
  audience_id: String(1000 + n),
  name: `aud ${n}`,
  cover_num: n,
  is_valid: true,
});

/** Serves `total` audiences in pages of `page_size`, as TikTok's list endpoint does. */
function audiencePages(total: number): Script {
  return (call) => {
    const page = Number(call.url.searchParams.get('page'));
    const size = Number(call.url.searchParams.get('page_size'));
    const rows = Array.from({ length: total }, (_, i) => audienceRow(i)).slice(
      (page - 1) * size,
      page * size,
    );
    const totalPage = Math.max(1, Math.ceil(total / size));
    return ok({
      list: rows,
      page_info: { page, page_size: size, total_number: total, total_page: totalPage },
    });
  };
}

describe('constants', () => {
  it('builds the versioned API base from any base URL', () => {
    expect(apiBase('https://business-api.tiktok.com')).toBe('https://business-api.tiktok.com/open_api/v1.3/');
    expect(apiBase('http://127.0.0.1:4010/')).toBe('http://127.0.0.1:4010/open_api/v1.3/');
  });
});

describe('OAuth', () => {
  it('builds a shareable portal link on the base URL or a given portal', () => {
    const { client } = setup([]);
    const url = new URL(
      client.authorizeUrl({ appId: 'A1', state: 's t', redirectUri: 'https://me.test/cb?x=1' }),
    );
    expect(url.origin + url.pathname).toBe('https://tiktok.test/portal/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app_id: 'A1',
      state: 's t',
      redirect_uri: 'https://me.test/cb?x=1',
    });
    const other = client.authorizeUrl({
      appId: 'A',
      state: 'S',
      redirectUri: 'r',
      portalBase: 'https://p.test',
    });
    expect(other.startsWith('https://p.test/portal/auth?')).toBe(true);
  });

  it('exchanges an auth code without a token header', async () => {
    const { client, calls } = setup([
      ok({ access_token: 'new-token', advertiser_ids: [ADV, 7200000000000000], scope: [4, 5] }),
    ]);
    const grant = await client.exchangeAuthCode({ appId: 'A1', secret: 'S1', authCode: 'C1' });
    expect(grant).toEqual({
      accessToken: 'new-token',
      advertiserIds: [ADV, '7200000000000000'],
      scope: [4, 5],
    });
    expect(calls[0]!.url.pathname).toBe('/open_api/v1.3/oauth2/access_token/');
    expect(calls[0]!.body).toEqual({ app_id: 'A1', secret: 'S1', auth_code: 'C1' });
    expect(calls[0]!.headers['access-token']).toBeUndefined();
  });

  it('lists authorized advertisers with app id and secret in the query', async () => {
    const { client, calls } = setup([ok({ list: [{ advertiser_id: ADV, advertiser_name: 'Brand' }] })]);
    expect(await client.getAuthorizedAdvertisers({ appId: 'A1', secret: 'S1' })).toEqual([
      { advertiserId: ADV, advertiserName: 'Brand' },
    ]);
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({ app_id: 'A1', secret: 'S1' });
    expect(calls[0]!.headers['access-token']).toBe(TOKEN);
  });

  it('revokes a token', async () => {
    const { client, calls } = setup([ok({})]);
    await client.revokeToken({ appId: 'A1', secret: 'S1', accessToken: 'old' });
    expect(calls[0]!.url.pathname).toBe('/open_api/v1.3/oauth2/revoke_token/');
    expect(calls[0]!.body).toEqual({ app_id: 'A1', secret: 'S1', access_token: 'old' });
  });
});

describe('advertisers', () => {
  it('maps advertiser info and leaves contact details out', async () => {
    const { client } = setup([
      ok({ list: [{ advertiser_id: ADV, name: 'Brand', currency: 'USD', timezone: 'UTC', email: 'x@y.z' }] }),
    ]);
    const [info] = await client.getAdvertiserInfo([ADV]);
    expect(info).toMatchObject({ advertiserId: ADV, name: 'Brand', currency: 'USD', timezone: 'UTC' });
    expect(JSON.stringify(info)).not.toContain('x@y.z');
  });
});

describe('audiences', () => {
  it('reads every page of the audience list, 100 at a time', async () => {
    const { client, calls } = setup(audiencePages(250));
    const all = await client.listCustomAudiences(ADV);
    expect(all).toHaveLength(250);
    expect(all[249]).toMatchObject({ audienceId: '1249', name: 'aud 249', coverNum: 249, isValid: true });
    expect(calls.map((c) => c.url.searchParams.get('page'))).toEqual(['1', '2', '3']);
    expect(calls.every((c) => c.url.searchParams.get('page_size') === '100')).toBe(true);
    expect(calls[0]!.url.searchParams.get('advertiser_id')).toBe(ADV);
  });

  it('stops after one request when the advertiser has no audience', async () => {
    const { client, calls } = setup(audiencePages(0));
    expect(await client.listCustomAudiences(ADV)).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('finds an audience by exact name and stops reading pages once found', async () => {
    const { client, calls } = setup(audiencePages(350));
    expect(await client.findAudienceByName(ADV, 'aud 150')).toMatchObject({ audienceId: '1150' });
    expect(calls).toHaveLength(2);
    expect(await client.findAudienceByName(ADV, 'AUD 150')).toBeUndefined();
  });

  it('gets audience details in chunks of 100 ids', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => String(i));
    const { client, calls } = setup((call) => {
      const asked = JSON.parse(call.url.searchParams.get('custom_audience_ids')!) as string[];
      return ok({
        list: asked.map((audienceId) => ({
          audience_details: {
            audience_id: audienceId,
            name: `n${audienceId}`,
            cover_num: 1200,
            is_valid: false,
          },
          audience_history: [],
        })),
      });
    });
    const details = await client.getCustomAudiences(ADV, ids);
    expect(details).toHaveLength(150);
    expect(details[149]).toMatchObject({ audienceId: '149', coverNum: 1200, isValid: false });
    expect(calls).toHaveLength(2);
    expect(await client.getCustomAudiences(ADV, [])).toEqual([]);
    expect(calls).toHaveLength(2);
  });

  it('creates an audience', async () => {
    const { client, calls } = setup([ok({ audience_id: '555' })]);
    expect(await client.createAudience({ advertiserId: ADV, name: 'Buyers' })).toEqual({ audienceId: '555' });
    expect(calls[0]!.body).toEqual({ advertiser_id: ADV, action: 'create', custom_audience_name: 'Buyers' });
  });

  it('after an ambiguous create failure, finds the audience instead of creating a duplicate', async () => {
    const { client, calls } = setup([
      connectionReset(),
      ok({
        list: [{ audience_id: '777', name: 'Buyers' }],
        page_info: { page: 1, page_size: 100, total_page: 1 },
      }),
    ]);
    expect(await client.createAudience({ advertiserId: ADV, name: 'Buyers' })).toEqual({ audienceId: '777' });
    expect(calls.map((c) => c.url.pathname.replace('/open_api/v1.3/', ''))).toEqual([
      'segment/audience/',
      'dmp/custom_audience/list/',
    ]);
  });

  it('retries the create only when the lookup has found nothing for the whole listing wait', async () => {
    const empty = ok({ list: [], page_info: { page: 1, page_size: 100, total_page: 0 } });
    const { client, calls } = setup([fail(50002), empty, empty, empty, ok({ audience_id: '888' })], {
      listingWaitMs: 3_000,
    });
    expect(await client.createAudience({ advertiserId: ADV, name: 'Buyers' })).toEqual({ audienceId: '888' });
    expect(calls.map((c) => c.url.pathname.replace('/open_api/v1.3/', ''))).toEqual([
      'segment/audience/',
      'dmp/custom_audience/list/',
      'dmp/custom_audience/list/',
      'dmp/custom_audience/list/',
      'segment/audience/',
    ]);
  });

  it('finds a created audience that TikTok lists only after a delay', async () => {
    const empty = ok({ list: [], page_info: { page: 1, page_size: 100, total_page: 0 } });
    const listed = ok({
      list: [{ audience_id: '999', name: 'Buyers' }],
      page_info: { page: 1, page_size: 100, total_page: 1 },
    });
    const { client, calls } = setup([connectionReset(), empty, empty, listed]);
    expect(await client.createAudience({ advertiserId: ADV, name: 'Buyers' })).toEqual({ audienceId: '999' });
    expect(calls.filter((c) => c.url.pathname.endsWith('segment/audience/'))).toHaveLength(1);
  });

  it('creates again at once after a failure that never reached TikTok, without waiting for the list', async () => {
    const { client, calls, clock } = setup([connectionRefused(), ok({ audience_id: '444' })], {
      listingWaitMs: 180_000,
    });
    const before = clock.now();
    expect(await client.createAudience({ advertiserId: ADV, name: 'Buyers' })).toEqual({ audienceId: '444' });
    expect(calls.map((c) => c.url.pathname.replace('/open_api/v1.3/', ''))).toEqual([
      'segment/audience/',
      'segment/audience/',
    ]);
    expect(clock.now() - before).toBeLessThan(60_000);
  });

  it('still looks at the list once an earlier attempt may have reached TikTok', async () => {
    // The first create's connection breaks (it may have been applied), the list stays empty for the whole
    // wait, the second create's connection is refused, and then the first one's audience is listed.
    let creates = 0;
    const empty = ok({ list: [], page_info: { page: 1, page_size: 100, total_page: 0 } });
    const listed = ok({
      list: [{ audience_id: '333', name: 'Buyers' }],
      page_info: { page: 1, page_size: 100, total_page: 1 },
    });
    const { client, calls } = setup(
      (call) => {
        if (call.url.pathname.endsWith('segment/audience/'))
          return ++creates === 1
            ? connectionReset()
            : creates === 2
              ? connectionRefused()
              : ok({ audience_id: '9' });
        return creates < 2 ? empty : listed;
      },
      { listingWaitMs: 3_000 },
    );
    expect(await client.createAudience({ advertiserId: ADV, name: 'Buyers' })).toEqual({ audienceId: '333' });
    expect(creates).toBe(2);
    expect(calls.at(-1)!.url.pathname).toMatch(/custom_audience\/list\/$/);
  });

  it('maps members with the segment/mapping body', async () => {
    const { client, calls } = setup([ok({})]);
    const batchData: MappingId[][] = [[{ id: 'a'.repeat(64), audience_ids: ['555'] }, {}]];
    const res = await client.mapAudience({
      advertiserIds: [ADV],
      action: 'add',
      idSchema: ['EMAIL_SHA256', 'PHONE_SHA256'],
      batchData,
    });
    expect(res.partial).toBe(false);
    expect(calls[0]!.body).toEqual({
      advertiser_ids: [ADV],
      action: 'add',
      id_schema: ['EMAIL_SHA256', 'PHONE_SHA256'],
      batch_data: batchData,
    });
  });

  it('refuses rows that do not line up with id_schema, before sending', async () => {
    const { client, calls } = setup([]);
    await expect(
      client.mapAudience({
        advertiserIds: [ADV],
        action: 'delete',
        idSchema: ['EMAIL_SHA256'],
        batchData: [[{}, {}]],
      }),
    ).rejects.toThrow(RangeError);
    expect(calls).toHaveLength(0);
  });
});

describe('events', () => {
  const event = { event: 'Purchase', event_time: 1_700_000_000, event_id: 'e1' };

  it('sends test_event_code only when given and surfaces partial success', async () => {
    const { client, calls } = setup([ok({ failed: [1] }, 20001, 'partial success')]);
    const res = await client.trackEvents({
      eventSource: 'offline',
      eventSourceId: 'ES',
      testEventCode: 'T1',
      data: [event],
    });
    expect(res).toMatchObject({ partial: true, code: 20001, data: { failed: [1] } });
    expect(calls[0]!.body).toMatchObject({ test_event_code: 'T1', event_source_id: 'ES' });
  });

  it('refuses empty batches and batches over 1,000 events', async () => {
    const { client, calls } = setup([]);
    const input = { eventSource: 'web' as const, eventSourceId: 'P' };
    await expect(client.trackEvents({ ...input, data: [] })).rejects.toThrow(RangeError);
    await expect(
      client.trackEvents({ ...input, data: Array.from({ length: 1001 }, () => event) }),
    ).rejects.toThrow(/1 to 1000/);
    expect(calls).toHaveLength(0);
  });
});

describe('withToken', () => {
  it('derives a client with another token and its own counters', async () => {
    const { client, calls } = setup([ok({ list: [] }), ok({ list: [] })]);
    const other = client.withToken('other-token');
    await other.getAdvertiserInfo([ADV]);
    await client.getAdvertiserInfo([ADV]);
    expect(calls.map((c) => c.headers['access-token'])).toEqual(['other-token', TOKEN]);
    expect(other.stats().requests).toBe(1);
    expect(client.stats().requests).toBe(1);
    expect(other.baseUrl).toBe('https://tiktok.test');
  });
});

describe('requestsPerSecond', () => {
  it("is the lower of the client's rate limit and its app's QPS, Infinity when neither paces it", () => {
    const basic = memoryQuota(quotaLimits('basic'));
    expect(setup([]).client.requestsPerSecond()).toBe(Infinity);
    expect(setup([], { rps: 500, quota: basic }).client.requestsPerSecond()).toBe(10);
    expect(setup([], { rps: 4, quota: basic }).client.requestsPerSecond()).toBe(4);
    expect(
      setup([], { rps: 0, quota: memoryQuota(quotaLimits('basic', { qps: 25 })) })
        .client.withToken('t2')
        .requestsPerSecond(),
    ).toBe(25);
    expect(setup([], { rps: 7 }).client.requestsPerSecond()).toBe(7);
  });
});
