import type { DestinationSpec } from '../types.js';
import { eventSourceCheck } from './connection.js';
import { previewEventRows } from './preview.js';
import { EVENTS_OPTIONS_HELP, eventsOptionsIssues, eventsRunOptionsSchema } from './run-options.js';
import { SEND_EVENTS_STEP } from './send-step.js';
import { eventsSettings } from './settings.js';

export { eventsRunOptionsSchema, type EventsRunOptions } from './run-options.js';
export type { EventSettings } from './settings.js';
export { eventSettingsOf, rejectsFileFor } from './send-step.js';
export { eventSetIssues, eventTargetOf, reconcileEventSettings } from './event-set-settings.js';

/** Sends offline events (to an offline event set) and web events (to a pixel) to the TikTok Events API. */
export const tiktokEvents: DestinationSpec = {
  ...eventsSettings,
  aliases: ['tiktok_offline_events'],
  connectionCheck: eventSourceCheck,
  runOptions: { schema: eventsRunOptionsSchema, help: EVENTS_OPTIONS_HELP, check: eventsOptionsIssues },
  report: {
    runKind: 'events',
    targetSetting: 'eventSetId',
    fields: [
      { key: 'rowsRead', label: 'rows read' },
      { key: 'acknowledged', label: 'acknowledged' },
      { key: 'alreadySent', label: 'already sent' },
    ],
  },
  steps: [SEND_EVENTS_STEP],
  preview: previewEventRows,
  previewSendsRawValues: true,
};
