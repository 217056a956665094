import type { AppControlDeps } from '../orchestrations/index.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDestination, createTemplate, getCredentialAccess, type Credential } from '../config/index.js';
import { resolveSettings } from '../config/settings.js';
import { ADVERTISER, authorizedCredential } from '../config/control-plane.test-support.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { silentLogger } from '../logger.js';
import { customersCsv } from '../orchestrations/run-fixture.test-support.js';
import { campaignsCreate, campaignsList, campaignsRun } from './campaigns-command.js';
import { controlDeps, localContext, localControl, type ControlContext } from './control-runtime.js';
import { segmentsCreate } from './segments-command.js';
import {
  orchestrationsCreate,
  orchestrationsList,
  orchestrationsRun,
  orchestrationsShow,
} from './orchestrations-command.js';
import { describeOutcome } from './workflow-run.js';
import { buildProgram } from './program.js';
import { openRuntime, type Runtime } from './runtime.js';

describe('orchestrations and campaigns commands (embedded store, emulator)', () => {
  let dir: string;
  let emulator: RunningEmulator;
  let runtime: Runtime;
  let control: AppControlDeps;
  let credential: Credential;
  let ctx: ControlContext;
  const out: string[] = [];
  const last = () => out[out.length - 1] ?? '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ttads-cli-orch-'));
    emulator = await startEmulator({ port: 0, rateLimitRps: 0 });
    runtime = await openRuntime(resolveSettings({ dataDir: dir, apiUrl: emulator.url }, {}), silentLogger());
    control = await controlDeps(runtime);
    credential = await authorizedCredential(control);
    ctx = localContext(localControl(runtime, control), (text) => out.push(text));
  });
  afterAll(async () => {
    await runtime?.close();
    await emulator?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('registers the commands', () => {
    const program = buildProgram();
    const sub = (name: string) =>
      program.commands.find((c) => c.name() === name)?.commands.map((c) => c.name()) ?? [];
    expect(sub('orchestrations')).toEqual(['list', 'show', 'create', 'run', 'update', 'delete']);
    expect(sub('campaigns')).toEqual(['list', 'show', 'create', 'run', 'update', 'delete']);
    expect(sub('segments')).toEqual(['list', 'show', 'create', 'update', 'delete']);
    expect(program.commands.map((c) => c.name())).toContain('worker');
  });

  it('creates an orchestration and runs it to the end here; a revoked token prints the action', async () => {
    const { destination } = await createDestination(control, {
      name: 'Audiences',
      plugin: 'tiktok_custom_audiences',
      credentialId: credential.id,
      settings: { advertiserId: ADVERTISER },
      availableToCampaigns: true,
    });
    const { template } = await createTemplate(control, {
      destinationId: destination.id,
      name: 'Buyers',
      settings: { customAudienceName: 'CLI buyers' },
      availableToCampaigns: true,
    });
    const file = join(dir, 'buyers.csv');
    await writeFile(file, customersCsv(6));
    await expect(
      orchestrationsCreate(ctx, {
        name: 'Bad',
        source: file,
        destination: destination.id,
        template: template.id,
        overrides: '[1]',
      }),
    ).rejects.toThrow(/--overrides must be a JSON object/);
    const o = await orchestrationsCreate(ctx, {
      name: 'Buyers daily',
      source: file,
      destination: destination.id,
      template: template.id,
    });
    expect(last()).toBe(`Orchestration ${o.id} created (on demand).`);
    await orchestrationsList(ctx, {});
    expect(last()).toMatch(new RegExp(`${o.id}\\s+Buyers daily\\s+${destination.id}`));
    await orchestrationsShow(ctx, o.id, {});
    expect(last()).toMatch(/schedule:\s+on demand/);

    const done = await orchestrationsRun(ctx, o.id, {});
    expect(done.status).toBe('succeeded');
    expect(last()).toMatch(/: succeeded\n\s+resolve_settings\s+succeeded/);
    expect(last()).toMatch(/sync_audience\s+succeeded\s+.*added 6/);

    const { accessToken } = await getCredentialAccess(control, credential.id);
    await fetch(`${emulator.url}/_emulator/tokens/${accessToken}/revoke`, { method: 'POST' });
    const stopped = await orchestrationsRun(ctx, o.id, {});
    expect(stopped.status).toBe('action_required');
    expect(last()).toMatch(/Action required: .*\(step sync_audience\)/);
    expect(last()).toMatch(/Steps to fix:\n\s+1\. /);
    expect(last()).toContain(`ttads workflows resolve ${stopped.id}`);
    credential = await authorizedCredential(control, 'Second');
  });

  it('creates and sends a one-time campaign, refused the second time', async () => {
    const { destination } = await createDestination(control, {
      name: 'Campaign audiences',
      plugin: 'tiktok_custom_audiences',
      credentialId: credential.id,
      settings: { advertiserId: ADVERTISER },
      availableToCampaigns: true,
    });
    const { template } = await createTemplate(control, {
      destinationId: destination.id,
      name: 'Offered',
      settings: { customAudienceName: 'CLI campaign' },
      availableToCampaigns: true,
    });
    const file = join(dir, 'spring.csv');
    await writeFile(file, customersCsv(20));
    const segment = await segmentsCreate(ctx, { name: 'Spring customers', source: file });
    const c = await campaignsCreate(ctx, {
      name: 'Spring',
      segment: segment.id,
      template: template.id,
      controlGroup: '10',
      controlSeed: 'seed-1',
    });
    expect(last()).toBe(`Campaign ${c.id} created (one time).`);
    await campaignsList(ctx, {});
    expect(last()).toMatch(
      new RegExp(`${c.id}\\s+Spring\\s+${segment.id}\\s+${template.id}\\s+segment default\\s+10\\s+one time`),
    );
    const done = await campaignsRun(ctx, c.id, { json: true });
    expect(done.status).toBe('succeeded');
    expect(JSON.parse(last())).toMatchObject({ status: 'succeeded', kind: 'campaign' });
    await expect(campaignsRun(ctx, c.id, {})).rejects.toThrow(/already sent/);
  });

  it('describes a failed run with its error', () => {
    const text = describeOutcome({
      id: 'wf_1',
      status: 'failed',
      error: { message: 'boom' },
      action: null,
      steps: [],
    } as unknown as Parameters<typeof describeOutcome>[0]);
    expect(text).toBe('Workflow wf_1: failed\nError: boom');
  });
});
