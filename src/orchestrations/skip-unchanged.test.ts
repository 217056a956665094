import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateTemplate } from '../config/index.js';
import { STOPPED, waitForStatus } from '../jobs/engine.test-support.js';
import { createCampaign } from './campaigns.js';
import { createOrchestration, deleteOrchestration, getOrchestration } from './orchestrations.js';
import { syncSchedules } from './scheduling.js';
import {
  audienceTarget,
  customersCsv,
  emulatorAudiences,
  openRunFixture,
  testSegment,
  type RunFixture,
} from './run-fixture.test-support.js';

describe('scheduled orchestrations that skip unchanged sources (PGlite, emulator)', () => {
  let fx: RunFixture;
  beforeAll(async () => {
    fx = await openRunFixture('pglite');
  });
  afterAll(async () => {
    await fx?.close();
  });

  /** One firing of the schedule, as pg-boss's cron would send it. */
  const fire = (orchestrationId: string) =>
    fx.engine.fire({ orchestrationId }, { key: `orchestration/${orchestrationId}`, jobId: randomUUID() });

  async function runs(orchestrationId: string): Promise<string> {
    const workflow = await fire(orchestrationId);
    if (!workflow) return 'skipped';
    const done = await waitForStatus(fx.store, workflow.id, STOPPED);
    return done.status;
  }

  it('registers the schedule, skips an unchanged file and runs once it changed', async () => {
    const { template, destination } = await audienceTarget(fx, 'Nightly', 'Nightly audience');
    const file = join(fx.dir, 'nightly.csv');
    await writeFile(file, customersCsv(5));
    const o = await createOrchestration(
      { db: fx.store, plugins: fx.deps.plugins, schedules: fx.engine.schedules },
      {
        name: 'Nightly',
        sourceQuery: file,
        destinationId: destination.id,
        templateId: template.id,
        schedule: { cron: '0 6 * * *', timezone: 'Europe/Paris' },
        skipUnchanged: true,
      },
    );
    expect(await fx.engine.schedules.list()).toContainEqual({
      key: `orchestration/${o.id}`,
      cron: '0 6 * * *',
      timezone: 'Europe/Paris',
      payload: { orchestrationId: o.id },
    });

    expect(await runs(o.id)).toBe('succeeded');
    const first = await getOrchestration(fx.store, o.id);
    expect(first.lastFingerprint).toMatch(/^[0-9a-f]{64}$/);

    expect(await runs(o.id)).toBe('skipped');
    expect(await runs(o.id)).toBe('skipped');
    const skipped = await getOrchestration(fx.store, o.id);
    expect(skipped).toMatchObject({ skippedRuns: 2, lastFingerprint: first.lastFingerprint });
    expect(skipped.lastSkippedAt).toBeInstanceOf(Date);

    await writeFile(file, customersCsv(7));
    expect(await runs(o.id)).toBe('succeeded');
    const audience = (await emulatorAudiences(fx.emulator.url)).find((a) => a.name === 'Nightly audience');
    expect(audience?.members.EMAIL_SHA256).toHaveLength(7);
    expect(await runs(o.id)).toBe('skipped');

    // A changed setting is a change too, even with the same data: the new audience gets its members.
    await updateTemplate(fx.deps, template.id, { settings: { customAudienceName: 'Nightly renamed' } });
    expect(await runs(o.id)).toBe('succeeded');
    const renamed = (await emulatorAudiences(fx.emulator.url)).find((a) => a.name === 'Nightly renamed');
    expect(renamed?.members.EMAIL_SHA256).toHaveLength(7);

    await deleteOrchestration(
      { db: fx.store, plugins: fx.deps.plugins, schedules: fx.engine.schedules },
      o.id,
    );
    expect((await fx.engine.schedules.list()).map((s) => s.key)).not.toContain(`orchestration/${o.id}`);
    expect(await fire(o.id)).toBeNull();
  });

  it('runs every firing without skipUnchanged, and never creates a run when the orchestration has no schedule', async () => {
    const { template, destination } = await audienceTarget(fx, 'Always', 'Always audience');
    const file = join(fx.dir, 'always.csv');
    await writeFile(file, customersCsv(2));
    const o = await createOrchestration(
      { db: fx.store, plugins: fx.deps.plugins },
      {
        name: 'Always',
        sourceQuery: file,
        destinationId: destination.id,
        templateId: template.id,
        schedule: { cron: '*/5 * * * *', timezone: 'UTC' },
      },
    );
    expect(await runs(o.id)).toBe('succeeded');
    expect(await runs(o.id)).toBe('succeeded');
    expect((await getOrchestration(fx.store, o.id)).lastFingerprint).toBeNull();

    // An audience of its own: the first orchestration owns the template's since it synced it.
    const manual = await createOrchestration(
      { db: fx.store, plugins: fx.deps.plugins },
      {
        name: 'Manual',
        sourceQuery: file,
        destinationId: destination.id,
        templateId: template.id,
        overrides: { customAudienceName: 'Manual audience' },
      },
    );
    expect(await fire(manual.id)).toBeNull();
  });

  it('syncs the engine schedules with what the store holds (saved by a process without an engine)', async () => {
    const { template, destination } = await audienceTarget(fx, 'Synced', 'Synced audience');
    const o = await createOrchestration(
      { db: fx.store, plugins: fx.deps.plugins },
      {
        name: 'Saved by the CLI',
        sourceQuery: 'x.csv',
        destinationId: destination.id,
        templateId: template.id,
        schedule: { cron: '15 4 * * *', timezone: 'Europe/Berlin' },
      },
    );
    const c = await createCampaign(
      { db: fx.store, plugins: fx.deps.plugins },
      {
        name: 'Weekly',
        segmentId: (await testSegment(fx.store, 'Weekly', 'y.csv')).id,
        templateId: template.id,
        schedule: { cron: '0 9 * * 1', timezone: 'UTC' },
      },
    );
    await fx.engine.schedules.set('orchestration/orc_gone', { cron: '0 1 * * *' });
    await fx.engine.schedules.set('other/kept', { cron: '0 1 * * *' });
    const result = await syncSchedules(fx.store, fx.engine.schedules);
    const keys = (await fx.engine.schedules.list()).map((s) => s.key);
    expect(keys).toContain(`orchestration/${o.id}`);
    expect(keys).toContain(`campaign/${c.id}`);
    expect(keys).toContain('other/kept');
    expect(keys).not.toContain('orchestration/orc_gone');
    expect(result.removed).toBe(1);
  });
});
