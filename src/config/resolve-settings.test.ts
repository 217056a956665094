import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  builtInDestinations,
  DestinationRegistry,
  tiktokCustomAudiences as AUDIENCES,
  tiktokEvents as EVENTS,
} from '../destinations/index.js';
import { describeUnresolved, resolveSettings } from './resolve-settings.js';

const ADV = '7654321098765432109';
const ADV2 = '7654321098765432110';
const SET = '7300000000000000001';

describe('resolveSettings: custom audiences', () => {
  it('applies defaults, then destination, then template, then orchestration, and records each source', () => {
    const result = resolveSettings(
      AUDIENCES,
      { settings: { advertiserId: ADV, customAudienceName: 'From destination' } },
      { settings: { customAudienceName: 'From template' } },
      { customAudienceName: 'From orchestration', additionalAdvertiserIds: [ADV2] },
    );
    expect(result).toEqual({
      ok: true,
      plugin: 'tiktok_custom_audiences',
      settings: {
        advertiserId: ADV,
        customAudienceName: 'From orchestration',
        userIdTypes: ['EMAIL', 'PHONE'],
        additionalAdvertiserIds: [ADV2],
      },
      sources: {
        userIdTypes: 'default',
        advertiserId: 'destination',
        customAudienceName: 'orchestration',
        additionalAdvertiserIds: 'orchestration',
      },
    });
  });

  it("puts a campaign's segment between the template and the campaign's own overrides", () => {
    const template = { settings: { advertiserId: ADV, customAudienceName: 'T', userIdTypes: ['PHONE'] } };
    const bySegment = resolveSettings(AUDIENCES, null, template, {}, { userIdTypes: ['EMAIL'] });
    expect(bySegment).toMatchObject({
      ok: true,
      settings: { userIdTypes: ['EMAIL'] },
      sources: { userIdTypes: 'segment' },
    });
    const byCampaign = resolveSettings(
      AUDIENCES,
      null,
      template,
      { userIdTypes: ['IDFA'] },
      { userIdTypes: ['EMAIL'] },
    );
    expect(byCampaign).toMatchObject({
      settings: { userIdTypes: ['IDFA'] },
      sources: { userIdTypes: 'orchestration' },
    });
    const bad = resolveSettings(AUDIENCES, null, template, {}, { userIdTypes: ['FAX'] });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.invalid[0]?.path).toMatch(/^segment\.userIdTypes/);
  });

  it('lets the template fill what the destination leaves out, and override the defaults', () => {
    const result = resolveSettings(
      AUDIENCES,
      { settings: {} },
      { settings: { advertiserId: ADV, customAudienceName: 'Buyers', userIdTypes: ['EMAIL'] } },
    );
    expect(result.ok && result.settings).toEqual({
      advertiserId: ADV,
      customAudienceName: 'Buyers',
      userIdTypes: ['EMAIL'],
    });
    expect(result.sources).toMatchObject({ advertiserId: 'template', userIdTypes: 'template' });
  });

  it('treats undefined and null as "not set here"', () => {
    const result = resolveSettings(
      AUDIENCES,
      { settings: { advertiserId: ADV, customAudienceName: 'Kept' } },
      { settings: { customAudienceName: undefined, advertiserId: null } },
      null,
    );
    expect(result.ok && result.settings.customAudienceName).toBe('Kept');
    expect(result.sources.advertiserId).toBe('destination');
  });

  it('lists every missing required setting', () => {
    const result = resolveSettings(AUDIENCES, { settings: {} }, null);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.missing).toEqual(['advertiserId', 'customAudienceName']);
    expect(!result.ok && describeUnresolved(result)).toBe(
      'missing settings: advertiserId, customAudienceName',
    );
  });

  it('names the layer of an invalid value and keeps the valid ones of that layer', () => {
    const result = resolveSettings(
      AUDIENCES,
      { settings: { advertiserId: '123', customAudienceName: 'x'.repeat(401) } },
      { settings: { userIdTypes: ['EMAIL', 'EMAIL'], bogus: 1 } },
      { customAudienceName: 'Fine' },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.invalid.map((i) => i.path)).toEqual([
      'destination.advertiserId',
      'destination.customAudienceName',
      'template.userIdTypes',
      'template.bogus',
    ]);
    expect(result.invalid[0]?.message).toMatch(/nineteen-digit/);
    expect(result.settings.customAudienceName).toBe('Fine');
  });

  it('counts visible characters for the 400-character name limit', () => {
    const flags = '🇫🇷'.repeat(400); // 400 visible characters, 1,600 UTF-16 code units
    const ok = resolveSettings(
      AUDIENCES,
      { settings: { advertiserId: ADV, customAudienceName: flags } },
      null,
    );
    expect(ok.ok).toBe(true);
    const long = resolveSettings(
      AUDIENCES,
      { settings: { advertiserId: ADV, customAudienceName: `${flags}x` } },
      null,
    );
    expect(!long.ok && long.invalid[0]?.message).toMatch(/400 visible characters/);
  });

  it('trims values on the way in', () => {
    const result = resolveSettings(
      AUDIENCES,
      { settings: { advertiserId: ` ${ADV} `, customAudienceName: ' A ' } },
      null,
    );
    expect(result.ok && result.settings).toMatchObject({ advertiserId: ADV, customAudienceName: 'A' });
  });
});

describe('resolveSettings: offline events', () => {
  it('requires the event set id, which may come at orchestration', () => {
    const withoutSet = resolveSettings(EVENTS, { settings: { advertiserId: ADV } }, { settings: {} });
    expect(!withoutSet.ok && withoutSet.missing).toEqual(['eventSetId']);
    const atOrchestration = resolveSettings(
      EVENTS,
      { settings: { advertiserId: ADV } },
      { settings: {} },
      {
        eventSetId: SET,
      },
    );
    expect(atOrchestration).toMatchObject({
      ok: true,
      settings: { advertiserId: ADV, eventSetId: SET, eventSource: 'offline' },
      sources: { eventSetId: 'orchestration', eventSource: 'default' },
    });
  });

  it('takes the pixel code of web events as their event set id, pixelCode staying an alias', () => {
    const PIXEL = 'CEMULATORPIXEL0000001';
    const web = resolveSettings(EVENTS, { settings: { advertiserId: ADV, eventSource: 'web' } }, null);
    expect(!web.ok && web.missing).toEqual(['eventSetId']);
    const bySetId = resolveSettings(
      EVENTS,
      { settings: { advertiserId: ADV, eventSource: 'web' } },
      { settings: { eventSetId: PIXEL } },
    );
    expect(bySetId).toMatchObject({
      ok: true,
      settings: { advertiserId: ADV, eventSource: 'web', eventSetId: PIXEL },
      sources: { eventSource: 'destination', eventSetId: 'template' },
    });
    const byAlias = resolveSettings(
      EVENTS,
      { settings: { advertiserId: ADV, eventSource: 'web', pixelCode: 'CPIXEL123' } },
      null,
    );
    expect(byAlias).toMatchObject({ ok: true, settings: { eventSetId: 'CPIXEL123' } });
    expect(byAlias.settings).not.toHaveProperty('pixelCode');
    // A pixel and no offline event set: web events, without saying so.
    expect(
      resolveSettings(EVENTS, { settings: { advertiserId: ADV, eventSetId: PIXEL } }, null),
    ).toMatchObject({ ok: true, settings: { eventSource: 'web', eventSetId: PIXEL } });
    // The later layer wins when eventSetId and pixelCode disagree.
    expect(
      resolveSettings(
        EVENTS,
        { settings: { advertiserId: ADV, eventSource: 'web', pixelCode: 'CPIXEL123' } },
        null,
        { eventSetId: PIXEL },
      ),
    ).toMatchObject({ ok: true, settings: { eventSetId: PIXEL }, sources: { eventSetId: 'orchestration' } });
  });

  it('refuses an event set id of the wrong kind for the event source, naming its layer', () => {
    const numericForWeb = resolveSettings(
      EVENTS,
      { settings: { advertiserId: ADV, eventSetId: SET } },
      { settings: { eventSource: 'web' } },
    );
    expect(!numericForWeb.ok && numericForWeb.invalid).toEqual([
      {
        path: 'destination.eventSetId',
        message: expect.stringMatching(/event set ID is the pixel code/) as string,
      },
    ]);
    const pixelForOffline = resolveSettings(
      EVENTS,
      { settings: { advertiserId: ADV, eventSource: 'offline' } },
      null,
      { eventSetId: 'CEMULATORPIXEL0000001' },
    );
    expect(!pixelForOffline.ok && pixelForOffline.invalid).toEqual([
      { path: 'orchestration.eventSetId', message: expect.stringMatching(/only web events take/) as string },
    ]);
  });

  it('refuses settings of the other plugin', () => {
    const result = resolveSettings(
      EVENTS,
      { settings: { advertiserId: ADV, eventSetId: SET, customAudienceName: 'x' } },
      null,
    );
    expect(!result.ok && result.invalid).toEqual([
      { path: 'destination.customAudienceName', message: 'not a setting of TikTok events (offline and web)' },
    ]);
  });

  it('refuses an unknown event source', () => {
    const result = resolveSettings(EVENTS, { settings: { advertiserId: ADV, eventSetId: SET } }, null, {
      eventSource: 'crm',
    });
    expect(!result.ok && result.invalid[0]?.path).toBe('orchestration.eventSource');
  });
});

describe('plugins', () => {
  it('gives every field help text, in the complete and the partial schema', () => {
    for (const plugin of builtInDestinations) {
      for (const [key, field] of Object.entries(plugin.fields)) {
        expect(field.description, `${plugin.id}.${key}`).toMatch(/\w{3,}/);
        const partial = plugin.partialSchema.shape[key] as z.ZodType;
        expect(partial.description).toBe(field.description);
      }
    }
  });

  it('refuses unknown keys in a partial settings object', () => {
    expect(AUDIENCES.partialSchema.safeParse({ advertiserID: ADV }).success).toBe(false);
    expect(AUDIENCES.partialSchema.safeParse({}).success).toBe(true);
  });

  it('offers only custom audiences to campaigns', () => {
    const plugins = new DestinationRegistry(builtInDestinations);
    expect(plugins.plugin('tiktok_custom_audiences').campaigns).toBe(true);
    expect(plugins.plugin('tiktok_events').campaigns).toBe(false);
    // The former id of TikTok events (which also sends web events) is still accepted.
    expect(plugins.plugin('tiktok_offline_events')).toBe(EVENTS);
    expect(() => plugins.plugin('facebook')).toThrow(/unknown plugin/);
  });
});
