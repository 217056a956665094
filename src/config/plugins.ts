import { z } from 'zod';
import * as f from './plugin-fields.js';
import { ValidationError, type FieldIssue } from './errors.js';
import { eventSetIssues, reconcileEventSettings } from './event-set-settings.js';

/** The two destination plugins. */
export const PLUGIN_IDS = ['tiktok_custom_audiences', 'tiktok_offline_events'] as const;
export type PluginId = (typeof PLUGIN_IDS)[number];

/** Settings keys of each plugin. */
export type CustomAudienceSettingKey =
  'advertiserId' | 'additionalAdvertiserIds' | 'customAudienceName' | 'userIdTypes';
export type OfflineEventSettingKey = 'advertiserId' | 'eventSetId' | 'eventSource' | 'pixelCode';

/** Resolved settings of a custom audiences run. */
// Type aliases (not interfaces) so that they stay assignable to PartialSettings' index signature.
export type CustomAudienceSettings = {
  advertiserId: string;
  additionalAdvertiserIds?: string[] | undefined;
  customAudienceName: string;
  userIdTypes: f.UserIdType[];
};

/**
 * Resolved settings of an offline events run. `eventSetId` is the offline event set ID, or for web events the
 * pixel code; `pixelCode` (its older alias) is only left beside a numeric `eventSetId`, naming the pixel of
 * the web rows.
 */
export type OfflineEventSettings = {
  advertiserId: string;
  eventSource: 'web' | 'offline';
  eventSetId?: string | undefined;
  pixelCode?: string | undefined;
};

/** Settings a destination, template or orchestration may hold: any subset of the plugin's fields. */
export type PartialSettings = Record<string, unknown>;

/** A destination plugin: its settings fields (zod, with help text), defaults and rules. */
export interface DestinationPlugin {
  id: PluginId;
  label: string;
  description: string;
  /** Each settings field in its complete form, with `.describe()` help text. */
  fields: Readonly<Record<string, z.ZodType>>;
  /** Any subset of the fields, unknown keys refused: what destinations, templates and overrides hold. */
  partialSchema: z.ZodObject;
  /** Values used when no layer sets them. */
  defaults: Readonly<PartialSettings>;
  /** Keys a run needs, given the merged settings. */
  requiredSettings(merged: PartialSettings): string[];
  /**
   * Makes settings merged from every layer consistent across keys (in place), e.g. the pixel code of web
   * events in `eventSetId`; returns what contradicts itself, paths prefixed with the layer.
   * @param rank the precedence of the layer a key came from (higher wins)
   */
  reconcile?(
    merged: PartialSettings,
    sources: Record<string, string>,
    rank: (key: string) => number,
  ): FieldIssue[];
  /** Whether templates of this plugin may be offered to campaigns. */
  campaigns: boolean;
}

/** Any subset of `fields`; `crossCheck` finds contradictions between keys of the one object. */
function partialOf(
  fields: Record<string, z.ZodType>,
  crossCheck?: (settings: PartialSettings) => FieldIssue[],
): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(fields)) {
    shape[key] = field.optional().describe(field.description ?? key);
  }
  const schema = z.strictObject(shape);
  if (!crossCheck) return schema;
  return schema.superRefine((settings, ctx) => {
    for (const issue of crossCheck(settings)) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path.split('.') });
    }
  });
}

const audienceFields = {
  advertiserId: f.advertiserId,
  additionalAdvertiserIds: f.additionalAdvertiserIds,
  customAudienceName: f.customAudienceName,
  userIdTypes: f.userIdTypes,
} satisfies Record<CustomAudienceSettingKey, z.ZodType>;

const eventFields = {
  advertiserId: f.advertiserId,
  eventSetId: f.eventSetId,
  eventSource: f.eventSource,
  pixelCode: f.pixelCode,
} satisfies Record<OfflineEventSettingKey, z.ZodType>;

/** Sends a query's customers to a TikTok custom audience (created if missing, never deleted). */
export const customAudiencesPlugin: DestinationPlugin = {
  id: 'tiktok_custom_audiences',
  label: 'TikTok custom audiences',
  description:
    'Custom audiences help find people who already know about or have engaged with your brand: re-marketing, ' +
    'potential repeat customers and lookalike audiences. An audience needs at least 1,000 members before an ad ' +
    'group can use it; audience mapping can take up to 48 hours.',
  fields: audienceFields,
  partialSchema: partialOf(audienceFields),
  defaults: { userIdTypes: [...f.DEFAULT_USER_ID_TYPES] },
  requiredSettings: () => ['advertiserId', 'customAudienceName', 'userIdTypes'],
  campaigns: true,
};

/** Sends offline (or web) conversion events to the TikTok Events API; orchestrations only. */
export const offlineEventsPlugin: DestinationPlugin = {
  id: 'tiktok_offline_events',
  label: 'TikTok offline events',
  description:
    'Offline events track conversions from marketing campaigns (Events API). Events must have occurred within ' +
    'the previous 28 days (click-through attribution 28 days, view-through 7 days). Offline events are sent by ' +
    'orchestrations only, never by campaigns.',
  fields: eventFields,
  partialSchema: partialOf(eventFields, eventSetIssues),
  defaults: { eventSource: 'offline' },
  // The event set of web events is their pixel code, also held by eventSetId (see reconcile).
  requiredSettings: () => ['advertiserId', 'eventSource', 'eventSetId'],
  reconcile: reconcileEventSettings,
  campaigns: false,
};

/** Every plugin by id. */
export const PLUGINS: Readonly<Record<PluginId, DestinationPlugin>> = {
  tiktok_custom_audiences: customAudiencesPlugin,
  tiktok_offline_events: offlineEventsPlugin,
};

/** True for a known plugin id. */
export function isPluginId(value: unknown): value is PluginId {
  return typeof value === 'string' && (PLUGIN_IDS as readonly string[]).includes(value);
}

/** The plugin of an id. @throws ValidationError naming the `plugin` field */
export function getPlugin(id: string): DestinationPlugin {
  if (!isPluginId(id)) {
    throw new ValidationError([
      { path: 'plugin', message: `unknown plugin; one of ${PLUGIN_IDS.join(', ')}` },
    ]);
  }
  return PLUGINS[id];
}
