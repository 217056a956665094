import { z } from 'zod';
import {
  checkCredential,
  createAuthorizationLink,
  createCredential,
  credentialInputSchema,
  credentialPatchSchema,
  deleteCredential,
  getCredential,
  listCredentials,
  listOutstandingLinks,
  revokeLinks,
  updateCredential,
} from '../config/index.js';
import { clockOf } from '../config/deps.js';
import type { ControlRouteDeps } from './control-route-deps.js';
import { oauthRedirectUri } from './oauth-routes.js';
import { HttpError, type RouteSpec, route, idParam } from './routes.js';
import { nameApiSchema } from './openapi.js';

/** A credential as answered: never its app secret or token, only whether they are set. */
export const credentialView = z.object({
  id: z.string(),
  name: z.string(),
  appId: z.string(),
  hasAppSecret: z.boolean(),
  hasAccessToken: z.boolean(),
  status: z.enum(['pending', 'authorized', 'invalid']),
  statusReason: z.string().nullable(),
  advertisers: z.array(
    z.object({ advertiserId: z.string(), name: z.string(), canWrite: z.boolean().nullable() }),
  ),
  scope: z.array(z.union([z.number(), z.string()])),
  authorizedAt: z.string().nullable(),
  lastCheckedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
nameApiSchema(credentialView, 'Credential');
nameApiSchema(credentialView.shape.status, 'CredentialStatus');

const linkView = z.object({
  linkId: z
    .string()
    .describe('Revoke the link with DELETE /api/credentials/{id}/authorization-links/{linkId}'),
  credentialId: z.string(),
  url: z
    .string()
    .describe('Open it (or send it to the TikTok account holder): it works once, until expiresAt'),
  expiresAt: z.string(),
  redirectUri: z.string().describe('Must be a redirect URI of the TikTok app'),
});
nameApiSchema(linkView, 'AuthorizationLink');

const linkQuery = z.object({
  ttlHours: z.coerce
    .number()
    .positive()
    .max(168)
    .optional()
    .describe('How long the link works (default 72 hours, at most 7 days)'),
});

const outstandingView = z.object({
  id: z.string(),
  credentialId: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
nameApiSchema(outstandingView, 'OutstandingAuthorizationLink');
const revokedView = z.object({ revoked: z.array(z.string()).describe('Ids of the links revoked') });

const TAG = 'credentials';
const ADMIN = ['admin'] as const;

/** Credentials (TikTok OAuth): admin only, business users never see them. */
export function credentialRoutes(deps: ControlRouteDeps): RouteSpec[] {
  const { control } = deps;
  const link = async (id: string, ttlHours: number | undefined) => {
    const redirectUri = oauthRedirectUri(deps.publicUrl);
    const made = await createAuthorizationLink(control, {
      credentialId: id,
      redirectUri,
      ...(ttlHours !== undefined ? { ttlMs: Math.round(ttlHours * 3_600_000) } : {}),
    });
    return {
      linkId: made.linkId,
      credentialId: made.credentialId,
      url: made.url,
      expiresAt: made.expiresAt,
      redirectUri,
    };
  };
  return [
    route({
      method: 'get',
      path: '/api/credentials',
      summary: 'List credentials (never their secrets)',
      tag: TAG,
      roles: ADMIN,
      response: z.object({ credentials: z.array(credentialView) }),
      handler: async () => ({ credentials: await listCredentials(control.db) }),
    }),
    route({
      method: 'get',
      path: '/api/credentials/:id',
      summary: 'One credential, with its authorized advertisers',
      tag: TAG,
      roles: ADMIN,
      response: credentialView,
      handler: ({ params }) => getCredential(control.db, idParam(params)),
    }),
    route({
      method: 'post',
      path: '/api/credentials',
      summary: 'Create a pending credential for a TikTok app; authorize it with an authorization link',
      tag: TAG,
      roles: ADMIN,
      body: credentialInputSchema,
      response: credentialView,
      handler: ({ body }) => createCredential(control, body),
    }),
    route({
      method: 'patch',
      path: '/api/credentials/:id',
      summary: 'Rename, replace the app secret, or change the app id (which needs a new authorization)',
      tag: TAG,
      roles: ADMIN,
      body: credentialPatchSchema,
      response: credentialView,
      handler: ({ params, body }) => updateCredential(control, idParam(params), body),
    }),
    route({
      method: 'delete',
      path: '/api/credentials/:id',
      summary: 'Delete a credential no destination uses',
      tag: TAG,
      roles: ADMIN,
      response: z.object({ id: z.string(), deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await deleteCredential(control.db, idParam(params));
        return { id: idParam(params), deleted: true };
      },
    }),
    route({
      method: 'post',
      path: '/api/credentials/:id/authorization-link',
      summary: 'A shareable, single-use authorization link; whoever opens it authorizes the credential',
      tag: TAG,
      roles: ADMIN,
      query: linkQuery,
      response: linkView,
      handler: ({ params, query }) => link(idParam(params), query.ttlHours),
    }),
    route({
      method: 'get',
      path: '/api/credentials/:id/authorization-links',
      summary: 'The authorization links of a credential still usable (not used, revoked or expired)',
      tag: TAG,
      roles: ADMIN,
      response: z.object({ links: z.array(outstandingView) }),
      handler: async ({ params }) => {
        const credential = await getCredential(control.db, idParam(params));
        return { links: await listOutstandingLinks(control.db, credential.id, clockOf(control)()) };
      },
    }),
    route({
      method: 'delete',
      path: '/api/credentials/:id/authorization-links',
      summary: 'Revoke every usable authorization link of a credential (e.g. one sent to the wrong person)',
      tag: TAG,
      roles: ADMIN,
      response: revokedView,
      handler: async ({ params }) => {
        const credential = await getCredential(control.db, idParam(params));
        return { revoked: await revokeLinks(control.db, credential.id, clockOf(control)()) };
      },
    }),
    route({
      method: 'delete',
      path: '/api/credentials/:id/authorization-links/:linkId',
      summary: 'Revoke one usable authorization link',
      tag: TAG,
      roles: ADMIN,
      response: revokedView,
      handler: async ({ params }) => {
        const credential = await getCredential(control.db, idParam(params));
        const linkId = params.linkId ?? '';
        const revoked = await revokeLinks(control.db, credential.id, clockOf(control)(), linkId);
        if (revoked.length === 0)
          throw new HttpError(
            404,
            `Credential ${credential.id} has no usable authorization link ${linkId} (used, revoked or expired).`,
          );
        return { revoked };
      },
    }),
    route({
      method: 'post',
      path: '/api/credentials/:id/reauthorize',
      summary:
        'A new authorization link; its callback replaces the token in place (destinations keep working)',
      tag: TAG,
      roles: ADMIN,
      query: linkQuery,
      response: linkView.extend({ credential: credentialView }),
      handler: async ({ params, query }) => {
        const credential = await getCredential(control.db, idParam(params));
        return { ...(await link(credential.id, query.ttlHours)), credential };
      },
    }),
    route({
      method: 'post',
      path: '/api/credentials/:id/check',
      summary: 'Check that the token still works and refresh the authorized advertisers',
      tag: TAG,
      roles: ADMIN,
      response: credentialView,
      handler: ({ params }) => checkCredential(control, idParam(params)),
    }),
  ];
}
