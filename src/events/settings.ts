import { z } from 'zod';
import { phoneRegion } from '../identity/index.js';
import { isOfflineEventSetId, isPixelCode, PIXEL_CODE_EXAMPLE } from '../tiktok/event-source-ids.js';
import { DEFAULT_CLOCK_SKEW_SECONDS, isValidTimeZone } from './event-time.js';
import { EVENT_NAMES, EVENT_SOURCES } from './vocabulary.js';

/** True when phone numbers can be read with `region` as default (an ISO 3166 code the phone data knows). */
function isKnownPhoneRegion(region: string): boolean {
  try {
    phoneRegion(region);
    return true;
  } catch {
    return false;
  }
}

const pixelCodeMessage = `a pixel code is uppercase letters and digits, e.g. ${PIXEL_CODE_EXAMPLE}`;

/**
 * Settings of one offline-events send, merged from destination, data template and orchestration.
 * Row values win over `eventSetId` and `eventSource` (which only fill gaps); `fixedEvent` overrides the row.
 * `eventSetId` is the event set of the default event source: the numeric offline event set id, or for
 * `web` the pixel code. Parsing moves a pixel code given there to `pixelCode` (its alias), so that the
 * engine reads the pixel of web rows from `pixelCode` and the event set of offline rows from `eventSetId`.
 */
export const eventSettingsSchema = z
  .object({
    eventSetId: z
      .string()
      .trim()
      .refine(
        (id) => isOfflineEventSetId(id) || isPixelCode(id),
        `an event set id is numeric (offline events, e.g. 7654321098765432109) or, for web events, the pixel code (uppercase letters and digits, e.g. ${PIXEL_CODE_EXAMPLE})`,
      )
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
    /** Pixel code: the event source id of "web" events (an alias of `eventSetId` when the source is web). */
    pixelCode: z.string().trim().refine(isPixelCode, pixelCodeMessage).optional(),
    testEventCode: z.string().trim().min(1).optional(),
    /** Future tolerance of the event window. */
    clockSkewSeconds: z.number().int().min(0).max(86_400).default(DEFAULT_CLOCK_SKEW_SECONDS),
  })
  .superRefine((s, ctx) => {
    const problem = eventSetIdProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['eventSetId'] });
  })
  .transform(toEngineSettings);

type CheckedSettings = {
  eventSetId?: string | undefined;
  eventSource?: 'web' | 'offline' | undefined;
  pixelCode?: string | undefined;
};

/**
 * Why `eventSetId` does not fit the event source, or undefined. A pixel code fits `web` (and an unset
 * source, which it makes web); a numeric id fits `offline`, and `web` too next to a pixel code: it then
 * serves the rows whose event_source says offline. No setting is required: rows may carry their own
 * event_set_id.
 */
function eventSetIdProblem(s: CheckedSettings): string | undefined {
  const id = s.eventSetId;
  if (id === undefined) return undefined;
  if (isPixelCode(id)) {
    if (s.eventSource === 'offline') {
      return `${id} is a pixel code, which only web events take: set the event source to "web", or give the numeric offline event set id`;
    }
    return s.pixelCode === undefined || s.pixelCode === id
      ? undefined
      : `the event set id ${id} and the pixel code ${s.pixelCode} name different pixels; give the pixel code once`;
  }
  return s.eventSource === 'web' && s.pixelCode === undefined
    ? `with the event source "web" the event set id is the pixel code (${pixelCodeMessage}); ${id} is an offline event set id`
    : undefined;
}

/**
 * The settings as the row rules read them: a pixel code given as `eventSetId` moves to `pixelCode`, where
 * web rows look for their pixel, leaving `eventSetId` to offline rows. Settings that name a pixel and no
 * offline event set send web events unless they say otherwise.
 */
function toEngineSettings<S extends CheckedSettings>(s: S): S {
  const out =
    s.eventSetId !== undefined && isPixelCode(s.eventSetId)
      ? { ...s, eventSetId: undefined, pixelCode: s.eventSetId }
      : s;
  if (out.eventSource === undefined && out.pixelCode !== undefined && out.eventSetId === undefined) {
    return { ...out, eventSource: 'web' };
  }
  return out;
}

export type EventSettingsInput = z.input<typeof eventSettingsSchema>;
export type EventSettings = z.output<typeof eventSettingsSchema>;

/** Validates settings; throws a ZodError naming every bad setting. */
export function parseEventSettings(input: unknown): EventSettings {
  return eventSettingsSchema.parse(input);
}
