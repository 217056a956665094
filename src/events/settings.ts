import { z } from 'zod';
import { isKnownPhoneRegion } from './identifiers.js';
import { isValidTimeZone } from './timezone.js';
import { EVENT_NAMES, EVENT_SOURCES } from './vocabulary.js';
import { DEFAULT_CLOCK_SKEW_SECONDS } from './window.js';

/**
 * Settings of one offline-events send, merged from destination, data template and orchestration.
 * Row values win over `eventSetId` and `eventSource` (which only fill gaps); `fixedEvent` overrides the row.
 */
export const eventSettingsSchema = z
  .object({
    eventSetId: z
      .string()
      .trim()
      .regex(/^\d+$/, 'event set id must be numeric, e.g. 7654321098765432109')
      .optional(),
    eventSource: z.enum(EVENT_SOURCES).optional(),
    fixedEvent: z
      .string()
      .refine((name) => EVENT_NAMES.includes(name), 'not a TikTok event name')
      .optional(),
    /** ISO 3166 alpha-2 region used to read national phone numbers, e.g. "US". */
    defaultRegion: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'region must be a two-letter ISO 3166 code')
      .refine(isKnownPhoneRegion, 'unknown phone region'),
    /** IANA zone for timestamps written without an offset; UTC when absent. */
    timeZone: z.string().refine(isValidTimeZone, 'unknown IANA time zone').optional(),
    limitedDataUse: z.boolean().optional(),
    /** Pixel code: the event source id of "web" events. */
    pixelCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]+$/, 'pixel code must be letters, digits, _ or -, e.g. C4ABCDEF1234567890')
      .optional(),
    testEventCode: z.string().trim().min(1).optional(),
    /** Future tolerance of the event window. */
    clockSkewSeconds: z.number().int().min(0).max(86_400).default(DEFAULT_CLOCK_SKEW_SECONDS),
  })
  .refine((s) => s.eventSource !== 'web' || s.pixelCode !== undefined, {
    message: 'a pixel code is required when the event source is "web"',
    path: ['pixelCode'],
  });

export type EventSettingsInput = z.input<typeof eventSettingsSchema>;
export type EventSettings = z.output<typeof eventSettingsSchema>;

/** Validates settings; throws a ZodError naming every bad setting. */
export function parseEventSettings(input: unknown): EventSettings {
  return eventSettingsSchema.parse(input);
}
