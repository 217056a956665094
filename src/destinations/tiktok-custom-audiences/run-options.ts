import { z } from 'zod';
import { defaultRegion } from '../run-option-fields.js';

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

export type AudienceRunOptions = z.output<typeof audienceRunOptionsSchema>;

/** The options in one line, for forms. */
export const AUDIENCE_OPTIONS_HELP =
  'How the source is read: {"mode": "mirror" | "add-only", "defaultRegion": "US", "batchSize": 10000, ' +
  '"columns": {"email": "Email Address"}}. Empty: the defaults.';
