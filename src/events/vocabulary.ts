// The words of an event row: TikTok's event names and the seed's columns, and why a row is refused.

/** TikTok's standard event names for the Events API 2.0. */
export const STANDARD_EVENTS = [
  'AddPaymentInfo',
  'AddToCart',
  'AddToWishlist',
  'ApplicationApproval',
  'CompleteRegistration',
  'Contact',
  'CustomizeProduct',
  'Download',
  'FindLocation',
  'InitiateCheckout',
  'Lead',
  'Purchase',
  'Schedule',
  'Search',
  'StartTrial',
  'SubmitApplication',
  'Subscribe',
  'ViewContent',
] as const;

/** Older names the seed documents; TikTok still accepts them, so queries written for the seed keep working. */
export const LEGACY_EVENTS = ['CompletePayment', 'PlaceAnOrder'] as const;

export const EVENT_NAMES: readonly string[] = [...STANDARD_EVENTS, ...LEGACY_EVENTS];

export const EVENT_CHANNELS = ['email', 'website', 'phone_call', 'in_store', 'crm', 'other'] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];

/** TikTok fails the whole request when content_type is anything else. */
export const CONTENT_TYPES = ['product', 'product_group'] as const;

export const EVENT_SOURCES = ['web', 'offline'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** Every parameter of the seed's "Offline events parameters" table, i.e. the input columns we read. */
export const EVENT_FIELDS = [
  'agent',
  'brand',
  'content_category',
  'content_id',
  'content_name',
  'content_type',
  'cookie_id',
  'currency',
  'email',
  'event',
  'event_channel',
  'event_id',
  'event_set_id',
  'event_source',
  'ip',
  'order_id',
  'phone',
  'price',
  'quantity',
  'shop_id',
  'tiktok_click_id',
  'timestamp',
  'value',
] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

/**
 * Why an offline-event row is rejected. The codes are part of the product: they appear in run
 * reports and the API, so renaming one is a breaking change. Each has a description a user can act on.
 */
export const REJECT_REASONS = {
  email_missing: 'The row has no email; TikTok requires an email for every offline event.',
  email_invalid: 'The email is neither a valid address nor a SHA-256 hash (64 hexadecimal characters).',
  phone_invalid:
    'The phone number cannot be read as E.164 (a + followed by up to 15 digits), even with the default region, and is not a SHA-256 hash.',
  event_missing: 'The row has no event name and the settings do not fix one.',
  event_invalid: "The event name is not one of TikTok's supported event types.",
  event_id_invalid: 'The event_id contains control characters (such as a tab or a line break).',
  event_id_missing:
    'The row has no event_id and none can be derived, because deriving one needs a timestamp.',
  event_set_id_missing:
    'The row is an offline event with no event_set_id, and the settings (template or orchestration) give no offline event set ID.',
  event_set_id_invalid:
    "The event_set_id is not an event set of the row's event source: offline events need a numeric offline event set ID such as 7654321098765432109 (a pixel code is for web events: set event_source to web).",
  event_source_invalid: 'The event_source is neither "web" nor "offline".',
  pixel_code_missing:
    'The event source is "web", which needs the pixel code in event_set_id (the column, or the event set ID or pixel code setting), and none is given.',
  pixel_code_invalid:
    'The event source is "web", so the event_set_id must be the pixel code: uppercase letters and digits such as CEMULATORPIXEL0000001 (a numeric ID is an offline event set).',
  event_channel_invalid:
    'The event_channel is not one of email, website, phone_call, in_store, crm or other.',
  content_type_invalid:
    'The content_type is neither "product" nor "product_group", the only values TikTok accepts.',
  currency_invalid: 'The currency is not an ISO 4217 code such as USD.',
  timestamp_invalid:
    'The timestamp is neither ISO 8601 (e.g. 2024-05-01T10:30:00Z) nor Unix time in seconds or milliseconds.',
  outside_window:
    'The event happened more than 28 days ago or is in the future; TikTok does not attribute such events.',
  ip_invalid: 'The ip is not an IPv4 or IPv6 address.',
  price_invalid: 'The price is not a finite number greater than or equal to 0.',
  quantity_invalid: 'The quantity is not a positive whole number.',
  value_invalid: 'The value is not a finite number greater than or equal to 0.',
  field_invalid: 'A text field holds something that is not text (for example a nested object).',
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;

/** One rule a row breaks. `field` is the input column (a seed parameter name). */
export interface EventReject {
  reason: RejectReason;
  field: string;
  message: string;
}

/** True when `value` is one of the published reject codes. */
export function isRejectReason(value: unknown): value is RejectReason {
  return typeof value === 'string' && Object.hasOwn(REJECT_REASONS, value);
}

/**
 * Why the engine holds back rows or events that passed the row rules. Like REJECT_REASONS, these codes
 * appear in reports and rejects files; TikTok's own refusals appear as `tiktok_<code>`.
 */
export const SEND_REJECT_REASONS = {
  order_incomplete:
    'Another row of this order (same event_id) was rejected; the order is held back whole so that it is never sent with products missing. Fix that row and send again.',
  duplicate_event:
    'An event with the same event id, event name and event source was already built from earlier rows; TikTok would discard it as a duplicate.',
} as const;

export type SendRejectReason = keyof typeof SEND_REJECT_REASONS;

/** The description of any reject code: a row rule, an engine reason, or TikTok's `tiktok_<code>`. */
export function describeReason(code: string): string {
  if (isRejectReason(code)) return REJECT_REASONS[code];
  if (Object.hasOwn(SEND_REJECT_REASONS, code)) return SEND_REJECT_REASONS[code as SendRejectReason];
  const tiktok = /^tiktok_(.+)$/.exec(code);
  if (tiktok) return `TikTok refused the event (code ${tiktok[1]}); its message says which field is wrong.`;
  return code;
}

/**
 * A rule broken by one cell; `shown` is the offending value, given only for fields that hold no personal data.
 * `field` names the column at fault when a rule spanning several columns is broken (see finishRow).
 */
export class Rejection {
  constructor(
    readonly reason: RejectReason,
    readonly shown?: string,
    readonly field?: EventField,
  ) {}
}

/** The reject's description, with the offending value when it may be shown. */
export function describeRejection(rejection: Rejection): string {
  const description = REJECT_REASONS[rejection.reason];
  if (rejection.shown === undefined) return description;
  const shown = rejection.shown.length > 40 ? `${rejection.shown.slice(0, 40)}…` : rejection.shown;
  return `${description} Got "${shown}".`;
}
