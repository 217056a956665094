import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDestination } from '../config/index.js';
import { ADVERTISER, authorizedCredential } from '../config/test-support.js';
import { buildAction, insertWorkflow, type JsonObject } from '../jobs/index.js';
import { TEST_ENGINES } from '../store/testing.js';
import { openRouteHarness, type RouteHarness } from './control-test-support.js';

describe.each(TEST_ENGINES)('workflow API on %s', (engine) => {
  let h: RouteHarness;
  let openDestination: string;
  let closedDestination: string;
  beforeAll(async () => {
    h = await openRouteHarness(engine);
    const credential = await authorizedCredential(h.fx.deps);
    const dest = async (name: string, businessUserAccess: boolean) =>
      (
        await createDestination(h.fx.deps, {
          plugin: 'tiktok_custom_audiences',
          name,
          credentialId: credential.id,
          businessUserAccess,
          settings: { advertiserId: ADVERTISER },
        })
      ).destination.id;
    openDestination = await dest('Open', true);
    closedDestination = await dest('Closed', false);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A workflow stopped on its second step with the invalid-credentials action, as a worker leaves it. */
  async function stopped(subject: JsonObject): Promise<string> {
    const w = await insertWorkflow(h.fx.store, { kind: 'audience_sync', subject, steps: ['read', 'send'] });
    const action = buildAction('invalid_credentials', { step: 'send', error: { code: 40105 } });
    await h.fx.store.query(
      `UPDATE workflows SET status = 'action_required', current_step = 'send', action = $2::jsonb,
         finished_at = now() WHERE id = $1`,
      [w.id, JSON.stringify(action)],
    );
    await h.fx.store.query(
      `UPDATE workflow_steps SET status = CASE name WHEN 'read' THEN 'succeeded' ELSE 'failed' END
       WHERE workflow_id = $1`,
      [w.id],
    );
    return w.id;
  }

  it('shows workflows with steps, history and action, and resolves a stopped one', async () => {
    const id = await stopped({ destinationId: closedDestination, orchestrationId: 'orc_1' });
    const listed = await h.call('GET', '/api/workflows?status=action_required', h.adminKey);
    expect(listed.body.workflows.map((w: { id: string }) => w.id)).toContain(id);
    const shown = await h.call('GET', `/api/workflows/${id}`, h.adminKey);
    expect(shown.body).toMatchObject({
      status: 'action_required',
      action: { type: 'invalid_credentials', step: 'send' },
      steps: [
        { name: 'read', status: 'succeeded' },
        { name: 'send', status: 'failed' },
      ],
    });
    expect(shown.body.history[0]).toMatchObject({ to: 'queued', note: 'created' });

    const resolved = await h.call('POST', `/api/workflows/${id}/resolve`, h.adminKey);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id, status: 'queued', action: null });
    const after = await h.call('GET', `/api/workflows/${id}`, h.adminKey);
    expect(after.body.steps.map((s: { status: string }) => s.status)).toEqual(['succeeded', 'pending']);
    // Resolving again is refused: it is no longer stopped.
    const twice = await h.call('POST', `/api/workflows/${id}/resolve`, h.adminKey);
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatch(/only a stopped workflow can be resolved/);
    expect((await h.call('POST', '/api/workflows/nope/resolve', h.adminKey)).status).toBe(404);
  });

  it('lets business users see and resolve only workflows of destinations opened to them', async () => {
    const open = await stopped({ destinationId: openDestination });
    const closed = await stopped({ destinationId: closedDestination });
    const unknown = await stopped({ orchestrationId: 'orc_2' });
    const listed = await h.call('GET', '/api/workflows', h.userKey);
    const ids = listed.body.workflows.map((w: { id: string }) => w.id);
    expect(ids).toContain(open);
    expect(ids).not.toContain(closed);
    expect(ids).not.toContain(unknown);
    expect((await h.call('GET', `/api/workflows/${closed}`, h.userKey)).status).toBe(404);
    expect((await h.call('POST', `/api/workflows/${unknown}/resolve`, h.userKey)).status).toBe(404);
    const resolved = await h.call('POST', `/api/workflows/${open}/resolve`, h.userKey);
    expect(resolved.body).toMatchObject({ id: open, status: 'queued' });
    const ofOpen = await h.call('GET', `/api/workflows?destinationId=${openDestination}`, h.adminKey);
    expect(ofOpen.body.workflows.map((w: { id: string }) => w.id)).toEqual([open]);
  });
});
