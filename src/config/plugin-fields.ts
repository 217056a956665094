import { z } from 'zod';
import { EVENT_SET_ID_EXAMPLE, isPixelCode, PIXEL_CODE_EXAMPLE } from '../tiktok/event-source-ids.js';

/**
 * The settings fields of the two TikTok plugins, with the seed's help text. Each is the "complete" form
 * (what a run needs); a destination or template holds any subset of them.
 */

/** TikTok's limit on custom audience names, in visible characters (grapheme clusters). */
export const MAX_AUDIENCE_NAME_LENGTH = 400;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Visible characters of a text (an emoji or accented letter counts once). */
export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n += 1;
  return n;
}

const nineteenDigits = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{19}$/, `${what} is a nineteen-digit number, e.g. 7654321098765432109`);

export const advertiserId = nineteenDigits('an advertiser ID').describe(
  'The advertiser ID of the TikTok Ads Manager account: a nineteen-character numeric string similar to ' +
    '"7654321098765432109". It is available from the drop-down menu in the top right of TikTok Ads Manager.',
);

export const additionalAdvertiserIds = z
  .array(nineteenDigits('an advertiser ID'))
  .refine((ids) => new Set(ids).size === ids.length, 'an advertiser ID is listed twice')
  .describe(
    'Other advertiser IDs of the same TikTok business account that the custom audience is also mapped to ' +
      '(optional; one send can map the same audience across several advertiser accounts of one business).',
  );

export const customAudienceName = z
  .string()
  .trim()
  .min(1, 'the custom audience name is empty')
  .refine((name) => visibleLength(name) <= MAX_AUDIENCE_NAME_LENGTH, {
    message: `a custom audience name may contain up to ${MAX_AUDIENCE_NAME_LENGTH} visible characters`,
  })
  .describe(
    'The name of the custom audience to be managed. If a custom audience already exists, the list of customers ' +
      'in that audience is updated to match the list sent; if it does not exist, it is added. Custom audiences ' +
      'are never deleted. Up to 400 visible characters.',
  );

/** User id types of the seed, in its order. */
export const USER_ID_TYPES = ['AAID', 'EMAIL', 'IDFA', 'PHONE'] as const;
export type UserIdType = (typeof USER_ID_TYPES)[number];
/** What campaigns send when nothing else is configured. */
export const DEFAULT_USER_ID_TYPES: readonly UserIdType[] = ['EMAIL', 'PHONE'];

export const userIdTypes = z
  .array(z.enum(USER_ID_TYPES))
  .min(1, 'choose at least one user ID type')
  .refine((types) => new Set(types).size === types.length, 'a user ID type is listed twice')
  .describe(
    'The user ID types sent: AAID (Google), EMAIL (email addresses), IDFA (Apple) or PHONE (phone numbers). ' +
      'EMAIL and PHONE are sent by default for campaigns; EMAIL most often leads to the best match rates.',
  );

/** An offline event set ID: nineteen digits, like an advertiser ID. */
const isNineteenDigits = (text: string): boolean => /^\d{19}$/.test(text);

// A refinement rather than a pattern: the generated form would show the pattern of either kind of id as a
// regular expression, while this message says what is expected in words.
export const eventSetId = z
  .string()
  .trim()
  .refine(
    (id) => isNineteenDigits(id) || isPixelCode(id),
    `an event set ID is a nineteen-digit number (offline events, e.g. ${EVENT_SET_ID_EXAMPLE}) or, for web ` +
      `events, the pixel code (uppercase letters and digits, e.g. ${PIXEL_CODE_EXAMPLE})`,
  )
  .describe(
    'The event set that events are sent to. Offline events: the offline event set ID, a nineteen-character ' +
      'numeric string similar to "7654321098765432109"; the event set must exist before data is sent to it: in ' +
      'TikTok Ads Manager open Assets, then Events, then Manage in the Offline box; the ID is under the name of ' +
      `each event set. Web events: the pixel code, e.g. "${PIXEL_CODE_EXAMPLE}" (Assets, Events, Web events); ` +
      'no offline event set is needed. If it is not set on the destination or the data template, it must be ' +
      'given at orchestration.',
  );

/** Event sources of the seed. */
export const EVENT_SOURCES = ['web', 'offline'] as const;

export const eventSource = z
  .enum(EVENT_SOURCES)
  .describe(
    'The type of events uploaded: "web" for events that took place on your website and were collected using ' +
      'the payload helper, or "offline" for events that took place in a physical store and are measured by an ' +
      'offline event set ID.',
  );

export const pixelCode = z
  .string()
  .trim()
  .refine(isPixelCode, `a pixel code is uppercase letters and digits, e.g. ${PIXEL_CODE_EXAMPLE}`)
  .describe(
    'Web events only: the TikTok pixel code that web events are sent to. An alias of the event set ID when the ' +
      'event source is web (set either, not both); it may also name the pixel of the web rows of an offline ' +
      'destination.',
  );
