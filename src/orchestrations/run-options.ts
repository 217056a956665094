import { z } from 'zod';
import { eventSettingsSchema } from '../events/index.js';
import { ValidationError, type PluginId } from '../config/index.js';
import { toFieldIssues } from '../config/validate.js';

const defaultRegion = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'a region is a two-letter country code, e.g. US')
  .transform((r) => r.toUpperCase())
  .describe('Country of phone numbers written without a country code (default US)');

/**
 * How an audience run reads its source: not settings of the destination plugin (those are resolved from
 * destination, template and overrides) but of the engine. Every field is optional; the engine's defaults apply.
 */
export const audienceRunOptionsSchema = z.strictObject({
  mode: z
    .enum(['mirror', 'add-only'])
    .optional()
    .describe(
      'mirror (default): the audience matches the query, members are added and removed; add-only: never remove',
    ),
  defaultRegion: defaultRegion.optional(),
  batchSize: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe('Identifiers per mapping request (default 10,000)'),
  columns: z
    .record(z.string(), z.string())
    .optional()
    .describe(
      'Source column of an identifier field when its name is not a usual one, e.g. {"email": "Email Address"}',
    ),
});

/** How an offline-events run reads its source (see the events engine for each rule). */
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

export type AudienceRunOptions = z.output<typeof audienceRunOptionsSchema>;
export type EventsRunOptions = z.output<typeof eventsRunOptionsSchema>;

/** The options schema of each plugin. */
export const RUN_OPTIONS_SCHEMAS = {
  tiktok_custom_audiences: audienceRunOptionsSchema,
  tiktok_offline_events: eventsRunOptionsSchema,
} as const;

/**
 * Validates run options for a plugin; for events, also against the events engine's own settings schema so
 * that a bad time zone or event name is refused when saving rather than at the first run.
 * @throws ValidationError with paths under `options.`
 */
export function parseRunOptions(plugin: PluginId, input: unknown): Record<string, unknown> {
  const parsed = RUN_OPTIONS_SCHEMAS[plugin].safeParse(input ?? {});
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error, 'options'));
  if (plugin === 'tiktok_offline_events') {
    const data = parsed.data as EventsRunOptions;
    const check = eventSettingsSchema.safeParse({ ...data, defaultRegion: data.defaultRegion ?? 'US' });
    const issues = check.success
      ? []
      : toFieldIssues(check.error, 'options').filter((i) => !/pixelCode$/.test(i.path));
    if (issues.length > 0) throw new ValidationError(issues);
  }
  return parsed.data;
}
