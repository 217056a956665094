import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADVERTISER } from '../config/control-plane.test-support.js';
import { STOPPED, waitForStatus } from '../jobs/engine.test-support.js';
import { silentLogger } from '../logger.js';
import { campaignRunSettings, workflowFor } from '../orchestrations/index.js';
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
import { audienceOwnerRoutes } from './audience-owner-routes.js';
import { campaignRoutes } from './campaign-routes.js';
import { controlPlaneRoutes } from './control-routes.js';
import { createMetrics } from './metrics.js';
import { orchestrationRoutes } from './orchestration-routes.js';
import type { AppEnv } from './routes.js';

interface Json {
  [key: string]: unknown;
  id: string;
  error: string;
  audiences: { audienceName: string; owner: { kind: string; id: string }; ownerName: string | null }[];
}

describe.each(TEST_ENGINES)('audience ownership through the API on %s', (engine) => {
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
      [
        ...controlPlaneRoutes(routeDeps),
        ...orchestrationRoutes(routeDeps),
        ...campaignRoutes(routeDeps),
        ...audienceOwnerRoutes(routeDeps),
      ],
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
  const members = async (name: string) =>
    (await emulatorAudiences(fx.emulator.url)).find((a) => a.name === name)?.members.EMAIL_SHA256?.length;

  it("refuses a business user's campaign naming the admins' audience, at save and at run time; an admin hands it over", async () => {
    const AUDIENCE = 'Spring sale audience';
    const { destination, template } = await audienceTarget(fx, 'Spring', AUDIENCE);
    const many = join(fx.dir, 'spring.csv');
    await writeFile(many, customersCsv(40));
    const one = join(fx.dir, 'one.csv');
    await writeFile(one, customersCsv(1, 1000));
    // An admin's one-row segment opened to business users.
    const oneRow = await testSegment(fx.store, 'One row', one);

    // Saved while nobody owned the audience (the template's name): allowed then.
    const early = await user('POST', '/api/campaigns', {
      name: 'Early',
      segmentId: oneRow.id,
      templateId: template.id,
    });
    expect(early.status, early.body.error).toBe(200);

    const orchestration = await admin('POST', '/api/orchestrations', {
      name: 'Spring sale',
      sourceQuery: many,
      destinationId: destination.id,
      templateId: template.id,
    });
    expect(orchestration.status, orchestration.body.error).toBe(200);
    const orchestrationId = orchestration.body.id;
    const first = await admin('POST', `/api/orchestrations/${orchestrationId}/run`);
    expect((await waitForStatus(fx.store, first.body.id, STOPPED)).status).toBe('succeeded');
    expect(await members(AUDIENCE)).toBe(40);
    const owners = await admin('GET', `/api/audience-owners?advertiserId=${ADVERTISER}`);
    expect(owners.body.audiences).toEqual([
      expect.objectContaining({
        audienceName: AUDIENCE,
        owner: { kind: 'orchestration', id: orchestrationId },
        ownerName: 'Spring sale',
      }),
    ]);
    expect((await user('GET', '/api/audience-owners')).status).toBe(403);

    // The attack: a one-row campaign naming the admins' audience.
    const attack = await user('POST', '/api/campaigns', {
      name: 'Takeover',
      segmentId: oneRow.id,
      templateId: template.id,
      audienceName: AUDIENCE,
    });
    expect(attack.status).toBe(409);
    expect(attack.body.error).toMatch(
      new RegExp(
        `^body\\.audienceName: custom audience "${AUDIENCE}" of advertiser ${ADVERTISER} belongs to orchestration ${orchestrationId}`,
      ),
    );
    expect(attack.body.error).toMatch(/ask an admin to hand it over/);

    // The campaign saved earlier: its run is refused before anything is sent...
    const run = await user('POST', `/api/campaigns/${early.body.id}/run`);
    expect(run.status).toBe(409);
    expect(run.body.error).toMatch(/belongs to orchestration/);
    // ...and so is a workflow made without that check (a schedule firing), at its sync step.
    const workflow = await fx.engine.create(
      workflowFor(fx.deps.plugins, await campaignRunSettings(fx.store, fx.deps.plugins, early.body.id)),
    );
    const stopped = await waitForStatus(fx.store, workflow.id, STOPPED);
    expect(stopped.status).toBe('action_required');
    expect(stopped.action).toMatchObject({ type: 'audience_owned', step: 'sync_audience' });
    expect(await members(AUDIENCE)).toBe(40);

    // An admin hands the audience over to the campaign: now the campaign runs and the orchestration is refused.
    const bad = await admin('POST', '/api/audience-owners/transfer', {
      advertiserId: ADVERTISER,
      audienceName: AUDIENCE,
      to: { kind: 'campaign', id: 'cmp_nope' },
    });
    expect(bad.status).toBe(404);
    expect(
      (
        await user('POST', '/api/audience-owners/transfer', {
          advertiserId: ADVERTISER,
          audienceName: AUDIENCE,
          to: { kind: 'campaign', id: early.body.id },
        })
      ).status,
    ).toBe(403);
    const moved = await admin('POST', '/api/audience-owners/transfer', {
      advertiserId: ADVERTISER,
      audienceName: AUDIENCE,
      to: { kind: 'campaign', id: early.body.id },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ owner: { kind: 'campaign', id: early.body.id }, ownerName: 'Early' });
    expect((await admin('POST', `/api/orchestrations/${orchestrationId}/run`)).status).toBe(409);
    // The one-time campaign's stopped workflow is resolved (its owner may now sync the audience).
    const resolved = await user('POST', `/api/workflows/${workflow.id}/resolve`);
    expect(resolved.status, resolved.body.error).toBe(200);
    expect((await waitForStatus(fx.store, workflow.id, STOPPED)).status).toBe('succeeded');
    expect(await members(AUDIENCE)).toBe(1);
  });

  it('documents the routes in the OpenAPI document, for admins', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(doc.paths['/api/audience-owners']?.get?.['x-roles']).toEqual(['admin']);
    expect(doc.paths['/api/audience-owners/transfer']?.post?.['x-roles']).toEqual(['admin']);
  });
});
