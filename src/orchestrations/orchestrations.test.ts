import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  createDestination,
  createTemplate,
  deleteTemplate,
  ValidationError,
  type DataTemplate,
  type Destination,
} from '../config/index.js';
import {
  ADVERTISER,
  authorizedCredential,
  EVENT_SET,
  openFixture,
  type ControlPlaneFixture,
} from '../config/control-plane.test-support.js';
import type { ScheduleSpec } from '../jobs/index.js';
import { TEST_ENGINES } from '../store/store.test-support.js';
import { RunnableNotFound } from './errors.js';
import {
  createOrchestration,
  deleteOrchestration,
  getOrchestration,
  listOrchestrations,
  updateOrchestration,
} from './orchestrations.js';
import { orchestrationRunSettings } from './run-settings.js';
import type { ScheduleRegistry } from './scheduling.js';

/** Issues of a ValidationError as "path: message". */
async function issuesOf(promise: Promise<unknown>): Promise<string[]> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
}

/** Schedules kept in memory, as the engine would keep them. */
function memorySchedules(): ScheduleRegistry & { keys: Map<string, ScheduleSpec> } {
  const keys = new Map<string, ScheduleSpec>();
  return {
    keys,
    set: (key, spec) => Promise.resolve(void keys.set(key, spec)),
    remove: (key) => Promise.resolve(void keys.delete(key)),
    preview: () => [new Date()],
    list: () => Promise.resolve([]),
  };
}

describe.each(TEST_ENGINES)('orchestrations on %s', (engine) => {
  let fx: ControlPlaneFixture;
  let audiences: { destination: Destination; template: DataTemplate };
  let events: { destination: Destination; template: DataTemplate };
  beforeAll(async () => {
    fx = await openFixture(engine);
    const credential = await authorizedCredential(fx.deps);
    const audienceDst = await createDestination(fx.deps, {
      name: 'Audiences',
      plugin: 'tiktok_custom_audiences',
      credentialId: credential.id,
      settings: { advertiserId: ADVERTISER },
    });
    audiences = {
      destination: audienceDst.destination,
      template: (
        await createTemplate(fx.deps, {
          destinationId: audienceDst.destination.id,
          name: 'Buyers',
          settings: { customAudienceName: 'Buyers' },
        })
      ).template,
    };
    const eventsDst = await createDestination(fx.deps, {
      name: 'Events',
      plugin: 'tiktok_events',
      credentialId: credential.id,
      settings: { advertiserId: ADVERTISER },
    });
    events = {
      destination: eventsDst.destination,
      template: (
        await createTemplate(fx.deps, { destinationId: eventsDst.destination.id, name: 'Store sales' })
      ).template,
    };
  });
  afterAll(async () => {
    await fx?.close();
  });

  const base = () => ({
    name: 'Buyers nightly',
    sourceQuery: 'customers.parquet',
    destinationId: audiences.destination.id,
    templateId: audiences.template.id,
  });

  it('saves, lists, updates and deletes an orchestration, keeping its schedule registered', async () => {
    const schedules = memorySchedules();
    const deps = { db: fx.store, plugins: fx.deps.plugins, schedules };
    const created = await createOrchestration(deps, {
      ...base(),
      schedule: { cron: '30 5 * * 1-5', timezone: 'Europe/Paris' },
      options: { mode: 'add-only', columns: { email: 'Email Address' } },
    });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^orc_[0-9a-f]{24}$/) as unknown,
      schedule: { cron: '30 5 * * 1-5', timezone: 'Europe/Paris' },
      overrides: {},
      options: { mode: 'add-only', columns: { email: 'Email Address' } },
      skipUnchanged: false,
      lastFingerprint: null,
      skippedRuns: 0,
    });
    expect(schedules.keys.get(`orchestration/${created.id}`)).toEqual({
      cron: '30 5 * * 1-5',
      timezone: 'Europe/Paris',
      payload: { orchestrationId: created.id },
    });
    expect((await listOrchestrations(fx.store, { scheduled: true })).map((o) => o.id)).toContain(created.id);

    const updated = await updateOrchestration(deps, created.id, { schedule: null, skipUnchanged: true });
    expect(updated).toMatchObject({
      schedule: null,
      skipUnchanged: true,
      options: created.options,
      name: created.name,
    });
    expect(schedules.keys.has(`orchestration/${created.id}`)).toBe(false);

    await expect(createOrchestration(deps, base())).rejects.toBeInstanceOf(ConflictError);
    // The template cannot be deleted while an orchestration uses it.
    await expect(deleteTemplate(fx.store, audiences.template.id)).rejects.toBeInstanceOf(ConflictError);
    await deleteOrchestration(deps, created.id);
    await expect(getOrchestration(fx.store, created.id)).rejects.toBeInstanceOf(RunnableNotFound);
  });

  it('refuses a template of another destination, a bad source and a bad schedule, naming the fields', async () => {
    const issues = await issuesOf(
      createOrchestration(
        { db: fx.store, plugins: fx.deps.plugins },
        {
          ...base(),
          name: 'Mixed',
          sourceQuery: 'customers.xlsx',
          templateId: events.template.id,
          schedule: { cron: '61 * * * *', timezone: 'Mars/Olympus' },
        },
      ),
    );
    expect(issues).toEqual([
      expect.stringMatching(/^sourceQuery: Cannot tell what kind of source/),
      expect.stringMatching(/^schedule\.timezone: not an IANA time zone/),
      expect.stringMatching(/^schedule\.cron: invalid cron expression: .*minute: 61/),
    ]);
    expect(
      await issuesOf(
        createOrchestration(
          { db: fx.store, plugins: fx.deps.plugins },
          { ...base(), templateId: events.template.id },
        ),
      ),
    ).toEqual([
      `templateId: data template ${events.template.id} belongs to destination ${events.destination.id}, not ${audiences.destination.id}`,
    ]);
    expect(
      await issuesOf(
        createOrchestration(
          { db: fx.store, plugins: fx.deps.plugins },
          { ...base(), templateId: 'tpl_missing' },
        ),
      ),
    ).toEqual(['templateId: data template tpl_missing does not exist']);
    expect(
      await issuesOf(
        createOrchestration(
          { db: fx.store, plugins: fx.deps.plugins },
          { ...base(), schedule: { cron: '61 * * * *', timezone: 'UTC' } },
        ),
      ),
    ).toEqual([expect.stringMatching(/^schedule\.cron: invalid cron expression/)]);
    expect(
      await issuesOf(
        createOrchestration(
          { db: fx.store, plugins: fx.deps.plugins },
          { ...base(), options: { mode: 'replace' } },
        ),
      ),
    ).toEqual([expect.stringMatching(/^options\.mode: /)]);
  });

  it('asks for the event set id at orchestration when neither destination nor template sets it', async () => {
    const input = {
      name: 'Store sales',
      sourceQuery: "SELECT * FROM 'sales.csv'",
      destinationId: events.destination.id,
      templateId: events.template.id,
    };
    expect(await issuesOf(createOrchestration({ db: fx.store, plugins: fx.deps.plugins }, input))).toEqual([
      'overrides.eventSetId: required: set neither on the destination nor on the data template, so it must be given here',
    ]);
    expect(
      await issuesOf(
        createOrchestration(
          { db: fx.store, plugins: fx.deps.plugins },
          { ...input, overrides: { eventSetId: '12', colour: 'red' } },
        ),
      ),
    ).toEqual([
      'overrides.eventSetId: an event set ID is a nineteen-digit number (offline events, e.g. ' +
        '7654321098765432109) or, for web events, the pixel code (uppercase letters and digits, e.g. ' +
        'CEMULATORPIXEL0000001)',
      'overrides.colour: not a setting of TikTok events (offline and web)',
    ]);
    expect(
      await issuesOf(
        createOrchestration(
          { db: fx.store, plugins: fx.deps.plugins },
          { ...input, overrides: { eventSetId: EVENT_SET }, options: { timeZone: 'Nowhere' } },
        ),
      ),
    ).toEqual([expect.stringMatching(/^options\.timeZone: /)]);
    const saved = await createOrchestration(
      { db: fx.store, plugins: fx.deps.plugins },
      { ...input, overrides: { eventSetId: EVENT_SET } },
    );
    const run = await orchestrationRunSettings(fx.store, fx.deps.plugins, saved.id);
    expect(run).toMatchObject({
      kind: 'orchestration',
      plugin: 'tiktok_events',
      problems: [],
      settings: { advertiserId: ADVERTISER, eventSetId: EVENT_SET, eventSource: 'offline' },
      sources: { advertiserId: 'destination', eventSetId: 'orchestration', eventSource: 'default' },
    });
    expect(JSON.stringify(run)).not.toMatch(/token|secret/i);
  });
});
