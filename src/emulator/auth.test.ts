import { describe, expect, it } from 'vitest';
import { createEmulator } from './app.js';
import { ADV1, ADV2, ANALYST, call, D, FOREIGN } from './emulator.test-support.js';

const info = (ids: string[], token?: string | null) =>
  call(createEmulator(), 'GET', 'advertiser/info/', {
    token,
    query: { advertiser_ids: JSON.stringify(ids) },
  });

describe('access token checks', () => {
  it('answers 40104 without a token', async () => {
    expect((await info([ADV1], null)).code).toBe(40104);
  });

  it('answers 40105 for an unknown token', async () => {
    expect((await info([ADV1], 'not-a-token')).code).toBe(40105);
  });

  it('answers 40105 for a token revoked through the inspection API', async () => {
    const e = createEmulator();
    const res = await e.app.request(`/_emulator/tokens/${D.tokens.operator}/revoke`, { method: 'POST' });
    expect(res.status).toBe(200);
    const r = await call(e, 'GET', 'advertiser/info/', { query: { advertiser_ids: JSON.stringify([ADV1]) } });
    expect(r.code).toBe(40105);
  });

  it('wraps errors in an HTTP 200 envelope with a request id', async () => {
    const r = await info([ADV1], null);
    expect(r.status).toBe(200);
    expect(r.request_id).toMatch(/^\d{14}/);
    expect(r.data).toEqual({});
  });
});

describe('advertiser/info', () => {
  it('describes authorized advertisers', async () => {
    const r = await info([ADV1, ADV2]);
    expect(r.code).toBe(0);
    const list = r.data.list as Record<string, unknown>[];
    expect(list.map((a) => a.advertiser_id)).toEqual([ADV1, ADV2]);
    expect(list[0]).toMatchObject({ name: D.advertisers[0].name, currency: 'USD', status: 'STATUS_ENABLE' });
  });

  it('lets an Analyst read', async () => {
    expect((await info([ADV1], ANALYST)).code).toBe(0);
  });

  it('answers 40001 for an advertiser the token is not authorized for', async () => {
    expect((await info([FOREIGN])).code).toBe(40001);
  });

  it('answers 40300 for an advertiser that does not exist', async () => {
    expect((await info(['7299999999999999999'])).code).toBe(40300);
  });

  it('answers 40002 when advertiser_ids is not a JSON array', async () => {
    const e = createEmulator();
    const r = await call(e, 'GET', 'advertiser/info/', { query: { advertiser_ids: ADV1 + ',' } });
    expect(r.code).toBe(40002);
  });

  it('request ids differ between requests', async () => {
    const e = createEmulator();
    const q = { query: { advertiser_ids: JSON.stringify([ADV1]) } };
    const a = await call(e, 'GET', 'advertiser/info/', q);
    const b = await call(e, 'GET', 'advertiser/info/', q);
    expect(a.request_id).not.toBe(b.request_id);
  });
});
