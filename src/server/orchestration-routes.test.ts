import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDestination, createTemplate } from '../config/index.js';
import { ADVERTISER } from '../config/control-plane.test-support.js';
import { STOPPED, waitForStatus } from '../jobs/engine.test-support.js';
import { silentLogger } from '../logger.js';
import {
  audienceTarget,
  customersCsv,
  emulatorAudiences,
  openRunFixture,
  testSegment,
  type RunFixture,
} from '../orchestrations/run-fixture.test-support.js';
import { TEST_ENGINES } from '../store/store.test-support.js';
import { callApi } from './api-call.test-support.js';
import { createApiKey } from './api-keys.js';
import { createServerApp } from './app.js';
import { campaignRoutes } from './campaign-routes.js';
import { controlPlaneRoutes } from './control-routes.js';
import { createMetrics } from './metrics.js';
import { orchestrationRoutes } from './orchestration-routes.js';
import { patchSchemaOf } from './runnable-routes.js';
import type { AppEnv } from './routes.js';
import { orchestrationInputSchema } from '../orchestrations/index.js';

/** A JSON answer, read loosely: the fields these tests look at. */
interface Json {
  [key: string]: unknown;
  error: string;
  orchestrations: { id: string }[];
  campaigns: { id: string }[];
}

describe('patchSchemaOf', () => {
  it('makes every field optional without filling in defaults', () => {
    const patch = patchSchemaOf(orchestrationInputSchema);
    expect(patch.parse({ name: 'x' })).toEqual({ name: 'x' });
    expect(patch.safeParse({ nope: 1 }).success).toBe(false);
  });
});

describe.each(TEST_ENGINES)('orchestration and campaign API on %s', (engine) => {
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
      [...controlPlaneRoutes(routeDeps), ...orchestrationRoutes(routeDeps), ...campaignRoutes(routeDeps)],
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

  it('creates, lists, changes and runs an orchestration to a workflow, and deletes it', async () => {
    const { destination, template } = await audienceTarget(fx, `Orch ${engine}`);
    const file = join(fx.dir, 'orch.csv');
    await writeFile(file, customersCsv(5));
    const base = { name: 'Buyers daily', sourceQuery: file, destinationId: destination.id };

    const bad = await admin('POST', '/api/orchestrations', { ...base, templateId: template.id, extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/body: Unrecognized key/);
    const badCron = await admin('POST', '/api/orchestrations', {
      ...base,
      templateId: template.id,
      schedule: { cron: 'every day' },
    });
    expect(badCron.status).toBe(400);
    expect(badCron.body.error).toMatch(/body\.schedule\.cron: invalid cron expression/);
    const noTemplate = await admin('POST', '/api/orchestrations', { ...base, templateId: 'tpl_nope' });
    expect(noTemplate.status).toBe(400);
    expect(noTemplate.body.error).toMatch(/body\.templateId/);

    const created = await admin('POST', '/api/orchestrations', { ...base, templateId: template.id });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Buyers daily', schedule: null, skipUnchanged: false });
    const id = String(created.body.id);
    const taken = await admin('POST', '/api/orchestrations', { ...base, templateId: template.id });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatch(/^body\.name: /);

    expect((await user('GET', '/api/orchestrations')).status).toBe(403);
    const listed = await admin('GET', `/api/orchestrations?destinationId=${destination.id}`);
    expect(listed.body.orchestrations.map((o) => o.id)).toEqual([id]);
    const patched = await admin('PATCH', `/api/orchestrations/${id}`, {
      schedule: { cron: '0 6 * * *', timezone: 'Europe/Paris' },
    });
    expect(patched.body).toMatchObject({ id, name: 'Buyers daily', schedule: { timezone: 'Europe/Paris' } });
    expect((await fx.engine.schedules.list()).map((s) => s.key)).toContain(`orchestration/${id}`);

    const run = await admin('POST', `/api/orchestrations/${id}/run`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ kind: 'orchestration', subject: { orchestrationId: id } });
    const done = await waitForStatus(fx.store, String(run.body.id), STOPPED);
    expect(done.status, JSON.stringify(done.action ?? done.error)).toBe('succeeded');
    expect(done.steps[1]?.output).toMatchObject({ added: 5 });
    const audiences = await emulatorAudiences(fx.emulator.url);
    expect(audiences.find((a) => a.name === `Orch ${engine} audience`)?.members.EMAIL_SHA256).toHaveLength(5);

    expect((await admin('DELETE', `/api/orchestrations/${id}`)).body).toEqual({ id, deleted: true });
    expect((await admin('GET', `/api/orchestrations/${id}`)).status).toBe(404);
    expect((await admin('POST', `/api/orchestrations/${id}/run`)).status).toBe(404);
    expect((await fx.engine.schedules.list()).map((s) => s.key)).not.toContain(`orchestration/${id}`);
  });

  it('names the missing setting when an orchestration cannot run', async () => {
    const { destination } = await createDestination(fx.deps, {
      name: `Events ${engine}`,
      plugin: 'tiktok_events',
      credentialId: fx.credential.id,
      settings: { advertiserId: ADVERTISER },
    });
    const { template } = await createTemplate(fx.deps, { destinationId: destination.id, name: 'Sales' });
    const refused = await admin('POST', '/api/orchestrations', {
      name: 'Sales',
      sourceQuery: join(fx.dir, 'sales.csv'),
      destinationId: destination.id,
      templateId: template.id,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/body\.overrides\.eventSetId/);
  });

  it('lets business users list, create and run campaigns only on templates offered to campaigns', async () => {
    const { template } = await audienceTarget(fx, `Campaigns ${engine}`);
    const { template: closed } = await createTemplate(fx.deps, {
      destinationId: template.destinationId,
      name: 'Not offered',
      settings: { customAudienceName: 'Closed' },
    });
    const file = join(fx.dir, 'campaign.csv');
    await writeFile(file, customersCsv(4));
    const segment = await testSegment(fx.store, `Campaign customers ${engine}`, file);
    const refused = await user('POST', '/api/campaigns', {
      name: 'Closed one',
      segmentId: segment.id,
      templateId: closed.id,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/body\.templateId: the data template is not offered to campaigns/);
    const badPercent = await user('POST', '/api/campaigns', {
      name: 'Too much',
      segmentId: segment.id,
      templateId: template.id,
      controlGroupPercent: 80,
    });
    expect(badPercent.status).toBe(400);
    expect(badPercent.body.error).toMatch(/body\.controlGroupPercent/);

    const created = await user('POST', '/api/campaigns', {
      name: `Launch ${engine}`,
      segmentId: segment.id,
      templateId: template.id,
      audienceName: `Launch ${engine}`,
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ segmentId: segment.id, idTypes: null, oneTime: true });
    expect(created.text).not.toContain(file);
    const id = String(created.body.id);
    expect((await user('GET', '/api/campaigns')).body.campaigns.map((c) => c.id)).toContain(id);
    expect((await user('PATCH', `/api/campaigns/${id}`, { description: 'x' })).status).toBe(403);
    expect((await user('DELETE', `/api/campaigns/${id}`)).status).toBe(403);

    const run = await user('POST', `/api/campaigns/${id}/run`);
    expect(run.status).toBe(200);
    const done = await waitForStatus(fx.store, String(run.body.id), STOPPED);
    expect(done.status, JSON.stringify(done.action ?? done.error)).toBe('succeeded');
    const again = await user('POST', `/api/campaigns/${id}/run`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already sent/);

    // Once the template is no longer offered, business users no longer see the campaign.
    await admin('PATCH', `/api/templates/${template.id}`, { availableToCampaigns: false });
    expect((await user('GET', '/api/campaigns')).body.campaigns.map((c) => c.id)).not.toContain(id);
    expect((await user('GET', `/api/campaigns/${id}`)).status).toBe(404);
    expect((await user('POST', `/api/campaigns/${id}/run`)).status).toBe(404);
    expect((await admin('GET', `/api/campaigns/${id}`)).body).toMatchObject({ id });
    expect((await admin('DELETE', `/api/campaigns/${id}`)).body).toEqual({ id, deleted: true });
  });

  it('refuses a campaign with a source query from anyone, saying to pick a segment', async () => {
    const { template } = await audienceTarget(fx, `Queries ${engine}`);
    const segment = await testSegment(fx.store, `Query refused ${engine}`, join(fx.dir, 'q.csv'));
    for (const call of [admin, user]) {
      for (const key of ['audienceQuery', 'sourceQuery']) {
        const res = await call('POST', '/api/campaigns', {
          name: `With ${key}`,
          segmentId: segment.id,
          templateId: template.id,
          [key]: "SELECT * FROM read_text('/etc/passwd')",
        });
        expect(res.status).toBe(400);
        expect(res.body.error).toMatch(
          /^Invalid request: body: a campaign takes a segment \(segmentId\), never a source query/,
        );
      }
    }
    const created = await admin('POST', '/api/campaigns', {
      name: `Patched ${engine}`,
      segmentId: segment.id,
      templateId: template.id,
    });
    const patched = await admin('PATCH', `/api/campaigns/${String(created.body.id)}`, {
      audienceQuery: 'x.csv',
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error).toMatch(/never a source query/);
    expect((await admin('GET', '/api/campaigns')).text).not.toMatch(/With (audience|source)Query/);
  });

  it('lets business users pick only segments opened to them', async () => {
    const { template } = await audienceTarget(fx, `Closed segments ${engine}`);
    const closed = await testSegment(fx.store, `Admins' list ${engine}`, join(fx.dir, 'closed.csv'), {
      openToBusinessUsers: false,
    });
    const input = { name: `Closed pick ${engine}`, segmentId: closed.id, templateId: template.id };
    const refused = await user('POST', '/api/campaigns', input);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe(`Invalid request: body.segmentId: segment ${closed.id} does not exist`);
    expect((await admin('POST', '/api/campaigns', input)).status).toBe(200);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const res = await app.request('/openapi.json');
    const doc = (await res.json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/orchestrations',
        '/api/orchestrations/{id}/run',
        '/api/campaigns',
        '/api/campaigns/{id}/run',
      ]),
    );
    expect(doc.paths['/api/campaigns']?.post?.['x-roles']).toEqual(['admin', 'business_user']);
  });
});
