import type { z } from 'zod';
import { partialOf, type DestinationPlugin } from '../../config/index.js';
import * as f from '../../config/plugin-fields.js';
import { eventSetIssues, reconcileEventSettings } from './event-set-settings.js';

/** Settings keys of TikTok events. */
export type EventSettingKey = 'advertiserId' | 'eventSetId' | 'eventSource' | 'pixelCode';

/**
 * Resolved settings of an events run. `eventSetId` is the offline event set ID, or for web events the
 * pixel code; `pixelCode` (its older alias) is only left beside a numeric `eventSetId`, naming the pixel of
 * the web rows.
 */
// A type alias (not an interface) so that it stays assignable to PartialSettings' index signature.
export type EventSettings = {
  advertiserId: string;
  eventSource: 'web' | 'offline';
  eventSetId?: string | undefined;
  pixelCode?: string | undefined;
};

const fields = {
  advertiserId: f.advertiserId,
  eventSetId: f.eventSetId,
  eventSource: f.eventSource,
  pixelCode: f.pixelCode,
} satisfies Record<EventSettingKey, z.ZodType>;

/**
 * The settings of TikTok events: offline events (an offline event set) and web events (a pixel), sent to the
 * Events API. Its id was `tiktok_offline_events`, which hid the web events; the old id stays an alias.
 */
export const eventsSettings = {
  id: 'tiktok_events',
  label: 'TikTok events (offline and web)',
  description:
    'Offline and web events track conversions from marketing campaigns (Events API): offline events go to an ' +
    'offline event set, web events to a pixel. Events must have occurred within the previous 28 days ' +
    '(click-through attribution 28 days, view-through 7 days). Events are sent by orchestrations only, never ' +
    'by campaigns.',
  fields,
  partialSchema: partialOf(fields, eventSetIssues),
  defaults: { eventSource: 'offline' },
  // The event set of web events is their pixel code, also held by eventSetId (see reconcile).
  requiredSettings: () => ['advertiserId', 'eventSource', 'eventSetId'],
  reconcile: reconcileEventSettings,
  campaigns: false,
  noCampaignsReason: 'offline events are sent by orchestrations only, never by campaigns',
  checkedKeys: ['advertiserId', 'eventSetId', 'pixelCode', 'eventSource'],
} satisfies DestinationPlugin;
