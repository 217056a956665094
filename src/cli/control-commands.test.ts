import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAuthorization } from '../config/index.js';
import {
  ADVERTISER,
  APP,
  consent,
  openFixture,
  type ControlPlaneFixture,
} from '../config/control-plane.test-support.js';
import { buildAction, insertWorkflow, StepRegistry, WorkflowEngine } from '../jobs/index.js';
import { TEST_ENGINES } from '../store/store.test-support.js';
import { localContext, settingsFromFlags, table, type ControlContext } from './control-runtime.js';
import {
  credentialsCheck,
  credentialsCreate,
  credentialsLink,
  credentialsList,
  credentialsShow,
} from './credentials-command.js';
import { destinationsCreate, destinationsList, destinationsTest } from './destinations-command.js';
import { buildProgram } from './program.js';
import { templatesCreate, templatesList } from './templates-command.js';
import { workflowsList, workflowsResolve, workflowsShow } from './workflows-command.js';
import { setRunPause } from '../store/run-pause.js';
import { startRun } from '../store/runs.js';

describe('control-plane CLI helpers', () => {
  it('registers the commands and their subcommands', () => {
    const program = buildProgram();
    const sub = (name: string) =>
      program.commands.find((c) => c.name() === name)?.commands.map((c) => c.name()) ?? [];
    expect(sub('credentials')).toEqual([
      'list',
      'show',
      'create',
      'update',
      'delete',
      'link',
      'revoke-links',
      'check',
    ]);
    expect(sub('destinations')).toEqual(['list', 'show', 'create', 'update', 'delete', 'test']);
    expect(sub('templates')).toEqual(['list', 'create', 'update', 'delete']);
    expect(sub('apikey')).toEqual(['create', 'list', 'revoke']);
    expect(sub('workflows')).toEqual(['list', 'show', 'resolve']);
  });

  it('reads settings from flags over a JSON object, and refuses bad JSON', () => {
    expect(
      settingsFromFlags({
        settings: '{"advertiserId":"1","eventSource":"web"}',
        advertiserId: '2',
        userIdTypes: 'email, phone',
      }),
    ).toEqual({ advertiserId: '2', eventSource: 'web', userIdTypes: ['EMAIL', 'PHONE'] });
    expect(() => settingsFromFlags({ settings: '{' })).toThrow(/--settings must be a JSON object/);
  });

  it('pads table columns', () => {
    expect(
      table(
        [{ a: 'x', b: null }],
        [
          ['a', 'LONG A'],
          ['b', 'B'],
        ],
      ),
    ).toBe('LONG A  B\nx       -');
  });
});

describe.each(TEST_ENGINES)('control-plane commands on %s', (engine) => {
  let fx: ControlPlaneFixture;
  let out: string[];
  let ctx: ControlContext;
  beforeAll(async () => {
    fx = await openFixture(engine);
    out = [];
    // Resolve needs an engine: one without steps is enough to hand a workflow back to the queue.
    const startEngine = async () => {
      const made = new WorkflowEngine({
        store: fx.store,
        registry: new StepRegistry(),
        supervise: false,
        schedule: false,
      });
      await made.start();
      return made;
    };
    ctx = localContext({ control: fx.deps, embedded: false, engine: startEngine }, (text) => out.push(text));
  });
  afterAll(async () => {
    await fx?.close();
  });
  const last = (): string => out[out.length - 1] ?? '';

  it('creates, links, shows and checks a credential, then sets up a destination and template', async () => {
    const credential = await credentialsCreate(ctx, {
      name: 'CLI',
      appId: APP.app_id,
      appSecret: APP.secret,
    });
    expect(last()).toMatch(/created \(pending\)\. Authorize it: ttads credentials link cred_/);
    await credentialsLink(ctx, credential.id, { publicUrl: 'https://ttads.example.com/' });
    const url = last().split('\n')[0] ?? '';
    expect(last()).toMatch(/https:\/\/ttads\.example\.com\/oauth\/callback/);
    await completeAuthorization(fx.deps, await consent(url));

    await credentialsShow(ctx, credential.id, {});
    expect(last()).toMatch(/status:\s+authorized/);
    expect(last()).toMatch(new RegExp(`${ADVERTISER}\\s+Demo Brand US\\s+can send`));
    await credentialsList(ctx, { json: true });
    expect(JSON.parse(last())).toEqual([
      expect.objectContaining({ id: credential.id, status: 'authorized' }),
    ]);
    await credentialsCheck(ctx, credential.id, {});
    expect(last()).toMatch(/checked:\s+\d{4}-/);

    const destination = await destinationsCreate(ctx, {
      plugin: 'tiktok_custom_audiences',
      name: 'Audiences',
      credential: credential.id,
      advertiserId: ADVERTISER,
      campaigns: true,
    });
    expect(last()).toMatch(/created\.\nConnection OK\n\s+passed\s+credential/);
    await destinationsList(ctx, {});
    expect(last().split('\n')[0]).toMatch(/^ID\s+NAME\s+PLUGIN\s+BUSINESS USERS\s+CAMPAIGNS\s+TESTED$/);
    expect(last()).toMatch(/Audiences\s+tiktok_custom_audiences\s+false\s+true/);
    await destinationsTest(ctx, destination.id, {});
    expect(last()).toMatch(/^Connection OK/);
    // Scripts written for the former id of TikTok events keep working; it is saved under the current one.
    const events = await destinationsCreate(ctx, {
      plugin: 'tiktok_offline_events',
      name: 'Store sales',
      credential: credential.id,
      advertiserId: ADVERTISER,
    });
    expect(events.plugin).toBe('tiktok_events');
    await destinationsList(ctx, { plugin: 'tiktok_offline_events' });
    expect(last()).toMatch(/Store sales\s+tiktok_events/);
    expect(last()).not.toMatch(/Audiences/);

    await expect(
      templatesCreate(ctx, { destination: destination.id, name: 'Incomplete', campaigns: true }),
    ).rejects.toThrow(/settings\.customAudienceName/);
    await templatesCreate(ctx, {
      destination: destination.id,
      name: 'Buyers',
      audienceName: 'Buyers',
      campaigns: true,
    });
    await templatesList(ctx, {});
    expect(last()).toMatch(/Buyers\s+Audiences\s+false\s+true\s+\{"customAudienceName":"Buyers"\}/);

    expect(out.join('\n')).not.toContain(APP.secret);
  });

  it('lists, shows and resolves a stopped workflow', async () => {
    const w = await insertWorkflow(fx.store, { kind: 'audience_sync', steps: ['read', 'send'] });
    const action = buildAction('maximum_audience_limit', { step: 'send' });
    await fx.store.query(
      `UPDATE workflows SET status = 'action_required', current_step = 'send', action = $2::jsonb WHERE id = $1`,
      [w.id, JSON.stringify(action)],
    );
    await workflowsList(ctx, { status: 'action_required' });
    expect(last()).toMatch(
      new RegExp(`${w.id}\\s+audience_sync\\s+action_required\\s+send\\s+maximum_audience_limit`),
    );
    await expect(workflowsList(ctx, { status: 'nope' })).rejects.toThrow(/--status: unknown status nope/);
    await workflowsShow(ctx, w.id, {});
    expect(last()).toContain(`Action required: ${action.title} (step send)`);
    expect(last()).toMatch(/Steps to fix:\n\s+1\. /);

    await workflowsResolve(ctx, w.id, {});
    expect(last()).toMatch(/is queued again; a worker resumes it from step send/);
    await expect(workflowsResolve(ctx, w.id, {})).rejects.toThrow(/only a stopped workflow/);
  });

  it('shows a running workflow paused by TikTok, and when a stopped one continues by itself', async () => {
    const w = await insertWorkflow(fx.store, { kind: 'audience_sync', steps: ['send'] });
    await fx.store.query(`UPDATE workflows SET status = 'running', current_step = 'send' WHERE id = $1`, [
      w.id,
    ]);
    const runId = await startRun(fx.store, {
      kind: 'audience',
      params: { origin: { workflowId: w.id, step: 'send', attempt: 1 } },
    });
    const until = new Date(Date.now() + 300_000).toISOString();
    const message = `paused by TikTok until ${until.slice(11, 16)} UTC`;
    await setRunPause(fx.store, runId, { until, reason: 'throttled', message });
    await workflowsShow(ctx, w.id, {});
    expect(last()).toMatch(new RegExp(`status:\\s+running \\(${message}\\)`));

    const resumesAt = new Date('2030-01-02T00:00:00Z');
    const action = buildAction('tiktok_daily_limit', { step: 'send', resumesAt });
    await fx.store.query(
      `UPDATE workflows SET status = 'action_required', action = $2::jsonb WHERE id = $1`,
      [w.id, JSON.stringify(action)],
    );
    await workflowsShow(ctx, w.id, {});
    expect(last()).toContain('Continues by itself at 2030-01-02T00:00:00.000Z');
    expect(last()).not.toContain('paused by TikTok');
  });
});
