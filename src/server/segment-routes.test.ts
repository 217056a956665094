import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import {
  audienceTarget,
  openRunFixture,
  testSegment,
  type RunFixture,
} from '../orchestrations/run-fixture.test-support.js';
import { TEST_ENGINES } from '../store/store.test-support.js';
import { callApi } from './api-call.test-support.js';
import { createApiKey } from './api-keys.js';
import { createServerApp } from './app.js';
import { campaignRoutes } from './campaign-routes.js';
import { createMetrics } from './metrics.js';
import type { AppEnv } from './routes.js';
import { segmentRoutes } from './segment-routes.js';

/** A JSON answer, read loosely. */
interface Json {
  [key: string]: unknown;
  error: string;
  segments: Record<string, unknown>[];
}

describe.each(TEST_ENGINES)('segment API on %s', (engine) => {
  let fx: RunFixture;
  let app: Hono<AppEnv>;
  let adminKey: string;
  let userKey: string;
  beforeAll(async () => {
    fx = await openRunFixture(engine);
    const routeDeps = { control: fx.deps, publicUrl: 'http://ttads.test', workflows: fx.engine };
    app = createServerApp(
      {
        store: fx.store,
        logger: silentLogger(),
        version: 'test',
        metrics: createMetrics({ defaults: false }),
      },
      [...segmentRoutes(routeDeps), ...campaignRoutes(routeDeps)],
    );
    adminKey = (await createApiKey(fx.store, { name: 'ops', role: 'admin' })).key;
    userKey = (await createApiKey(fx.store, { name: 'marketing', role: 'business_user' })).key;
  });
  afterAll(async () => {
    await fx?.close();
  });

  const call = (method: string, path: string, key: string, body?: unknown) =>
    callApi<Json>(app, method, path, key, body);
  const admin = (method: string, path: string, body?: unknown) => call(method, path, adminKey, body);
  const user = (method: string, path: string, body?: unknown) => call(method, path, userKey, body);

  const SOURCE = "SELECT * FROM '/srv/crm/vip.parquet' WHERE secret_flag";

  it('lets admins create, list, change and delete segments, checking every field', async () => {
    const bad = await admin('POST', '/api/segments', {
      name: ' ',
      sourceQuery: 'customers.xlsx',
      columns: { fax: 'Fax' },
      idTypes: ['EMAIL', 'EMAIL'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/body\.name: /);
    expect(bad.body.error).toMatch(/body\.sourceQuery: /);
    expect(bad.body.error).toMatch(/body\.columns/);
    expect(bad.body.error).toMatch(/body\.idTypes: a user ID type is listed twice/);

    const created = await admin('POST', '/api/segments', {
      name: `VIP ${engine}`,
      description: 'Customers who spent over 1,000 this year',
      sourceQuery: SOURCE,
      columns: { email: 'Contact' },
      idTypes: ['EMAIL'],
    });
    expect(created.status, created.body.error).toBe(200);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^seg_[0-9a-f]{24}$/) as unknown,
      sourceQuery: SOURCE,
      columns: { email: 'Contact' },
      idTypes: ['EMAIL'],
      openToBusinessUsers: false,
    });
    const id = String(created.body.id);
    const taken = await admin('POST', '/api/segments', { name: `VIP ${engine}`, sourceQuery: 'x.csv' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatch(/^body\.name: a segment with this name already exists/);

    const patched = await admin('PATCH', `/api/segments/${id}`, { openToBusinessUsers: true, idTypes: null });
    expect(patched.body).toMatchObject({ id, sourceQuery: SOURCE, openToBusinessUsers: true, idTypes: null });
    expect((await admin('GET', '/api/segments')).body.segments.map((s) => s.id)).toContain(id);
    expect((await admin('GET', `/api/segments/${id}`)).body).toMatchObject({ sourceQuery: SOURCE });

    // A segment a campaign sends is not deleted under it.
    const { template } = await audienceTarget(fx, `Segments ${engine}`);
    const campaign = await admin('POST', '/api/campaigns', {
      name: `VIP campaign ${engine}`,
      segmentId: id,
      templateId: template.id,
    });
    const refused = await admin('DELETE', `/api/segments/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain(`VIP campaign ${engine}`);
    await admin('DELETE', `/api/campaigns/${String(campaign.body.id)}`);
    expect((await admin('DELETE', `/api/segments/${id}`)).body).toEqual({ id, deleted: true });
    expect((await admin('GET', `/api/segments/${id}`)).status).toBe(404);
  });

  it('shows business users the segments opened to them by name and description only, and no writes', async () => {
    const open = await testSegment(fx.store, `Open ${engine}`, SOURCE, {
      description: 'Lapsed buyers',
      columns: { email: 'Contact' },
    });
    const closed = await testSegment(fx.store, `Closed ${engine}`, 'closed.csv', {
      openToBusinessUsers: false,
    });

    const listed = await user('GET', '/api/segments');
    expect(listed.status).toBe(200);
    expect(listed.body.segments.map((s) => s.id)).toContain(open.id);
    expect(listed.body.segments.map((s) => s.id)).not.toContain(closed.id);
    expect(listed.body.segments.find((s) => s.id === open.id)).toEqual({
      id: open.id,
      name: `Open ${engine}`,
      description: 'Lapsed buyers',
      idTypes: null,
    });
    const one = await user('GET', `/api/segments/${open.id}`);
    expect(Object.keys(one.body).sort()).toEqual(['description', 'id', 'idTypes', 'name']);
    for (const answer of [listed, one]) {
      expect(answer.text).not.toContain('srv/crm');
      expect(answer.text).not.toContain('Contact');
    }
    const hidden = await user('GET', `/api/segments/${closed.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toBe(`segment ${closed.id} does not exist`);

    expect((await user('POST', '/api/segments', { name: 'Mine', sourceQuery: '/etc/passwd' })).status).toBe(
      403,
    );
    expect((await user('PATCH', `/api/segments/${open.id}`, { sourceQuery: '/etc/passwd' })).status).toBe(
      403,
    );
    expect((await user('DELETE', `/api/segments/${open.id}`)).status).toBe(403);
    expect((await admin('GET', `/api/segments/${open.id}`)).body).toMatchObject({ sourceQuery: SOURCE });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const res = await app.request('/openapi.json');
    const doc = (await res.json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(doc.paths['/api/segments']?.get?.['x-roles']).toEqual(['admin', 'business_user']);
    expect(doc.paths['/api/segments']?.post?.['x-roles']).toEqual(['admin']);
    expect(doc.paths['/api/segments/{id}']?.patch?.['x-roles']).toEqual(['admin']);
    expect(doc.paths['/api/segments/{id}']?.delete?.['x-roles']).toEqual(['admin']);
    const body = JSON.stringify(doc.paths['/api/campaigns']?.post?.requestBody);
    expect(body).toContain('segmentId');
    expect(body).not.toContain('audienceQuery');
  });
});
