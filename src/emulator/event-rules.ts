/** TikTok's rules for `event/track/` values, shared by the general checker and the byte-level one. */

export const EVENT_SOURCES = ['web', 'offline', 'crm', 'app'] as const;

/** TikTok's standard events, plus the older names still accepted. */
export const STANDARD_EVENTS: ReadonlySet<string> = new Set([
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
  'CompletePayment',
  'PlaceAnOrder',
]);

export const EVENT_CHANNELS: ReadonlySet<string> = new Set([
  'email',
  'website',
  'phone_call',
  'in_store',
  'crm',
  'other',
]);
export const MAX_EVENTS_PER_REQUEST = 1000;
export const MAX_AGE_S = 28 * 24 * 60 * 60;
export const MAX_FUTURE_S = 10 * 60;
export const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
