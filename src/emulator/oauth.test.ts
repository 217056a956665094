import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './app.js';
import { AUTH_CODE_TTL_MS } from './directory.js';
import { ADV1, ADV2, call, D, testClock } from './emulator.test-support.js';

const APP = D.app.app_id;
const SECRET = D.app.secret;

async function consent(e: Emulator, extra = ''): Promise<{ status: number; location: URL | null }> {
  const res = await e.app.request(
    `/portal/auth?app_id=${APP}&state=st-1&redirect_uri=${encodeURIComponent('https://app.example/cb?x=1')}${extra}`,
  );
  const loc = res.headers.get('location');
  return { status: res.status, location: loc ? new URL(loc) : null };
}

async function exchange(e: Emulator, code: string, secret: string = SECRET) {
  return call(e, 'POST', 'oauth2/access_token/', {
    token: null,
    body: { app_id: APP, secret, auth_code: code },
  });
}

describe('portal/auth', () => {
  it('redirects to redirect_uri with auth_code, code and state, keeping its query', async () => {
    const { status, location } = await consent(createEmulator());
    expect(status).toBe(302);
    expect(location?.origin + location!.pathname).toBe('https://app.example/cb');
    expect(location?.searchParams.get('x')).toBe('1');
    expect(location?.searchParams.get('state')).toBe('st-1');
    expect(location?.searchParams.get('auth_code')).toMatch(/^[0-9a-f]{40}$/);
    expect(location?.searchParams.get('code')).toBe(location?.searchParams.get('auth_code'));
  });

  it('refuses an unknown app with a 400 page', async () => {
    const res = await createEmulator().app.request('/portal/auth?app_id=123&redirect_uri=https://a.example/');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Unknown app_id');
  });

  it('lets an Analyst consent with as=analyst, giving a token that cannot write', async () => {
    const e = createEmulator();
    const { location } = await consent(e, '&as=analyst');
    const r = await exchange(e, location!.searchParams.get('auth_code')!);
    expect(r.code).toBe(0);
    const write = await call(e, 'POST', 'segment/audience/', {
      token: r.data.access_token as string,
      body: { advertiser_id: ADV1, action: 'create', custom_audience_name: 'A' },
    });
    expect(write.code).toBe(40001);
  });
});

describe('oauth2/access_token', () => {
  it('exchanges a code for a new working token with the advertiser ids', async () => {
    const e = createEmulator();
    const code = (await consent(e)).location!.searchParams.get('auth_code')!;
    const r = await exchange(e, code);
    expect(r.code).toBe(0);
    expect(r.data.advertiser_ids).toEqual([ADV1, ADV2]);
    expect(Array.isArray(r.data.scope)).toBe(true);
    const token = r.data.access_token as string;
    expect(token).not.toBe(D.tokens.operator);
    const info = await call(e, 'GET', 'advertiser/info/', {
      token,
      query: { advertiser_ids: JSON.stringify([ADV1]) },
    });
    expect(info.code).toBe(0);
  });

  it('issues a different token for each exchange', async () => {
    const e = createEmulator();
    const a = await exchange(e, (await consent(e)).location!.searchParams.get('auth_code')!);
    const b = await exchange(e, (await consent(e)).location!.searchParams.get('auth_code')!);
    expect(a.data.access_token).not.toBe(b.data.access_token);
  });

  it('answers 40101 for a wrong secret without spending the code', async () => {
    const e = createEmulator();
    const code = (await consent(e)).location!.searchParams.get('auth_code')!;
    expect((await exchange(e, code, 'wrong')).code).toBe(40101);
    expect((await exchange(e, code)).code).toBe(0);
  });

  it('accepts a code only once', async () => {
    const e = createEmulator();
    const code = (await consent(e)).location!.searchParams.get('auth_code')!;
    expect((await exchange(e, code)).code).toBe(0);
    const again = await exchange(e, code);
    expect(again.code).toBe(40110);
    expect(again.message).toMatch(/used/);
  });

  it('refuses an unknown code and a code older than one hour', async () => {
    const clock = testClock();
    const e = createEmulator({ clock: clock.now });
    expect((await exchange(e, 'nope')).code).toBe(40110);
    const fresh = (await consent(e)).location!.searchParams.get('auth_code')!;
    const stale = (await consent(e)).location!.searchParams.get('auth_code')!;
    clock.advance(AUTH_CODE_TTL_MS);
    expect((await exchange(e, fresh)).code).toBe(0);
    clock.advance(1);
    const expired = await exchange(e, stale);
    expect(expired.code).toBe(40110);
    expect(expired.message).toMatch(/expired/);
  });
});

describe('oauth2/advertiser/get and revoke_token', () => {
  it('lists the authorized advertisers with names', async () => {
    const e = createEmulator();
    const r = await call(e, 'GET', 'oauth2/advertiser/get/', { query: { app_id: APP, secret: SECRET } });
    expect(r.code).toBe(0);
    expect(r.data.list).toEqual([
      { advertiser_id: ADV1, advertiser_name: D.advertisers[0].name },
      { advertiser_id: ADV2, advertiser_name: D.advertisers[1].name },
    ]);
  });

  it('answers 40101 for a wrong secret', async () => {
    const r = await call(createEmulator(), 'GET', 'oauth2/advertiser/get/', {
      query: { app_id: APP, secret: 'x' },
    });
    expect(r.code).toBe(40101);
  });

  it('revokes a token, which then answers 40105', async () => {
    const e = createEmulator();
    const r = await call(e, 'POST', 'oauth2/revoke_token/', {
      token: null,
      body: { app_id: APP, secret: SECRET, access_token: D.tokens.operator },
    });
    expect(r.code).toBe(0);
    const after = await call(e, 'GET', 'oauth2/advertiser/get/', { query: { app_id: APP, secret: SECRET } });
    expect(after.code).toBe(40105);
  });

  it('refuses to revoke with a wrong secret', async () => {
    const e = createEmulator();
    const r = await call(e, 'POST', 'oauth2/revoke_token/', {
      token: null,
      body: { app_id: APP, secret: 'bad', access_token: D.tokens.operator },
    });
    expect(r.code).toBe(40101);
    expect(e.state.directory.tokens.get(D.tokens.operator)?.revoked).toBe(false);
  });
});
