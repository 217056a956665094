import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import type { Store } from '../store/store.js';
import { TEST_ENGINES, openTestStore } from '../store/store.test-support.js';
import { apiKeyRoutes } from './api-key-routes.js';
import { createApiKey } from './api-keys.js';
import { createServerApp } from './app.js';
import { createMetrics } from './metrics.js';
import { meRoutes } from './run-routes.js';

interface KeyItem {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  key?: string;
}

describe.each(TEST_ENGINES)('API key routes on %s', (engine) => {
  let store: Store;
  let admin: { id: string; key: string };
  beforeEach(async () => {
    store = await openTestStore(engine);
    admin = await createApiKey(store, { name: 'ops', role: 'admin' });
  });
  afterEach(async () => {
    await store.close();
  });

  const call = async (method: string, path: string, key?: string, body?: unknown) => {
    const app = createServerApp(
      { store, logger: silentLogger(), version: 'test', metrics: createMetrics({ defaults: false }) },
      [...meRoutes(), ...apiKeyRoutes(store)],
    );
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) headers.authorization = `Bearer ${key}`;
    const res = await app.request(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> };
  };

  it('creates a key shown once that works with its role, lists keys without them, and revokes', async () => {
    const made = await call('POST', '/api/api-keys', admin.key, {
      name: ' marketing ',
      role: 'business_user',
    });
    expect(made.status).toBe(200);
    const key = made.body as unknown as KeyItem;
    expect(key).toMatchObject({
      name: 'marketing',
      role: 'business_user',
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(key.key).toMatch(/^ttads_/);
    expect(Number.isNaN(Date.parse(key.createdAt))).toBe(false);

    const me = await call('GET', '/api/me', key.key);
    expect(me.body).toEqual({ role: 'business_user', keyId: key.id });
    // A business user may not manage keys, not even list them.
    expect((await call('GET', '/api/api-keys', key.key)).status).toBe(403);
    expect((await call('POST', '/api/api-keys', key.key, { name: 'x', role: 'admin' })).status).toBe(403);
    expect((await call('DELETE', `/api/api-keys/${admin.id}`, key.key)).status).toBe(403);
    expect((await call('GET', '/api/api-keys')).status).toBe(401);

    const list = await call('GET', '/api/api-keys', admin.key);
    expect(list.status).toBe(200);
    const keys = list.body.apiKeys as KeyItem[];
    expect(keys.map((k) => k.name)).toEqual(['marketing', 'ops']);
    expect(keys.find((k) => k.id === key.id)?.lastUsedAt).toEqual(expect.any(String));
    for (const k of keys)
      expect(Object.keys(k).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'role']);
    expect(list.text).not.toContain(key.key ?? 'missing');
    expect(list.text).not.toContain(admin.key);
    expect(list.text).not.toMatch(/hash/i);

    const revoked = await call('DELETE', `/api/api-keys/${key.id}`, admin.key);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: key.id, revoked: true, apiKey: { name: 'marketing' } });
    expect((revoked.body.apiKey as KeyItem).revokedAt).toEqual(expect.any(String));
    const after = await call('GET', '/api/me', key.key);
    expect(after.status).toBe(401);
    expect(after.body.error).toMatch(/revoked/);
    const again = await call('DELETE', `/api/api-keys/${key.id}`, admin.key);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already revoked/);
    expect((await call('DELETE', '/api/api-keys/nope', admin.key)).status).toBe(404);
  });

  it('creates admin keys and refuses a bad body, naming the field', async () => {
    const made = await call('POST', '/api/api-keys', admin.key, { name: 'ci', role: 'admin' });
    expect((await call('GET', '/api/me', (made.body as unknown as KeyItem).key)).body).toMatchObject({
      role: 'admin',
    });
    const noName = await call('POST', '/api/api-keys', admin.key, { name: '  ', role: 'admin' });
    expect(noName.status).toBe(400);
    expect(noName.body.error).toMatch(/body\.name: Give the key a name/);
    const badRole = await call('POST', '/api/api-keys', admin.key, { name: 'x', role: 'owner' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error).toMatch(/body\.role/);
  });

  it('refuses to revoke the key making the request, so an admin cannot lock themself out', async () => {
    const self = await call('DELETE', `/api/api-keys/${admin.id}`, admin.key);
    expect(self.status).toBe(409);
    expect(self.body.error).toMatch(/the API key you are signed in with/);
    expect((await call('GET', '/api/me', admin.key)).status).toBe(200);
    // Another admin may revoke it.
    const other = await createApiKey(store, { name: 'second', role: 'admin' });
    expect((await call('DELETE', `/api/api-keys/${admin.id}`, other.key)).status).toBe(200);
    expect((await call('GET', '/api/me', admin.key)).status).toBe(401);
  });

  it('is in the OpenAPI document, with the key described as shown once', async () => {
    const doc = (await call('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { tags: string[]; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/api-keys', '/api/api-keys/{id}']));
    expect(doc.paths['/api/api-keys']?.post?.tags).toEqual(['api-keys']);
    expect(JSON.stringify(doc.paths['/api/api-keys']?.post?.responses)).toContain(
      '"$ref":"#/components/schemas/CreatedApiKey"',
    );
    expect(JSON.stringify(doc.components.schemas.CreatedApiKey)).toMatch(/only this once/);
  });
});
