import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS } from '../emulator/index.js';
import { InvalidCredentials } from '../tiktok/index.js';
import {
  checkCredential,
  createCredential,
  credentialClient,
  getCredential,
  getCredentialAccess,
} from './credentials.js';
import {
  AuthorizationRefused,
  CredentialNotAuthorized,
  NotFoundError,
  OAuthStateExpired,
  OAuthStateForged,
  OAuthStateReused,
} from './errors.js';
import { completeAuthorization, createAuthorizationLink, DEFAULT_LINK_TTL_MS } from './oauth.js';
import { TEST_ENGINES } from '../store/store.test-support.js';
import {
  ADVERTISER,
  ADVERTISER_2,
  APP,
  consent,
  openFixture,
  REDIRECT_URI,
  type ControlPlaneFixture,
} from './control-plane.test-support.js';

describe.each(TEST_ENGINES)('OAuth against the emulator on %s', (engine) => {
  let fx: ControlPlaneFixture;
  beforeAll(async () => {
    fx = await openFixture(engine);
  });
  afterAll(async () => {
    await fx?.close();
  });

  const newCredential = (name: string) =>
    createCredential(fx.deps, { name, appId: APP.app_id, appSecret: APP.secret });
  const link = (credentialId: string, ttlMs?: number) =>
    createAuthorizationLink(fx.deps, {
      credentialId,
      redirectUri: REDIRECT_URI,
      ...(ttlMs ? { ttlMs } : {}),
    });

  it('authorizes a credential through the full round trip', async () => {
    const pending = await newCredential('Round trip');
    expect(pending).toMatchObject({ status: 'pending', hasAppSecret: true, hasAccessToken: false });
    const l = await link(pending.id);
    const url = new URL(l.url);
    expect(url.origin).toBe(fx.emulator.url);
    expect(url.pathname).toBe('/portal/auth');
    expect(url.searchParams.get('app_id')).toBe(APP.app_id);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.get('state')).toBe(l.state);
    expect(l.url).not.toContain(APP.secret);
    expect(l.expiresAt.getTime() - Date.now()).toBeGreaterThan(DEFAULT_LINK_TTL_MS - 60_000);

    // Whoever opens the link (here: no session shared with the creator) completes it.
    const { credential, reauthorized } = await completeAuthorization(fx.deps, await consent(l.url));
    expect(reauthorized).toBe(false);
    expect(credential).toMatchObject({
      id: pending.id,
      status: 'authorized',
      statusReason: null,
      hasAccessToken: true,
    });
    expect(credential.advertisers).toEqual([
      { advertiserId: ADVERTISER, name: 'Demo Brand US', canWrite: true },
      { advertiserId: ADVERTISER_2, name: 'Demo Brand CA', canWrite: true },
    ]);
    expect(credential.authorizedAt).toBeInstanceOf(Date);
    expect(credential.lastCheckedAt).toBeInstanceOf(Date);

    // The stored token works against TikTok.
    const client = await credentialClient(fx.deps, pending.id);
    expect((await client.getAdvertiserInfo([ADVERTISER]))[0]?.name).toBe('Demo Brand US');
    // The role probe changed nothing on the emulator.
    const audiences = (await (await fetch(`${fx.emulator.url}/_emulator/audiences`)).json()) as {
      audiences: unknown[];
    };
    expect(audiences.audiences).toEqual([]);
  });

  it('refuses a forged state and leaves the credential pending', async () => {
    const pending = await newCredential('Forged');
    const { authCode } = await consent((await link(pending.id)).url);
    const forged = Buffer.from(JSON.stringify({ c: pending.id, n: 'n', e: Date.now() + 60_000 })).toString(
      'base64url',
    );
    await expect(
      completeAuthorization(fx.deps, { state: `${forged}.AAAA`, authCode }),
    ).rejects.toBeInstanceOf(OAuthStateForged);
    await expect(completeAuthorization(fx.deps, { state: 'xyz', authCode })).rejects.toBeInstanceOf(
      OAuthStateForged,
    );
    expect((await getCredential(fx.store, pending.id)).status).toBe('pending');
  });

  it('refuses a reused state, even with a fresh auth code', async () => {
    const pending = await newCredential('Reused');
    const l = await link(pending.id);
    const first = await consent(l.url);
    await completeAuthorization(fx.deps, first);
    const second = await consent(l.url);
    const err = await completeAuthorization(fx.deps, second).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthStateReused);
    expect((err as OAuthStateReused).status).toBe(400);
    expect((err as Error).message).toMatch(/generate a new authorization link/);
  });

  it('refuses an expired state', async () => {
    const pending = await newCredential('Expired');
    const l = await link(pending.id, 60_000);
    const callback = await consent(l.url);
    fx.advance(60_001);
    try {
      await expect(completeAuthorization(fx.deps, callback)).rejects.toBeInstanceOf(OAuthStateExpired);
    } finally {
      fx.advance(-60_001);
    }
    expect((await getCredential(fx.store, pending.id)).status).toBe('pending');
  });

  it('refuses the Analyst role with a clear message and keeps no token', async () => {
    const pending = await newCredential('Analyst');
    const callback = await consent((await link(pending.id)).url, 'analyst');
    const err = await completeAuthorization(fx.deps, callback).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthorizationRefused);
    expect((err as AuthorizationRefused).problem).toBe('insufficient_role');
    expect((err as Error).message).toMatch(/Analyst role on Demo Brand US \(7200000000000000001\)/);
    expect((err as Error).message).toMatch(/Operator/);
    const after = await getCredential(fx.store, pending.id);
    expect(after).toMatchObject({ status: 'invalid', hasAccessToken: false });
    expect(after.statusReason).toMatch(/Analyst/);
    await expect(getCredentialAccess(fx.deps, pending.id)).rejects.toBeInstanceOf(CredentialNotAuthorized);
  });

  it('reauthorizes in place: same id, new token, and an Analyst cannot replace a working token', async () => {
    const pending = await newCredential('Reauthorize');
    await completeAuthorization(fx.deps, await consent((await link(pending.id)).url));
    const before = await getCredentialAccess(fx.deps, pending.id);

    const again = await completeAuthorization(fx.deps, await consent((await link(pending.id)).url));
    expect(again.reauthorized).toBe(true);
    expect(again.credential.id).toBe(pending.id);
    const after = await getCredentialAccess(fx.deps, pending.id);
    expect(after.accessToken).not.toBe(before.accessToken);

    const analyst = await consent((await link(pending.id)).url, 'analyst');
    await expect(completeAuthorization(fx.deps, analyst)).rejects.toBeInstanceOf(AuthorizationRefused);
    expect((await getCredentialAccess(fx.deps, pending.id)).accessToken).toBe(after.accessToken);
    expect((await getCredential(fx.store, pending.id)).status).toBe('authorized');
  });

  it('finds a revoked token on check, and a reauthorization repairs the same credential', async () => {
    const pending = await newCredential('Revoked');
    await completeAuthorization(fx.deps, await consent((await link(pending.id)).url));
    const { accessToken } = await getCredentialAccess(fx.deps, pending.id);
    await fx.deps.tiktok.revokeToken({ appId: APP.app_id, secret: APP.secret, accessToken });

    const checked = await checkCredential(fx.deps, pending.id);
    expect(checked.status).toBe('invalid');
    expect(checked.statusReason).toMatch(/reauthorize/);
    await expect(credentialClient(fx.deps, pending.id)).rejects.toBeInstanceOf(CredentialNotAuthorized);

    await completeAuthorization(fx.deps, await consent((await link(pending.id)).url));
    const repaired = await checkCredential(fx.deps, pending.id);
    expect(repaired).toMatchObject({ id: pending.id, status: 'authorized', statusReason: null });
  });

  it('reports a wrong app secret from the exchange and records it on a pending credential', async () => {
    const wrong = await createCredential(fx.deps, {
      name: 'Wrong secret',
      appId: APP.app_id,
      appSecret: 'not-the-secret',
    });
    const callback = await consent((await link(wrong.id)).url);
    await expect(completeAuthorization(fx.deps, callback)).rejects.toBeInstanceOf(InvalidCredentials);
    const after = await getCredential(fx.store, wrong.id);
    expect(after.status).toBe('invalid');
    expect(after.statusReason).toMatch(/app id or app secret/);
  });

  it('refuses links for unknown credentials and bad redirect URIs', async () => {
    await expect(link('cred_missing')).rejects.toBeInstanceOf(NotFoundError);
    const pending = await newCredential('Bad redirect');
    await expect(
      createAuthorizationLink(fx.deps, { credentialId: pending.id, redirectUri: 'javascript:alert(1)' }),
    ).rejects.toThrow(/redirectUri/);
  });

  it('stores neither the token nor the app secret in clear text, and logs neither', async () => {
    const pending = await newCredential('Raw rows');
    const l = await link(pending.id);
    const callback = await consent(l.url);
    await completeAuthorization(fx.deps, callback);
    const { accessToken, appSecret } = await getCredentialAccess(fx.deps, pending.id);
    expect(accessToken).toMatch(/^act\./);
    expect(appSecret).toBe(APP.secret);

    const tables = await fx.store.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['credentials', 'oauth_state_nonces']),
    );
    let dump = '';
    for (const { table_name } of tables) {
      const rows = await fx.store.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
      dump += rows.map((r) => r.row).join('\n');
    }
    expect(dump).toContain(pending.id);
    for (const secret of [accessToken, appSecret, callback.authCode, EMULATOR_DEFAULTS.tokens.operator]) {
      expect(dump).not.toContain(secret);
    }
    const logs = fx.logLines.join('');
    expect(logs).toContain('credential authorized');
    for (const secret of [accessToken, appSecret, callback.authCode]) expect(logs).not.toContain(secret);
  });
});
