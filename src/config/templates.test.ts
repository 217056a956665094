import {
  builtInDestinations,
  DestinationRegistry,
  tiktokCustomAudiences,
  tiktokEvents,
} from '../destinations/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '../store/store.test-support.js';
import { ConnectionTestFailed } from './connection.js';
import type { Credential } from './credentials.js';
import { createDestination, deleteDestination, updateDestination, type Destination } from './destinations.js';
import { ConflictError, ValidationError } from './errors.js';
import {
  campaignOffer,
  createTemplate,
  deleteTemplate,
  getTemplate,
  listCampaignTemplates,
  listTemplates,
  resolveSettings,
  templateSchema,
  updateTemplate,
  visibleToBusinessUsers,
} from './templates.js';
import {
  ADVERTISER,
  ADVERTISER_2,
  authorizedCredential,
  EVENT_SET,
  FOREIGN_ADVERTISER,
  openFixture,
  PIXEL,
  type ControlPlaneFixture,
} from './control-plane.test-support.js';

const destination = (over: Partial<Destination> = {}): Destination => ({
  id: 'dst_1',
  name: 'D',
  description: '',
  plugin: 'tiktok_custom_audiences',
  credentialId: 'cred_1',
  settings: { advertiserId: ADVERTISER },
  businessUserAccess: true,
  availableToCampaigns: true,
  lastTestedAt: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...over,
});

const PLUGINS = new DestinationRegistry(builtInDestinations);

describe('campaignOffer', () => {
  it('offers a template once every required setting is known', () => {
    const missing = campaignOffer(PLUGINS, destination(), { availableToCampaigns: true, settings: {} });
    expect(missing).toEqual({
      offered: false,
      reasons: ['setting customAudienceName is set neither on the destination nor on the template'],
    });
    expect(
      campaignOffer(PLUGINS, destination(), {
        availableToCampaigns: true,
        settings: { customAudienceName: 'A' },
      }),
    ).toEqual({
      offered: true,
      reasons: [],
    });
  });

  it('needs both the template and the destination made available', () => {
    const settings = { customAudienceName: 'A' };
    expect(campaignOffer(PLUGINS, destination(), { availableToCampaigns: false, settings }).offered).toBe(
      false,
    );
    expect(
      campaignOffer(PLUGINS, destination({ availableToCampaigns: false }), {
        availableToCampaigns: true,
        settings,
      }).reasons,
    ).toEqual(['the destination is not available to campaigns']);
  });

  it('never offers the offline events template', () => {
    const events = destination({
      plugin: 'tiktok_events',
      settings: { advertiserId: ADVERTISER, eventSetId: EVENT_SET },
    });
    const offer = campaignOffer(PLUGINS, events, { availableToCampaigns: true, settings: {} });
    expect(offer.offered).toBe(false);
    expect(offer.reasons[0]).toMatch(/orchestrations only/);
  });

  it('shows business users a template only when both levels allow it', () => {
    const t = { businessUserAccess: false } as Parameters<typeof visibleToBusinessUsers>[1];
    expect(visibleToBusinessUsers(destination(), t)).toBe(false);
    expect(visibleToBusinessUsers(destination({ businessUserAccess: false }))).toBe(false);
    expect(visibleToBusinessUsers(destination())).toBe(true);
  });
});

describe.each(TEST_ENGINES)('data templates on %s', (engine) => {
  let fx: ControlPlaneFixture;
  let cred: Credential;
  let audiences: Destination;
  let events: Destination;
  beforeAll(async () => {
    fx = await openFixture(engine);
    cred = await authorizedCredential(fx.deps);
    audiences = (
      await createDestination(fx.deps, {
        name: 'Audiences',
        plugin: 'tiktok_custom_audiences',
        credentialId: cred.id,
        settings: { advertiserId: ADVERTISER },
        availableToCampaigns: true,
        businessUserAccess: true,
      })
    ).destination;
    events = (
      await createDestination(fx.deps, {
        name: 'Events',
        plugin: 'tiktok_events',
        credentialId: cred.id,
        settings: { advertiserId: ADVERTISER },
      })
    ).destination;
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('refuses to offer a template to campaigns until every required setting is known', async () => {
    const err = await createTemplate(fx.deps, {
      destinationId: audiences.id,
      name: 'Incomplete',
      availableToCampaigns: true,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual(['settings.customAudienceName']);

    const { template, connection } = await createTemplate(fx.deps, {
      destinationId: audiences.id,
      name: 'Repeat buyers',
      settings: { customAudienceName: 'Repeat buyers', userIdTypes: ['EMAIL'] },
      availableToCampaigns: true,
      businessUserAccess: true,
    });
    expect(connection).toBeNull();
    expect(template.id).toMatch(/^tpl_/);
    expect(await getTemplate(fx.store, template.id)).toEqual(template);
    const offered = await listCampaignTemplates(fx.store, PLUGINS);
    expect(offered.map((o) => o.template.id)).toEqual([template.id]);

    const resolved = resolveSettings(tiktokCustomAudiences, audiences, template, {
      customAudienceName: 'Spring sale',
    });
    expect(resolved).toMatchObject({
      ok: true,
      settings: { advertiserId: ADVERTISER, customAudienceName: 'Spring sale', userIdTypes: ['EMAIL'] },
      sources: { advertiserId: 'destination', customAudienceName: 'orchestration', userIdTypes: 'template' },
    });
  });

  it('never offers the offline events template to campaigns, and leaves the event set to orchestration', async () => {
    const err = await createTemplate(fx.deps, {
      destinationId: events.id,
      name: 'Events to campaigns',
      availableToCampaigns: true,
    }).catch((e: unknown) => e);
    expect((err as ValidationError).issues[0]).toMatchObject({ path: 'availableToCampaigns' });
    expect((err as Error).message).toMatch(/orchestrations only/);

    const { template } = await createTemplate(fx.deps, { destinationId: events.id, name: 'No event set' });
    const unresolved = resolveSettings(tiktokEvents, events, template);
    expect(!unresolved.ok && unresolved.missing).toEqual(['eventSetId']);
    expect(resolveSettings(tiktokEvents, events, template, { eventSetId: EVENT_SET }).ok).toBe(true);
  });

  it('accepts a web events template whose event set id is the pixel code', async () => {
    const { template, connection } = await createTemplate(fx.deps, {
      destinationId: events.id,
      name: 'Web events',
      settings: { eventSource: 'web', eventSetId: PIXEL },
    });
    expect(connection?.checks.at(-1)).toMatchObject({
      check: 'event_source',
      status: 'passed',
      detail: expect.stringContaining(`pixel ${PIXEL}`) as string,
    });
    expect(resolveSettings(tiktokEvents, events, template)).toMatchObject({
      ok: true,
      settings: { advertiserId: ADVERTISER, eventSource: 'web', eventSetId: PIXEL },
    });
    const offline = await createTemplate(fx.deps, {
      destinationId: events.id,
      name: 'Offline events by pixel',
      settings: { eventSource: 'offline', eventSetId: PIXEL },
    }).catch((e: unknown) => e);
    expect((offline as ValidationError).issues).toEqual([
      { path: 'settings.eventSetId', message: expect.stringMatching(/only web events take/) as string },
    ]);
  });

  it('tests the connection when a template sets what TikTok can check', async () => {
    const ok = await createTemplate(fx.deps, {
      destinationId: events.id,
      name: 'With event set',
      settings: { eventSetId: EVENT_SET },
    });
    expect(ok.connection?.checks.at(-1)).toMatchObject({ check: 'event_source', status: 'passed' });
    const bad = await createTemplate(fx.deps, {
      destinationId: events.id,
      name: 'Bad event set',
      settings: { eventSetId: '7300000000000000998' },
    }).catch((e: unknown) => e);
    expect((bad as ConnectionTestFailed).report.problem).toBe('event_set_not_found');
    const foreign = await createTemplate(fx.deps, {
      destinationId: audiences.id,
      name: 'Foreign',
      settings: { advertiserId: FOREIGN_ADVERTISER, customAudienceName: 'x' },
    }).catch((e: unknown) => e);
    expect((foreign as ConnectionTestFailed).report.problem).toBe('advertiser_not_authorized');
    expect((await listTemplates(fx.store, { destinationId: audiences.id })).map((t) => t.name)).not.toContain(
      'Foreign',
    );
  });

  it('stops offering a template when its destination no longer fills a setting', async () => {
    const { destination: d } = await createDestination(fx.deps, {
      name: 'Changing',
      plugin: 'tiktok_custom_audiences',
      credentialId: cred.id,
      settings: { advertiserId: ADVERTISER_2 },
      availableToCampaigns: true,
    });
    const { template } = await createTemplate(fx.deps, {
      destinationId: d.id,
      name: 'Offered',
      settings: { customAudienceName: 'Lookalike seed' },
      availableToCampaigns: true,
    });
    expect((await listCampaignTemplates(fx.store, PLUGINS)).map((o) => o.template.id)).toContain(template.id);
    await updateDestination(fx.deps, d.id, { settings: {} });
    expect((await listCampaignTemplates(fx.store, PLUGINS)).map((o) => o.template.id)).not.toContain(
      template.id,
    );
  });

  it('updates, refuses duplicate names per destination, and deletes', async () => {
    const { template } = await createTemplate(fx.deps, { destinationId: audiences.id, name: 'Editable' });
    await expect(
      createTemplate(fx.deps, { destinationId: audiences.id, name: 'Editable' }),
    ).rejects.toBeInstanceOf(ConflictError);
    const { template: other } = await createTemplate(fx.deps, { destinationId: events.id, name: 'Editable' });
    const updated = await updateTemplate(fx.deps, template.id, { description: 'Now described' });
    expect(updated.template).toMatchObject({
      name: 'Editable',
      description: 'Now described',
      destinationId: audiences.id,
    });
    await expect(deleteDestination(fx.store, audiences.id)).rejects.toThrow(/has data templates/);
    await deleteTemplate(fx.store, template.id);
    await deleteTemplate(fx.store, other.id);
    await expect(getTemplate(fx.store, template.id)).rejects.toThrow(/does not exist/);
  });

  it('describes every field of the template schemas', () => {
    for (const schema of builtInDestinations.map(templateSchema)) {
      for (const [key, field] of Object.entries(schema.shape)) expect(field.description, key).toBeTruthy();
    }
  });
});
