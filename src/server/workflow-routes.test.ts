import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDestination, createTemplate } from '../config/index.js';
import { ADVERTISER, authorizedCredential } from '../config/control-plane.test-support.js';
import { buildAction, insertWorkflow, type JsonObject } from '../jobs/index.js';
import { createCampaign, deleteCampaign } from '../orchestrations/index.js';
import { setRunPause } from '../store/run-pause.js';
import { finishRun, getRun, startRun } from '../store/runs.js';
import { TEST_ENGINES } from '../store/store.test-support.js';
import { testSegment } from '../orchestrations/run-fixture.test-support.js';
import { openRouteHarness, type RouteHarness } from './route-harness.test-support.js';

describe.each(TEST_ENGINES)('workflow API on %s', (engine) => {
  let h: RouteHarness;
  let openDestination: string;
  let closedDestination: string;
  let credentialId: string;
  let offeredTemplate: string;
  let closedTemplate: string;
  beforeAll(async () => {
    h = await openRouteHarness(engine);
    const credential = await authorizedCredential(h.fx.deps);
    credentialId = credential.id;
    const dest = async (name: string, businessUserAccess: boolean) =>
      (
        await createDestination(h.fx.deps, {
          plugin: 'tiktok_custom_audiences',
          name,
          credentialId: credential.id,
          businessUserAccess,
          availableToCampaigns: businessUserAccess,
          settings: { advertiserId: ADVERTISER },
        })
      ).destination.id;
    openDestination = await dest('Open', true);
    closedDestination = await dest('Closed', false);
    const template = async (name: string, availableToCampaigns: boolean) =>
      (
        await createTemplate(h.fx.deps, {
          destinationId: openDestination,
          name,
          settings: { customAudienceName: name },
          availableToCampaigns,
        })
      ).template.id;
    offeredTemplate = await template('Offered', true);
    closedTemplate = await template('Not offered', false);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A workflow stopped on its second step with the invalid-credentials action, as a worker leaves it. */
  async function stopped(subject: JsonObject, kind = 'audience_sync'): Promise<string> {
    const w = await insertWorkflow(h.fx.store, { kind, subject, steps: ['read', 'send'] });
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

  /** A stopped campaign workflow as a worker leaves it: a source, a credential and engine text inside. */
  async function stoppedCampaign(campaignId: string, templateId = offeredTemplate): Promise<string> {
    const id = await stopped({ campaignId, destinationId: openDestination, templateId }, 'campaign');
    const duckdb = 'Invalid Input Error: could not parse "TOPSECRET-42" in /srv/private/keys.txt';
    await h.fx.store.query(
      `UPDATE workflows SET settings = $2::jsonb, input = $3::jsonb, error = $4::jsonb, claimed_by = 'host-7:4242',
         action = jsonb_set(action, '{whatHappened}', to_jsonb($5::text)) WHERE id = $1`,
      [
        id,
        JSON.stringify({
          kind: 'campaign',
          campaignId,
          plugin: 'tiktok_custom_audiences',
          destinationId: openDestination,
          templateId,
          credentialId,
          source: "SELECT * FROM read_csv('/srv/private/customers.csv')",
          settings: { advertiserId: ADVERTISER, customAudienceName: 'Offered' },
          options: { columns: { email: 'E-mail' } },
        }),
        JSON.stringify({ trigger: 'manual', sourceQuery: '/srv/private/customers.csv' }),
        JSON.stringify({ name: 'SourceError', message: duckdb }),
        `TikTok refused the token. ${duckdb}`,
      ],
    );
    await h.fx.store.query(
      `UPDATE workflow_steps SET output = $2::jsonb, error = $3::jsonb WHERE workflow_id = $1 AND name = 'read'`,
      [
        id,
        JSON.stringify({
          rowsRead: 3,
          rejected: { email_invalid: 1 },
          mode: 'mirror',
          source: '/srv/private/customers.csv',
          rejectsFile: '/srv/data/rejects/x.csv',
          credentialId,
        }),
        JSON.stringify({ name: 'SourceError', message: duckdb }),
      ],
    );
    await h.fx.store.query(
      `INSERT INTO workflow_history (workflow_id, to_status, note, detail) VALUES ($1, 'failed', 'step failed', $2::jsonb)`,
      [id, JSON.stringify({ error: { message: duckdb } })],
    );
    return id;
  }

  it("lets business users see and resolve only their campaigns' workflows, stripped of what is for admins", async () => {
    const segment = await testSegment(h.fx.store, 'Customers', 'customers.csv');
    const campaign = await createCampaign(
      { db: h.fx.store, plugins: h.fx.deps.plugins },
      { name: 'Spring', segmentId: segment.id, templateId: offeredTemplate },
    );
    const hidden = await createCampaign(
      { db: h.fx.store, plugins: h.fx.deps.plugins },
      { name: 'Hidden', segmentId: segment.id, templateId: offeredTemplate, audienceName: 'Hidden' },
    );
    await h.fx.store.query(`UPDATE campaigns SET template_id = $2 WHERE id = $1`, [
      hidden.id,
      closedTemplate,
    ]);
    const gone = await createCampaign(
      { db: h.fx.store, plugins: h.fx.deps.plugins },
      { name: 'Gone', segmentId: segment.id, templateId: offeredTemplate, audienceName: 'Gone' },
    );
    const own = await stoppedCampaign(campaign.id);
    const ofHidden = await stoppedCampaign(hidden.id, closedTemplate);
    const ofGone = await stoppedCampaign(gone.id);
    await deleteCampaign({ db: h.fx.store, plugins: h.fx.deps.plugins }, gone.id);
    // An orchestration's workflow on a destination opened to business users is still the admins'.
    const orchestration = await stopped(
      { orchestrationId: 'orc_2', destinationId: openDestination, templateId: offeredTemplate },
      'orchestration',
    );
    const other = await stopped({ destinationId: openDestination });

    const listed = await h.call('GET', '/api/workflows', h.userKey);
    expect(listed.status).toBe(200);
    expect(listed.body.workflows.map((w: { id: string }) => w.id)).toEqual([own]);
    expect((await h.call('GET', '/api/workflows?kind=orchestration', h.userKey)).body.workflows).toEqual([]);
    const shown = await h.call('GET', `/api/workflows/${own}`, h.userKey);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      id: own,
      status: 'action_required',
      settings: { campaignId: campaign.id, settings: { customAudienceName: 'Offered' } },
      input: { trigger: 'manual' },
      action: { type: 'invalid_credentials', title: 'Invalid credentials', step: 'send' },
      error: { reference: own },
      steps: [
        { name: 'read', output: { rowsRead: 3, rejected: { email_invalid: 1 }, mode: 'mirror' } },
        { name: 'send' },
      ],
    });
    for (const text of [listed.text, shown.text]) {
      expect(text).not.toMatch(/TOPSECRET|\/srv\/|read_csv|E-mail|host-7/);
      expect(text).not.toContain(credentialId);
    }
    // Admins see it all.
    const asAdmin = await h.call('GET', `/api/workflows/${own}`, h.adminKey);
    expect(asAdmin.text).toMatch(/TOPSECRET/);
    expect(asAdmin.text).toContain(credentialId);

    for (const id of [ofHidden, ofGone, orchestration, other]) {
      expect((await h.call('GET', `/api/workflows/${id}`, h.userKey)).status).toBe(404);
      expect((await h.call('POST', `/api/workflows/${id}/resolve`, h.userKey)).status).toBe(404);
    }
    const resolved = await h.call('POST', `/api/workflows/${own}/resolve`, h.userKey);
    expect(resolved.status, resolved.body.error).toBe(200);
    expect(resolved.body).toMatchObject({ id: own, status: 'queued' });
    expect(resolved.text).not.toMatch(/\/srv\/|read_csv/);
    expect(resolved.text).not.toContain(credentialId);
    const ofOpen = await h.call('GET', `/api/workflows?destinationId=${openDestination}`, h.adminKey);
    expect(ofOpen.body.workflows.map((w: { id: string }) => w.id)).toEqual(
      expect.arrayContaining([own, ofGone, orchestration, other]),
    );
  });
  it('says "paused by TikTok until HH:MM UTC" while the running run of a workflow is paused', async () => {
    const w = await insertWorkflow(h.fx.store, { kind: 'audience_sync', subject: {}, steps: ['send'] });
    await h.fx.store.query(`UPDATE workflows SET status = 'running', current_step = 'send' WHERE id = $1`, [
      w.id,
    ]);
    const runId = await startRun(h.fx.store, {
      kind: 'audience',
      params: { origin: { workflowId: w.id, step: 'send', attempt: 1 } },
    });
    const until = new Date(Date.now() + 300_000);
    const message = `paused by TikTok until ${until.toISOString().slice(11, 16)} UTC`;
    await setRunPause(h.fx.store, runId, { until: until.toISOString(), reason: 'throttled', message });
    const shown = await h.call('GET', `/api/workflows/${w.id}`, h.adminKey);
    expect(shown.body.pause).toEqual({ until: until.toISOString(), reason: 'throttled', message });
    expect(await getRun(h.fx.store, runId)).toMatchObject({ status: 'running', pause: { message } });
    // Sending resumed: the status no longer says paused.
    await setRunPause(h.fx.store, runId, null);
    expect((await h.call('GET', `/api/workflows/${w.id}`, h.adminKey)).body.pause).toBeNull();
    // A pause whose time has passed (its process may have died) is not shown either.
    await setRunPause(h.fx.store, runId, {
      until: new Date(Date.now() - 1000).toISOString(),
      reason: 'outage',
      message,
    });
    expect((await h.call('GET', `/api/workflows/${w.id}`, h.adminKey)).body.pause).toBeNull();
    await finishRun(h.fx.store, runId, { status: 'succeeded' });
    expect((await getRun(h.fx.store, runId))?.pause).toBeNull();
  });
});
