import { InvalidRequest, type TikTokApiError } from '../tiktok/index.js';
import type { EventField } from './vocabulary.js';

/**
 * Codes with which TikTok refuses the content of events (parameter error, PII not hashed): the fault is
 * in one or more events, which are set aside while the rest is sent again. Any other refusal (the event
 * set does not exist, a batch size TikTok does not take...) is about the request or the settings, and
 * ends the run instead of being charged to every event.
 */
export const EVENT_LEVEL_CODES: ReadonlySet<number> = new Set([40000, 40002, 40062]);

/** True when the error blames events of the batch rather than the request or the credentials. */
export function isEventLevel(error: unknown): error is InvalidRequest {
  return (
    error instanceof InvalidRequest && error.tiktokCode !== null && EVENT_LEVEL_CODES.has(error.tiktokCode)
  );
}

/** TikTok's path inside one event -> the input column it came from. */
const PATHS: readonly [RegExp, EventField][] = [
  [/^event_time\b/, 'timestamp'],
  [/^event_id\b/, 'event_id'],
  [/^event\b/, 'event'],
  [/^user\.email\b/, 'email'],
  [/^user\.phone\b/, 'phone'],
  [/^user\.ip\b/, 'ip'],
  [/^user\.user_agent\b/, 'agent'],
  [/^user\.ttp\b/, 'cookie_id'],
  [/^user\.ttclid\b/, 'tiktok_click_id'],
  [/^properties\.contents\[\d+\]\.price\b/, 'price'],
  [/^properties\.contents\[\d+\]\.quantity\b/, 'quantity'],
  [/^properties\.contents\[\d+\]\.content_id\b/, 'content_id'],
  [/^properties\.contents\[\d+\]\.content_category\b/, 'content_category'],
  [/^properties\.contents\[\d+\]\.content_name\b/, 'content_name'],
  [/^properties\.contents\[\d+\]\.brand\b/, 'brand'],
  [/^properties\.currency\b/, 'currency'],
  [/^properties\.value\b/, 'value'],
  [/^properties\.content_type\b/, 'content_type'],
  [/^properties\.order_id\b/, 'order_id'],
  [/^properties\.shop_id\b/, 'shop_id'],
  [/^properties\.event_channel\b/, 'event_channel'],
];

/** A refusal of one event by TikTok, as the report and the rejects file show it. */
export interface TikTokReject {
  /** `tiktok_<code>`, e.g. tiktok_40002. */
  reason: string;
  /** The input column TikTok named, or "(event)" when it named none we know. */
  field: string;
  /** TikTok's own message (it names fields, never values). */
  message: string;
}

/** Reason, field and message of a refusal; the field comes from the path after `data[N].` in TikTok's message. */
export function tiktokReject(error: TikTokApiError): TikTokReject {
  const path = /(?:^|[^\w])data\s*\[\s*\d+\s*\]\.([\w.[\]]+)/.exec(error.apiMessage)?.[1] ?? '';
  const field = PATHS.find(([pattern]) => pattern.test(path))?.[1] ?? '(event)';
  return { reason: `tiktok_${error.tiktokCode ?? 'error'}`, field, message: error.apiMessage };
}
