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
