import { randomBytes } from 'node:crypto';
import type { TikTokClient } from '../tiktok/index.js';

/** What the OAuth round trip of the demo produced (the token is for the emulator only). */
export interface OAuthOutcome {
  accessToken: string;
  advertiserIds: string[];
  advertiserNames: string[];
}

/**
 * The credential flow a user goes through with TikTok: open the authorization link, let TikTok redirect
 * back with `auth_code` and `state`, check the state, exchange the code for a token, then list the
 * authorized advertisers. Against the emulator the consent page agrees at once.
 */
export async function oauthRoundTrip(
  client: TikTokClient,
  app: { appId: string; secret: string },
  portalBase: string,
): Promise<OAuthOutcome> {
  const state = randomBytes(12).toString('hex');
  const redirectUri = 'http://127.0.0.1/callback';
  const link = client.authorizeUrl({ appId: app.appId, state, redirectUri, portalBase });
  const consent = await fetch(link, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location)
    throw new Error(`authorization page answered HTTP ${consent.status}`);
  const callback = new URL(location);
  if (callback.searchParams.get('state') !== state) throw new Error('authorization state does not match');
  const authCode = callback.searchParams.get('auth_code');
  if (!authCode) throw new Error('authorization redirect carried no auth_code');
  const grant = await client.exchangeAuthCode({ appId: app.appId, secret: app.secret, authCode });
  const infos = await client.withToken(grant.accessToken).getAdvertiserInfo(grant.advertiserIds);
  return {
    accessToken: grant.accessToken,
    advertiserIds: grant.advertiserIds,
    advertiserNames: infos.map((i) => i.name),
  };
}
