import { z } from 'zod';
import type { Store } from '../store/store.js';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyInfo, type ApiRole } from './api-keys.js';
import { HttpError, route, type RouteSpec, idParam } from './routes.js';
import { nameApiSchema } from './openapi.js';

const role = z
  .enum(['admin', 'business_user'] satisfies ApiRole[])
  .describe(
    'admin: everything; business_user: the destinations, templates and workflows opened to business ' +
      'users, and running campaigns',
  );
nameApiSchema(role, 'ApiRole');

/** An API key as answered: who and what it is for, never the key nor its hash. */
export const apiKeyView = z.object({
  id: z.string(),
  name: z.string().describe('Who or what uses the key'),
  role,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().describe('Last request made with the key; null when never used'),
  revokedAt: z.string().nullable().describe('When it was revoked; null while it works'),
});
nameApiSchema(apiKeyView, 'ApiKey');

const createBody = z.object({
  name: z.string().trim().min(1, 'Give the key a name: who or what uses it').max(200),
  role,
});

const created = apiKeyView.extend({
  key: z
    .string()
    .describe(
      'The API key itself, answered only this once: only its hash is stored, so it cannot be shown again. ' +
        'Send it as "Authorization: Bearer <key>".',
    ),
});
nameApiSchema(created, 'CreatedApiKey');

const TAG = 'api-keys';
const ADMIN = ['admin'] as const;

function view(k: ApiKeyInfo): z.infer<typeof apiKeyView> {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: k.id,
    name: k.name,
    role: k.role,
    createdAt: new Date(k.createdAt).toISOString(),
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
  };
}

async function find(store: Store, id: string): Promise<ApiKeyInfo> {
  // Keys are few (people and systems, not rows): listing them is cheaper than another query to maintain.
  const found = (await listApiKeys(store)).find((k) => k.id === id);
  if (!found) throw new HttpError(404, `No API key ${id}.`);
  return found;
}

/** API keys of the HTTP API (what `ttads apikey` does), for admins: list, create, revoke. */
export function apiKeyRoutes(store: Store): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/api-keys',
      summary: 'List API keys, newest first (never the keys themselves)',
      tag: TAG,
      roles: ADMIN,
      response: z.object({ apiKeys: z.array(apiKeyView) }),
      handler: async () => ({ apiKeys: (await listApiKeys(store)).map(view) }),
    }),
    route({
      method: 'post',
      path: '/api/api-keys',
      summary: 'Create an API key; the answer holds the key, the only time it is ever shown',
      tag: TAG,
      roles: ADMIN,
      body: createBody,
      response: created,
      handler: async ({ body }) => {
        const made = await createApiKey(store, body);
        return { ...view(await find(store, made.id)), key: made.key };
      },
    }),
    route({
      method: 'delete',
      path: '/api/api-keys/:id',
      summary: 'Revoke an API key at once (not the one making the request)',
      tag: TAG,
      roles: ADMIN,
      response: z.object({ id: z.string(), revoked: z.literal(true), apiKey: apiKeyView }),
      handler: async ({ params, caller }) => {
        const id = idParam(params);
        if (caller?.keyId === id) {
          throw new HttpError(
            409,
            'This is the API key you are signed in with: revoking it would lock you out. Revoke it with ' +
              `another admin key (or \`ttads apikey revoke ${id}\`).`,
          );
        }
        const key = await find(store, id);
        if (key.revokedAt || !(await revokeApiKey(store, id))) {
          throw new HttpError(409, `API key ${key.name} is already revoked.`);
        }
        return { id, revoked: true, apiKey: view(await find(store, id)) };
      },
    }),
  ];
}
