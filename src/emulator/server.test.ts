import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from './server.js';
import { ADV1, D, OPERATOR, sha } from './emulator.test-support.js';

describe('startEmulator', () => {
  let running: RunningEmulator | undefined;
  afterEach(async () => running?.close());

  it('serves the API on a free port of 127.0.0.1', async () => {
    running = await startEmulator({ port: 0 });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.apiBase).toBe(`${running.url}/open_api/v1.3/`);
    const res = await fetch(
      `${running.apiBase}advertiser/info/?advertiser_ids=${encodeURIComponent(JSON.stringify([ADV1]))}`,
      {
        headers: { 'Access-Token': OPERATOR },
      },
    );
    const body = (await res.json()) as { code: number; data: { list: { name: string }[] } };
    expect(body.code).toBe(0);
    expect(body.data.list[0]?.name).toBe(D.advertisers[0].name);
  });

  it('completes the OAuth flow over HTTP', async () => {
    running = await startEmulator();
    const consent = await fetch(
      `${running.url}/portal/auth?app_id=${D.app.app_id}&state=s&redirect_uri=${encodeURIComponent('http://cb.example/done')}`,
      { redirect: 'manual' },
    );
    expect(consent.status).toBe(302);
    const code = new URL(consent.headers.get('location')!).searchParams.get('auth_code');
    const token = await fetch(`${running.apiBase}oauth2/access_token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: D.app.app_id, secret: D.app.secret, auth_code: code }),
    });
    expect(((await token.json()) as { code: number }).code).toBe(0);
  });

  it('takes a large mapping body over the socket', async () => {
    running = await startEmulator({ rateLimitRps: 0 });
    const e = running.emulator;
    const audience = e.state.audiences.create(ADV1, 'Big', Date.now());
    const batch = Array.from({ length: 10_000 }, (_, i) => [
      { id: i.toString(16).padStart(64, '0'), audience_ids: [audience.audience_id] },
      { id: (i + 1e6).toString(16).padStart(64, '0'), audience_ids: [audience.audience_id] },
    ]);
    const res = await fetch(`${running.apiBase}segment/mapping/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Access-Token': OPERATOR },
      body: JSON.stringify({
        advertiser_ids: [ADV1],
        action: 'add',
        id_schema: ['EMAIL_SHA256', 'PHONE_SHA256'],
        batch_data: batch,
      }),
    });
    expect(((await res.json()) as { code: number }).code).toBe(0);
    expect(audience.members.get('PHONE_SHA256')?.size).toBe(10_000);
  });

  it('reads bodies one after another into reused buffers without mixing them up', async () => {
    running = await startEmulator({ rateLimitRps: 0 });
    const { apiBase, emulator } = running;
    const audience = emulator.state.audiences.create(ADV1, 'Reused', Date.now());
    const post = async (from: number, rows: number, id = (i: number) => sha(`m${i}`)): Promise<number> => {
      const res = await fetch(`${apiBase}segment/mapping/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Access-Token': OPERATOR },
        body: JSON.stringify({
          advertiser_ids: [ADV1],
          action: 'add',
          id_schema: ['EMAIL_SHA256'],
          batch_data: Array.from({ length: rows }, (_, i) => [
            { id: id(from + i), audience_ids: [audience.audience_id] },
          ]),
        }),
      });
      return ((await res.json()) as { code: number }).code;
    };
    // Large, then smaller bodies (a reused buffer longer than the body), some at the same time; one
    // refused (uppercase hex) in between.
    expect(await post(0, 5000)).toBe(0);
    expect(await Promise.all([post(5000, 3000), post(8000, 2000), post(10_000, 1000)])).toEqual([0, 0, 0]);
    expect(await post(11_000, 2000, (i) => sha(`m${i}`).toUpperCase())).toBe(40062);
    expect(await post(11_000, 1500)).toBe(0);
    const members = audience.members.get('EMAIL_SHA256')!;
    expect(members.size).toBe(12_500);
    const expected = new Set(Array.from({ length: 12_500 }, (_, i) => sha(`m${i}`)));
    expect([...members.values()].every((h) => expected.has(h))).toBe(true);
  });
});
