import { sha256Hex } from '../identity/index.js';
import type { EventChannel, EventReject, EventSource } from './vocabulary.js';

/** The product part of a row: one entry of `properties.contents`. */
export interface EventContent {
  price?: number;
  quantity?: number;
  contentId?: string;
  contentCategory?: string;
  contentName?: string;
  brand?: string;
}

/** A valid row, normalised; identifiers are already SHA-256 so no raw personal data travels further. */
export interface EventRow {
  eventId: string;
  /** True when the row had no event_id and one was derived (see deriveEventId). */
  eventIdDerived: boolean;
  event: string;
  /** The row's event set: the offline event set id, or for a web event its pixel code. */
  eventSetId: string;
  eventSource: EventSource;
  /** Event set id for offline events, pixel code for web events (the same as eventSetId). */
  eventSourceId: string;
  /** Unix seconds. */
  eventTime: number;
  emailSha256: string;
  phoneSha256?: string;
  ip?: string;
  userAgent?: string;
  ttp?: string;
  ttclid?: string;
  currency?: string;
  value?: number;
  contentType?: string;
  orderId?: string;
  shopId?: string;
  eventChannel?: EventChannel;
  content?: EventContent;
  /** Where the row came from (1-based row number of the source), set by the sending engine. */
  sourceRow?: number;
}

export type RowResult = { ok: true; row: EventRow } | { ok: false; rejects: EventReject[] };

export interface EventIdInputs {
  emailSha256: string;
  phoneSha256?: string | undefined;
  event: string;
  /** Unix seconds. */
  eventTime: number;
}

/**
 * A 32-hex-character event id derived from the normalised identity, event name and time, so that sending
 * the same row again yields the same id and TikTok de-duplicates it. Hashed identifiers are used (not raw
 * ones) so a row carrying a plain email and one carrying its hash get the same id. The "v1" prefix lets a
 * future change of recipe avoid colliding with ids already sent.
 */
export function deriveEventId(inputs: EventIdInputs): string {
  const canonical = ['v1', inputs.emailSha256, inputs.phoneSha256 ?? '', inputs.event, inputs.eventTime].join(
    '|',
  );
  return sha256Hex(canonical).slice(0, 32);
}
