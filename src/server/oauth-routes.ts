import type { Context } from 'hono';
import { z } from 'zod';
import {
  AuthorizationRefused,
  ConfigError,
  OAuthStateError,
  completeAuthorization,
  type Credential,
} from '../config/index.js';
import { TikTokApiError } from '../tiktok/index.js';
import type { ControlRouteDeps } from './control-route-deps.js';
import { route, type AppEnv, type RouteSpec } from './routes.js';

/** Path of the OAuth callback, relative to the public URL. */
export const OAUTH_CALLBACK_PATH = '/oauth/callback';

/** The OAuth redirect URI registered with the TikTok app: `<public url>/oauth/callback`. */
export function oauthRedirectUri(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${OAUTH_CALLBACK_PATH}`;
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

/** A small page for whoever opened the link (often not the person who made it). */
function page(title: string, paragraphs: string[], items: string[] = []): string {
  const list = items.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : '';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - ttads</title>` +
    '<meta name="viewport" content="width=device-width, initial-scale=1"></head>' +
    '<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">' +
    `<h1>${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${list}` +
    '</body></html>'
  );
}

function authorized(c: Context<AppEnv>, credential: Credential, reauthorized: boolean): Response {
  const verb = reauthorized ? 'reauthorized' : 'authorized';
  return c.html(
    page(
      'Authorized',
      [
        `The credential "${credential.name}" is ${verb}: ttads can now send data to these TikTok ad accounts.`,
        'You can close this page.',
      ],
      credential.advertisers.map((a) => `${a.name || 'Ad account'} (${a.advertiserId})`),
    ),
    200,
  );
}

function refused(c: Context<AppEnv>, status: 400 | 403 | 404 | 500 | 502 | 503, why: string): Response {
  return c.html(page('Authorization refused', [why, 'Nothing was changed by this page.']), status);
}

/**
 * The OAuth callback TikTok redirects to after consent (public: the person authorizing has no API key). It
 * completes the authorization and answers a page saying authorized or refused, and why. The auth code is
 * never shown or logged.
 */
export function oauthRoutes(deps: ControlRouteDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: OAUTH_CALLBACK_PATH,
      summary: 'OAuth callback: TikTok redirects here with auth_code and state; answers an HTML page',
      tag: 'credentials',
      roles: 'public',
      // Every parameter is optional so that a broken redirect still gets a page, not a JSON error.
      query: z.object({
        auth_code: z.string().optional().describe('Authorization code from TikTok (single use)'),
        code: z.string().optional().describe('Same as auth_code (TikTok sends both)'),
        state: z.string().optional().describe('The signed state of the authorization link'),
      }),
      handler: async ({ c, query }) => {
        const authCode = query.auth_code ?? query.code;
        if (!query.state)
          return refused(c, 400, 'The link carried no state: open the authorization link again.');
        if (!authCode)
          return refused(
            c,
            400,
            'TikTok sent no authorization code: the authorization was declined or cancelled.',
          );
        try {
          const result = await completeAuthorization(deps.control, { state: query.state, authCode });
          return authorized(c, result.credential, result.reauthorized);
        } catch (err) {
          if (err instanceof OAuthStateError) return refused(c, 400, err.message);
          if (err instanceof AuthorizationRefused) return refused(c, 403, err.message);
          if (err instanceof TikTokApiError) {
            // The link is not spent when the exchange fails (completeAuthorization): say it may be reopened.
            if (err.retryable)
              return refused(
                c,
                503,
                `TikTok could not grant the token right now (${err.tiktokCode ?? err.category}): the link still works, open it again in a few minutes.`,
              );
            return refused(
              c,
              502,
              `TikTok refused to grant the token (${err.tiktokCode ?? err.category}). ${err.hint}`,
            );
          }
          if (err instanceof ConfigError && err.status < 500)
            return refused(c, err.status === 404 ? 404 : 400, err.message);
          deps.control.logger?.error({ err }, 'OAuth callback failed');
          return refused(c, 500, 'ttads could not complete the authorization; see the server log.');
        }
      },
    }),
  ];
}
