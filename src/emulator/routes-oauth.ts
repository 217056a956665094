import type { Hono } from 'hono';
import { ok, readBody, requireToken, type EmulatorEnv, type RouteDeps } from './context.js';
import { ApiError } from './envelope.js';
import { requireString } from './validation.js';

/** Scope ids returned with a token; the emulator grants every scope its endpoints need. */
const GRANTED_SCOPE = [1, 2, 3, 4, 5, 6];

function portalError(message: string): string {
  const safe = message.replace(/[<>&"]/g, '');
  return `<html><head><title>Authorization failed</title></head><body><h1>Authorization failed</h1><p>${safe}</p></body></html>`;
}

/**
 * The consent page, answered as if the person agreed: redirect to `redirect_uri` with `auth_code`, `code`
 * and `state`. `as=<user id or role>` picks who consents (default: the first Operator/Admin user).
 */
export function registerPortalRoutes(app: Hono<EmulatorEnv>, deps: RouteDeps): void {
  app.get('/portal/auth', (c) => {
    const { directory, stats } = deps.state();
    const appId = c.req.query('app_id');
    const redirect = c.req.query('redirect_uri');
    const refuse = (message: string): Response => {
      stats.record('portal/auth', 'http:400');
      return c.html(portalError(message), 400);
    };
    if (!appId || !directory.apps.has(appId)) return refuse('Unknown app_id');
    let target: URL;
    try {
      target = new URL(redirect ?? '');
    } catch {
      return refuse('redirect_uri is missing or not an absolute URL');
    }
    const user = directory.findUser(c.req.query('as'));
    if (!user) return refuse('No such user to consent');
    const code = directory.issueCode(appId, user.user_id, deps.clock());
    target.searchParams.set('auth_code', code);
    target.searchParams.set('code', code);
    const state = c.req.query('state');
    if (state !== undefined) target.searchParams.set('state', state);
    stats.record('portal/auth', 'http:302');
    return c.redirect(target.toString(), 302);
  });
}

/** Token exchange, authorized advertisers and revocation. */
export function registerOauthRoutes(api: Hono<EmulatorEnv>, deps: RouteDeps): void {
  api.post('/oauth2/access_token/', async (c) => {
    const { directory } = deps.state();
    const body = await readBody(c);
    const app = directory.checkApp(body.app_id, body.secret);
    const user = directory.consumeCode(requireString(body, 'auth_code'), app.app_id, deps.clock());
    const token = directory.issueToken(app.app_id, user);
    deps.changed();
    return ok(c, {
      access_token: token.access_token,
      advertiser_ids: token.advertiser_ids,
      scope: GRANTED_SCOPE,
    });
  });

  api.get('/oauth2/advertiser/get/', (c) => {
    const { directory } = deps.state();
    const token = requireToken(c, directory);
    const app = directory.checkApp(c.req.query('app_id'), c.req.query('secret'));
    if (token.app_id !== app.app_id) throw new ApiError(40105, 'Access token was not issued to this app');
    const list = token.advertiser_ids.map((id) => ({
      advertiser_id: id,
      advertiser_name: directory.advertisers.get(id)?.name ?? '',
    }));
    return ok(c, { list });
  });

  // TikTok takes the token to revoke in the body; the Access-Token header is not required here.
  api.post('/oauth2/revoke_token/', async (c) => {
    const { directory } = deps.state();
    const body = await readBody(c);
    const app = directory.checkApp(body.app_id, body.secret);
    const value = requireString(body, 'access_token');
    const token = directory.tokens.get(value);
    if (!token || token.revoked || token.app_id !== app.app_id) throw new ApiError(40105);
    directory.revokeToken(value);
    deps.changed();
    return ok(c, {});
  });
}
