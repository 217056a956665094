import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../store/store.test-support.js';
import { TikTokApiError } from '../tiktok/index.js';
import { createCredential, getCredential } from './credentials.js';
import { OAuthStateReused, OAuthStateRevoked, ValidationError } from './errors.js';
import { listOutstandingLinks, revokeLinks } from './oauth-links.js';
import { completeAuthorization, createAuthorizationLink, MAX_LINK_TTL_MS } from './oauth.js';
import {
  APP,
  consent,
  openFixture,
  REDIRECT_URI,
  type ControlPlaneFixture,
} from './control-plane.test-support.js';

describe.each(TEST_ENGINES)('authorization links on %s', (engine) => {
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
  /** The emulator answers the next token exchange with `answer` (a TikTok outage). */
  const failNextExchange = async (answer: number | 'http:503') => {
    const res = await fetch(`${fx.emulator.url}/_emulator/next-errors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ codes: [answer], path: 'oauth2/access_token/' }),
    });
    expect(res.status).toBe(200);
  };

  it('leaves the link usable when TikTok fails the token exchange, and spends it once TikTok accepts', async () => {
    const pending = await newCredential('Outage');
    const l = await link(pending.id);
    for (const answer of ['http:503', 50000] as const) {
      await failNextExchange(answer);
      const err = await completeAuthorization(fx.deps, await consent(l.url)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TikTokApiError);
      expect((await listOutstandingLinks(fx.store, pending.id, Date.now())).map((o) => o.id)).toEqual([
        l.linkId,
      ]);
    }
    const done = await completeAuthorization(fx.deps, await consent(l.url));
    expect(done.credential.status).toBe('authorized');
    expect(await listOutstandingLinks(fx.store, pending.id, Date.now())).toEqual([]);
    await expect(completeAuthorization(fx.deps, await consent(l.url))).rejects.toBeInstanceOf(
      OAuthStateReused,
    );
  });

  it('revokes one link or all of them; a revoked link is refused even with a good code', async () => {
    const pending = await newCredential('Revocable');
    const [a, b, c] = [await link(pending.id), await link(pending.id), await link(pending.id)];
    const outstanding = await listOutstandingLinks(fx.store, pending.id, Date.now());
    expect(outstanding.map((o) => o.id).sort()).toEqual([a.linkId, b.linkId, c.linkId].sort());
    expect(outstanding[0]).toMatchObject({ credentialId: pending.id, expiresAt: c.expiresAt });

    expect(await revokeLinks(fx.store, pending.id, Date.now(), a.linkId)).toEqual([a.linkId]);
    expect(await revokeLinks(fx.store, pending.id, Date.now(), a.linkId)).toEqual([]);
    const err = await completeAuthorization(fx.deps, await consent(a.url)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthStateRevoked);
    expect((err as Error).message).toMatch(/revoked by an admin/);
    expect((await getCredential(fx.store, pending.id)).status).toBe('pending');

    expect(await revokeLinks(fx.store, pending.id, Date.now())).toEqual([b.linkId, c.linkId].sort());
    await expect(completeAuthorization(fx.deps, await consent(c.url))).rejects.toBeInstanceOf(
      OAuthStateRevoked,
    );
    expect(await listOutstandingLinks(fx.store, pending.id, Date.now())).toEqual([]);
  });

  it('works at most 7 days', async () => {
    const pending = await newCredential('Short lived');
    expect((await link(pending.id, MAX_LINK_TTL_MS)).expiresAt.getTime()).toBeLessThanOrEqual(
      Date.now() + 7 * 86_400_000,
    );
    await expect(link(pending.id, MAX_LINK_TTL_MS + 1)).rejects.toBeInstanceOf(ValidationError);
  });
});
