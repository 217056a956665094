import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { startRun } from '../store/runs.js';
import type { Store } from '../store/store.js';
import { TEST_ENGINES, openTestStore } from '../store/store.test-support.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.js';
import { createServerApp } from './app.js';
import { createMetrics } from './metrics.js';
import { meRoutes, runRoutes } from './run-routes.js';

describe.each(TEST_ENGINES)('HTTP API on %s', (engine) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(engine);
  });
  afterEach(async () => {
    await store.close();
  });

  const app = () =>
    createServerApp(
      { store, logger: silentLogger(), version: 'test', metrics: createMetrics({ defaults: false }) },
      [...runRoutes(store), ...meRoutes()],
    );
  const get = (path: string, key?: string) =>
    app().request(path, key ? { headers: { authorization: `Bearer ${key}` } } : {});

  it('answers health and the OpenAPI document without a key', async () => {
    expect(await (await get('/health')).json()).toMatchObject({ status: 'ok', store: engine });
    const doc = (await (await get('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/runs', '/api/runs/{id}', '/api/me']),
    );
  });

  it('needs a key, checks the role, and names the bad field', async () => {
    const admin = await createApiKey(store, { name: 'ops', role: 'admin' });
    const user = await createApiKey(store, { name: 'marketing', role: 'business_user' });
    const runId = await startRun(store, { kind: 'audience', params: { audienceName: 'A' } });
    expect((await get('/api/runs')).status).toBe(401);
    expect((await get('/api/runs', 'ttads_wrong')).status).toBe(401);
    expect((await get('/api/runs', user.key)).status).toBe(403);
    expect(await (await get('/api/me', user.key)).json()).toEqual({ role: 'business_user', keyId: user.id });
    const runs = (await (await get('/api/runs?kind=audience', admin.key)).json()) as {
      runs: { id: string }[];
    };
    expect(runs.runs.map((r) => r.id)).toEqual([runId]);
    const bad = await get('/api/runs?limit=0', admin.key);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/query\.limit/);
    expect((await get('/api/runs/nope', admin.key)).status).toBe(404);
  });

  it('stores only a hash of each key, and a revoked key stops working', async () => {
    const admin = await createApiKey(store, { name: 'ops', role: 'admin' });
    const raw = JSON.stringify(await store.query('SELECT * FROM api_keys'));
    expect(raw).not.toContain(admin.key);
    expect((await listApiKeys(store))[0]).toMatchObject({ name: 'ops', role: 'admin', revokedAt: null });
    expect(await revokeApiKey(store, admin.id)).toBe(true);
    expect((await get('/api/me', admin.key)).status).toBe(401);
  });

  it('counts requests for Prometheus', async () => {
    const a = app();
    await a.request('/health');
    const text = await (await a.request('/metrics')).text();
    expect(text).toMatch(/ttads_http_requests_total\{method="GET",route="\/health",status="200"\} 1/);
  });
});
