/** Contract tests: every client method against the real emulator, and the errors real conditions raise. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ADV1,
  ADV2,
  ANALYST,
  D,
  FOREIGN,
  OPERATOR,
  rejection,
  sha,
  startHarness,
  type Harness,
} from './contract-harness.test-support.js';
import { AdvertiserNotFound, InvalidCredentials, InvalidRequest, MissingPermission } from './errors.js';

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

const app = { appId: D.app.app_id, secret: D.app.secret };

async function authorize(state = 'st-1'): Promise<{ code: string; location: URL }> {
  const url = h
    .client()
    .authorizeUrl({ appId: app.appId, state, redirectUri: 'https://ttads.test/callback' });
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location')!);
  return { code: location.searchParams.get('auth_code')!, location };
}

describe('OAuth round trip', () => {
  it('authorizes, exchanges the code, uses the token; the code cannot be used twice', async () => {
    const client = h.client({ accessToken: undefined });
    const { code, location } = await authorize('state-42');
    expect(location.origin + location.pathname).toBe('https://ttads.test/callback');
    expect(location.searchParams.get('state')).toBe('state-42');
    const grant = await client.exchangeAuthCode({ ...app, authCode: code });
    expect(grant.accessToken).not.toBe('');
    expect(grant.advertiserIds.sort()).toEqual([ADV1, ADV2]);
    expect(grant.scope.length).toBeGreaterThan(0);

    const authorized = client.withToken(grant.accessToken);
    const info = await authorized.getAdvertiserInfo(grant.advertiserIds);
    expect(info.map((a) => a.name).sort()).toEqual(D.advertisers.map((a) => a.name).sort());
    const advertisers = await authorized.getAuthorizedAdvertisers(app);
    expect(advertisers.map((a) => a.advertiserId).sort()).toEqual([ADV1, ADV2]);

    const reuse = await rejection(client.exchangeAuthCode({ ...app, authCode: code }));
    expect(reuse).toBeInstanceOf(InvalidCredentials);
    expect(reuse.tiktokCode).toBe(40110);
    expect(JSON.stringify(reuse)).not.toContain(code);
  });

  it('refuses a wrong app secret as invalid credentials without leaking it', async () => {
    const { code } = await authorize();
    const err = await rejection(
      h.client().exchangeAuthCode({ appId: app.appId, secret: 'wrong-secret-x', authCode: code }),
    );
    expect(err).toBeInstanceOf(InvalidCredentials);
    expect(err.tiktokCode).toBe(40101);
    expect(`${err.message} ${JSON.stringify(err)}`).not.toContain('wrong-secret-x');
  });

  it('revokes a token; the revoked token is then invalid credentials', async () => {
    const { code } = await authorize();
    const client = h.client();
    const grant = await client.exchangeAuthCode({ ...app, authCode: code });
    await client.revokeToken({ ...app, accessToken: grant.accessToken });
    const err = await rejection(client.withToken(grant.accessToken).getAdvertiserInfo([ADV1]));
    expect(err).toBeInstanceOf(InvalidCredentials);
    expect(err.tiktokCode).toBe(40105);
    expect(err.remedy).toBe('reauthorize');
    expect(`${err.message} ${JSON.stringify(err)}`).not.toContain(grant.accessToken);
  });

  it('treats a token revoked on TikTok’s side as invalid credentials', async () => {
    await h.control('POST', `tokens/${OPERATOR}/revoke`);
    const err = await rejection(h.client().listCustomAudiences(ADV1));
    expect(err).toBeInstanceOf(InvalidCredentials);
    expect(err.requestId).toMatch(/\w+/);
    expect(err.endpoint).toBe('dmp/custom_audience/list/');
  });
});

describe('advertisers and permissions', () => {
  it('reads advertiser info', async () => {
    const [info] = await h.client().getAdvertiserInfo([ADV1]);
    expect(info).toMatchObject({ advertiserId: ADV1, name: D.advertisers[0].name });
  });

  it('raises AdvertiserNotFound for an advertiser that does not exist', async () => {
    const err = await rejection(
      h.client().createAudience({ advertiserId: '7299999999999999999', name: 'x' }),
    );
    expect(err).toBeInstanceOf(AdvertiserNotFound);
    expect(err.tiktokCode).toBe(40300);
  });

  it('raises MissingPermission for another business’s advertiser and for an Analyst writing', async () => {
    const foreign = await rejection(h.client().getAdvertiserInfo([FOREIGN]));
    expect(foreign).toBeInstanceOf(MissingPermission);
    const analyst = h.client({ accessToken: ANALYST });
    expect(await analyst.listCustomAudiences(ADV1)).toEqual([]);
    const write = await rejection(analyst.createAudience({ advertiserId: ADV1, name: 'Buyers' }));
    expect(write).toBeInstanceOf(MissingPermission);
    expect(write.hint).toMatch(/Operator/);
  });
});

describe('audiences', () => {
  it('creates, lists every page, finds by name and reads details', async () => {
    await h.control('POST', 'faults', { rateLimitRps: 0 });
    const client = h.client({ rps: 0, concurrency: 4 });
    const names = Array.from({ length: 205 }, (_, i) => `Audience ${i}`);
    const created = await Promise.all(
      names.map((name) => client.createAudience({ advertiserId: ADV1, name })),
    );
    const all = await client.listCustomAudiences(ADV1);
    expect(all).toHaveLength(205);
    expect(new Set(all.map((a) => a.audienceId))).toEqual(new Set(created.map((c) => c.audienceId)));
    expect(client.stats().byEndpoint['dmp/custom_audience/list/']!.requests).toBe(3);

    const found = await client.findAudienceByName(ADV1, 'Audience 150');
    expect(found?.audienceId).toBe(created[150]!.audienceId);
    expect(await client.findAudienceByName(ADV1, 'audience 150')).toBeUndefined();
    expect(await client.listCustomAudiences(ADV2)).toEqual([]);

    const details = await client.getCustomAudiences(
      ADV1,
      created.slice(0, 120).map((c) => c.audienceId),
    );
    expect(details).toHaveLength(120);
    expect(details[0]).toMatchObject({ audienceId: created[0]!.audienceId, name: 'Audience 0', coverNum: 0 });
  });

  it('maps members in, reports the match count, and maps them out', async () => {
    const client = h.client();
    const { audienceId } = await client.createAudience({ advertiserId: ADV1, name: 'Buyers' });
    const emails = ['a@x.test', 'b@x.test', 'c@x.test'].map(sha);
    const phone = sha('+12065550100');
    const batchData = emails.map((email, i) => [
      { id: email, audience_ids: [audienceId] },
      i === 0 ? { id: phone, audience_ids: [audienceId] } : {},
    ]);
    const added = await client.mapAudience({
      advertiserIds: [ADV1, ADV2],
      action: 'add',
      idSchema: ['EMAIL_SHA256', 'PHONE_SHA256'],
      batchData,
    });
    expect(added.partial).toBe(false);
    const [after] = await client.getCustomAudiences(ADV1, [audienceId]);
    expect(after!.coverNum).toBeGreaterThanOrEqual(3);
    expect(after!.isValid).toBe(true);

    await client.mapAudience({
      advertiserIds: [ADV1],
      action: 'delete',
      idSchema: ['EMAIL_SHA256'],
      batchData: [[{ id: emails[2]!, audience_ids: [audienceId] }]],
    });
    const view = await h.control<{ audiences: { member_counts: Record<string, number> }[] }>(
      'GET',
      `audiences?summary=1&advertiser_id=${ADV1}`,
    );
    expect(view.audiences[0]!.member_counts).toMatchObject({ EMAIL_SHA256: 2, PHONE_SHA256: 1 });
  });

  it('maps members from pre-built batch_data JSON, and TikTok checks it the same way', async () => {
    const client = h.client();
    const { audienceId } = await client.createAudience({ advertiserId: ADV1, name: 'Raw JSON' });
    const cell = (id: string): string => `{"id":"${id}","audience_ids":["${audienceId}"]}`;
    const batchDataJson = `[[${cell(sha('d@x.test'))},{}],[{},${cell(sha('+12065550101'))}]]`;
    await client.mapAudienceJson({
      advertiserIds: [ADV1],
      action: 'add',
      idSchema: ['EMAIL_SHA256', 'PHONE_SHA256'],
      batchDataJson,
    });
    const view = await h.control<{ audiences: { member_counts: Record<string, number> }[] }>(
      'GET',
      `audiences?summary=1&advertiser_id=${ADV1}`,
    );
    expect(view.audiences[0]!.member_counts).toMatchObject({ EMAIL_SHA256: 1, PHONE_SHA256: 1 });
    await expect(
      client.mapAudienceJson({
        advertiserIds: [ADV1],
        action: 'add',
        idSchema: ['EMAIL_SHA256'],
        batchDataJson: `[[{"id":"not-a-hash","audience_ids":["${audienceId}"]}]]`,
      }),
    ).rejects.toMatchObject({ tiktokCode: 40062 });
  });

  it('raises InvalidRequest 40062 with the offending row for identifiers that are not hashed', async () => {
    const client = h.client();
    const { audienceId } = await client.createAudience({ advertiserId: ADV1, name: 'Buyers' });
    const err = await rejection(
      client.mapAudience({
        advertiserIds: [ADV1],
        action: 'add',
        idSchema: ['EMAIL_SHA256'],
        batchData: [
          [{ id: sha('ok@x.test'), audience_ids: [audienceId] }],
          [{ id: 'plain@x.test', audience_ids: [audienceId] }],
        ],
      }),
    );
    expect(err).toBeInstanceOf(InvalidRequest);
    expect(err.tiktokCode).toBe(40062);
    expect((err as InvalidRequest).index).toBe(1);
    expect(err.remedy).toBe('fix_input');
  });
});

describe('events', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const event = (i: number) => ({
    event: 'Purchase',
    event_time: now() - 3600,
    event_id: `order-${i}`,
    user: { email: sha(`buyer${i}@x.test`) },
    properties: { currency: 'USD', value: 10 + i, event_channel: 'in_store' },
  });

  it('tracks offline events with a test event code', async () => {
    const res = await h.client().trackEvents({
      eventSource: 'offline',
      eventSourceId: D.eventSet.event_set_id,
      testEventCode: 'TEST123',
      data: [event(1), event(2)],
    });
    expect(res.code).toBe(0);
    const stored = await h.control<{ events: { event_id: string; test_event_code?: string }[] }>(
      'GET',
      'events',
    );
    expect(stored.events.map((e) => e.event_id)).toEqual(['order-1', 'order-2']);
    expect(stored.events[0]!.test_event_code).toBe('TEST123');
  });

  it('names the bad event of a batch in err.index', async () => {
    const bad = { ...event(2), event_time: now() - 40 * 24 * 3600 };
    const err = await rejection(
      h.client().trackEvents({
        eventSource: 'offline',
        eventSourceId: D.eventSet.event_set_id,
        data: [event(1), event(2), bad],
      }),
    );
    expect(err).toBeInstanceOf(InvalidRequest);
    expect((err as InvalidRequest).index).toBe(2);
  });

  it('raises InvalidRequest for plain personal data and for an unknown event set', async () => {
    const plain = { ...event(1), user: { email: 'buyer@x.test' } };
    const unhashed = await rejection(
      h
        .client()
        .trackEvents({ eventSource: 'offline', eventSourceId: D.eventSet.event_set_id, data: [plain] }),
    );
    expect(unhashed.tiktokCode).toBe(40062);
    expect((unhashed as InvalidRequest).index).toBe(0);
    const unknown = await rejection(
      h.client().trackEvents({ eventSource: 'offline', eventSourceId: '1', data: [event(1)] }),
    );
    expect(unknown).toBeInstanceOf(InvalidRequest);
    expect(unknown.tiktokCode).toBe(40007);
  });
});
