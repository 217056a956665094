import { z } from 'zod';
import type { FieldIssue } from '../../config/index.js';
import { toFieldIssues } from '../../config/validate.js';
import { eventSettingsSchema } from '../../events/index.js';
import { defaultRegion } from '../run-option-fields.js';

/** How an events run reads its source (see the events engine for each rule). */
export const eventsRunOptionsSchema = z.strictObject({
  defaultRegion: defaultRegion.optional(),
  timeZone: z
    .string()
    .optional()
    .describe('IANA time zone of timestamps written without an offset (default UTC)'),
  fixedEvent: z
    .string()
    .optional()
    .describe(
      'Send every row as this TikTok event (e.g. CompletePayment) instead of reading an event column',
    ),
  limitedDataUse: z.boolean().optional().describe('Flag the events for limited data use'),
  testEventCode: z
    .string()
    .optional()
    .describe('Test event code from TikTok Events Manager: the events show as test events, not conversions'),
});

export type EventsRunOptions = z.output<typeof eventsRunOptionsSchema>;

/** The options in one line, for forms. */
export const EVENTS_OPTIONS_HELP =
  'How the source is read: {"defaultRegion": "US", "timeZone": "America/New_York", "fixedEvent": ' +
  '"CompletePayment", "limitedDataUse": false, "testEventCode": "TEST123"}. Empty: the defaults.';

/**
 * Checks options against the events engine's own settings schema, so that a bad time zone or event name is
 * refused when saving rather than at the first run. Paths under `options.`.
 */
export function eventsOptionsIssues(options: Record<string, unknown>): FieldIssue[] {
  const data = options as EventsRunOptions;
  const check = eventSettingsSchema.safeParse({ ...data, defaultRegion: data.defaultRegion ?? 'US' });
  return check.success ? [] : toFieldIssues(check.error, 'options').filter((i) => !/pixelCode$/.test(i.path));
}
