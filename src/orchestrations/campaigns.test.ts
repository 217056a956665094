import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDestination,
  createTemplate,
  updateTemplate,
  ValidationError,
  type DataTemplate,
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
import { createCampaign, deleteCampaign, getCampaign, updateCampaign } from './campaigns.js';
import { RunnableNotFound } from './errors.js';
import { runCampaignNow } from './run.js';
import { campaignRunSettings } from './run-settings.js';
import type { ScheduleRegistry } from './scheduling.js';
import { updateSegment } from './segments.js';
import { testSegment } from './run-fixture.test-support.js';

async function issuesOf(promise: Promise<unknown>): Promise<string[]> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  return (err as ValidationError).issues.map((i) => `${i.path}: ${i.message}`);
}

const noEngine = {
  create: () => Promise.reject(new Error('no workflow should be created')),
};

describe.each(TEST_ENGINES)('campaigns on %s', (engine) => {
  let fx: ControlPlaneFixture;
  let offered: DataTemplate;
  let notOffered: DataTemplate;
  let eventsTemplate: DataTemplate;
  beforeAll(async () => {
    fx = await openFixture(engine);
    const credential = await authorizedCredential(fx.deps);
    const { destination } = await createDestination(fx.deps, {
      name: 'Audiences',
      plugin: 'tiktok_custom_audiences',
      credentialId: credential.id,
      settings: { advertiserId: ADVERTISER },
      availableToCampaigns: true,
    });
    const tpl = (name: string, over: object) =>
      createTemplate(fx.deps, { destinationId: destination.id, name, ...over }).then((s) => s.template);
    offered = await tpl('Offered', {
      settings: { customAudienceName: 'Campaign audience' },
      availableToCampaigns: true,
    });
    notOffered = await tpl('Not offered', { settings: { customAudienceName: 'Other' } });
    const events = await createDestination(fx.deps, {
      name: 'Events',
      plugin: 'tiktok_events',
      credentialId: credential.id,
      settings: { advertiserId: ADVERTISER, eventSetId: EVENT_SET },
    });
    eventsTemplate = (await createTemplate(fx.deps, { destinationId: events.destination.id, name: 'Sales' }))
      .template;
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('saves a campaign with EMAIL and PHONE by default, a generated seed, and its schedule', async () => {
    const keys = new Map<string, ScheduleSpec>();
    const schedules: ScheduleRegistry = {
      set: (key, spec) => Promise.resolve(void keys.set(key, spec)),
      remove: (key) => Promise.resolve(void keys.delete(key)),
      preview: () => [new Date()],
      list: () => Promise.resolve([]),
    };
    const deps = { db: fx.store, plugins: fx.deps.plugins, schedules };
    const segment = await testSegment(fx.store, 'Lapsed', "SELECT * FROM 'lapsed.parquet'");
    const c = await createCampaign(deps, {
      name: 'Lapsed buyers',
      segmentId: segment.id,
      templateId: offered.id,
      controlGroupPercent: 12.5,
      schedule: { cron: '0 9 * * 1', timezone: 'Asia/Tokyo' },
    });
    expect(c).toMatchObject({
      id: expect.stringMatching(/^cmp_/) as unknown,
      segmentId: segment.id,
      idTypes: null,
      oneTime: false,
      controlGroupPercent: 12.5,
      controlGroupSeed: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown,
      audienceName: null,
    });
    expect(keys.get(`campaign/${c.id}`)?.payload).toEqual({ campaignId: c.id });

    const run = await campaignRunSettings(fx.store, fx.deps.plugins, c.id);
    expect(run).toMatchObject({
      kind: 'campaign',
      segmentId: segment.id,
      source: "SELECT * FROM 'lapsed.parquet'",
      problems: [],
      // The segment sets no id types: campaigns send EMAIL and PHONE by default.
      settings: { customAudienceName: 'Campaign audience', userIdTypes: ['EMAIL', 'PHONE'] },
      sources: { customAudienceName: 'template', userIdTypes: 'segment' },
      controlGroup: { percent: 12.5, seed: c.controlGroupSeed, keyColumn: null },
    });

    const updated = await updateCampaign(deps, c.id, { schedule: null, audienceName: 'Lapsed - spring' });
    expect(updated).toMatchObject({
      oneTime: true,
      controlGroupSeed: c.controlGroupSeed,
      audienceName: 'Lapsed - spring',
    });
    expect(keys.has(`campaign/${c.id}`)).toBe(false);
    expect((await campaignRunSettings(fx.store, fx.deps.plugins, c.id)).settings.customAudienceName).toBe(
      'Lapsed - spring',
    );
    await deleteCampaign(deps, c.id);
    await expect(getCampaign(fx.store, c.id)).rejects.toBeInstanceOf(RunnableNotFound);
  });

  it('refuses templates not offered to campaigns, with every reason', async () => {
    const segment = await testSegment(fx.store, 'People', 'people.csv');
    const input = { name: 'Refused', segmentId: segment.id };
    expect(
      await issuesOf(
        createCampaign({ db: fx.store, plugins: fx.deps.plugins }, { ...input, templateId: notOffered.id }),
      ),
    ).toEqual([
      'templateId: the data template is not offered to campaigns: the data template is not made available to campaigns',
    ]);
    const [events] = await issuesOf(
      createCampaign({ db: fx.store, plugins: fx.deps.plugins }, { ...input, templateId: eventsTemplate.id }),
    );
    expect(events).toMatch(/offline events are sent by orchestrations only/);
    expect(
      await issuesOf(
        createCampaign(
          { db: fx.store, plugins: fx.deps.plugins },
          {
            ...input,
            templateId: offered.id,
            controlGroupPercent: 51,
            controlGroupSeed: "it's",
            idTypes: ['EMAIL', 'EMAIL'],
          },
        ),
      ),
    ).toEqual([
      'idTypes: a user ID type is listed twice',
      expect.stringMatching(/^controlGroupPercent: /),
      'controlGroupSeed: letters, digits, "_", "-" and "." only',
    ]);
    expect(
      await issuesOf(
        createCampaign(
          { db: fx.store, plugins: fx.deps.plugins },
          { ...input, templateId: offered.id, controlGroupPercent: 1.234 },
        ),
      ),
    ).toEqual(['controlGroupPercent: at most two decimals, e.g. 12.5']);
  });

  it('refuses to run a campaign whose template was withdrawn from campaigns since', async () => {
    const t = (
      await createTemplate(fx.deps, {
        destinationId: offered.destinationId,
        name: 'Withdrawn later',
        settings: { customAudienceName: 'W' },
        availableToCampaigns: true,
      })
    ).template;
    const segment = await testSegment(fx.store, 'W', 'w.csv');
    const c = await createCampaign(
      { db: fx.store, plugins: fx.deps.plugins },
      { name: 'Withdrawn', segmentId: segment.id, templateId: t.id },
    );
    await updateTemplate(fx.deps, t.id, { availableToCampaigns: false });
    expect(
      await issuesOf(runCampaignNow({ engine: noEngine, db: fx.store, plugins: fx.deps.plugins }, c.id)),
    ).toEqual([
      'templateId: the data template is no longer offered to campaigns: the data template is not made available to campaigns',
    ]);
  });

  it("takes the segment's source, column mapping and default id types, under the campaign's own", async () => {
    const segment = await testSegment(fx.store, 'Mapped', 'mapped.csv', {
      columns: { email: 'E-mail', phone: 'Mobile' },
      idTypes: ['EMAIL'],
      openToBusinessUsers: false,
    });
    const c = await createCampaign(
      { db: fx.store, plugins: fx.deps.plugins },
      {
        name: 'Mapped',
        segmentId: segment.id,
        templateId: offered.id,
        options: { columns: { phone: 'Cell' } },
      },
    );
    expect(await campaignRunSettings(fx.store, fx.deps.plugins, c.id)).toMatchObject({
      source: 'mapped.csv',
      options: { columns: { email: 'E-mail', phone: 'Cell' } },
      settings: { userIdTypes: ['EMAIL'] },
      sources: { userIdTypes: 'segment' },
    });
    // The campaign's own id types win; a change of the segment applies to the next run.
    await updateCampaign({ db: fx.store, plugins: fx.deps.plugins }, c.id, { idTypes: ['PHONE'] });
    await updateSegment({ db: fx.store }, segment.id, { sourceQuery: 'mapped-v2.csv' });
    expect(await campaignRunSettings(fx.store, fx.deps.plugins, c.id)).toMatchObject({
      source: 'mapped-v2.csv',
      settings: { userIdTypes: ['PHONE'] },
      sources: { userIdTypes: 'orchestration' },
    });
    // A business user's campaign may only pick a segment opened to them; a missing one is named.
    const input = { name: 'Closed segment', segmentId: segment.id, templateId: offered.id };
    expect(
      await issuesOf(
        createCampaign({ db: fx.store, plugins: fx.deps.plugins }, input, { openSegmentsOnly: true }),
      ),
    ).toEqual([`segmentId: segment ${segment.id} does not exist`]);
    expect(
      await issuesOf(
        createCampaign({ db: fx.store, plugins: fx.deps.plugins }, { ...input, segmentId: 'seg_nope' }),
      ),
    ).toEqual(['segmentId: segment seg_nope does not exist']);
  });

  it('refuses a source query with a message saying to use a segment', async () => {
    const issues = await issuesOf(
      createCampaign({ db: fx.store, plugins: fx.deps.plugins }, {
        name: 'Query',
        audienceQuery: 'people.csv',
        templateId: offered.id,
      } as unknown as Parameters<typeof createCampaign>[1]),
    );
    expect(issues).toContainEqual(
      expect.stringMatching(/a campaign takes a segment \(segmentId\), never a source query/),
    );
  });
});
