import { z } from 'zod';
import { compact } from './compact.js';
import { column, optionalColumn, Rejection, textColumn } from './columns.js';
import { deriveEventId } from './event-id.js';
import {
  matchIgnoringCase,
  parseCurrency,
  parseIp,
  parseNonNegative,
  parsePositiveInteger,
} from './fields.js';
import { hashContact } from './identifiers.js';
import { isRejectReason, REJECT_REASONS, type EventReject } from './reasons.js';
import type { EventSettings } from './settings.js';
import { parseTimestamp } from './timestamp.js';
import {
  CONTENT_TYPES,
  EVENT_CHANNELS,
  EVENT_NAMES,
  EVENT_SOURCES,
  type EventChannel,
  type EventSource,
} from './vocabulary.js';
import { isWithinWindow } from './window.js';

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
  eventSetId: string;
  eventSource: EventSource;
  /** Event set id for offline events, pixel code for web events. */
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
}

export type RowResult = { ok: true; row: EventRow } | { ok: false; rejects: EventReject[] };

/**
 * The zod schema of an input row (the seed's offline-event parameters, values as text), bound to the send's
 * settings and to `nowMs`, the instant the 28-day window is measured from. Parsing yields an {@link EventRow};
 * each broken rule is a custom issue whose `params.reason` is a reject code.
 */
export function createEventRowSchema(settings: EventSettings, nowMs: number) {
  const optionalNumber = (reason: 'price_invalid' | 'value_invalid') =>
    optionalColumn(reason, parseNonNegative, true);
  return z
    .object({
      agent: textColumn(),
      brand: textColumn(),
      content_category: textColumn(),
      content_id: textColumn(),
      content_name: textColumn(),
      content_type: optionalColumn('content_type_invalid', (t) => matchIgnoringCase(t, CONTENT_TYPES), true),
      cookie_id: textColumn(),
      currency: optionalColumn('currency_invalid', parseCurrency, true),
      email: column((t) =>
        t === undefined
          ? new Rejection('email_missing')
          : (hashContact('EMAIL', t, settings.defaultRegion) ?? new Rejection('email_invalid')),
      ),
      event: column((t) => {
        const name = settings.fixedEvent ?? t;
        if (name === undefined) return new Rejection('event_missing');
        return matchIgnoringCase(name, EVENT_NAMES) ?? new Rejection('event_invalid', name);
      }),
      event_channel: optionalColumn(
        'event_channel_invalid',
        (t) => matchIgnoringCase(t, EVENT_CHANNELS),
        true,
      ),
      event_id: textColumn(),
      event_set_id: column((t) => {
        const id = t ?? settings.eventSetId;
        if (id === undefined) return new Rejection('event_set_id_missing');
        return /^\d+$/.test(id) ? id : new Rejection('event_set_id_invalid', id);
      }),
      event_source: column((t): EventSource | Rejection => {
        const source =
          t === undefined ? (settings.eventSource ?? 'offline') : matchIgnoringCase(t, EVENT_SOURCES);
        if (source === null) return new Rejection('event_source_invalid', t);
        return source === 'web' && settings.pixelCode === undefined
          ? new Rejection('pixel_code_missing')
          : source;
      }),
      ip: optionalColumn('ip_invalid', parseIp),
      order_id: textColumn(),
      phone: optionalColumn('phone_invalid', (t) => hashContact('PHONE', t, settings.defaultRegion)),
      price: optionalNumber('price_invalid'),
      quantity: optionalColumn('quantity_invalid', parsePositiveInteger, true),
      shop_id: textColumn(),
      tiktok_click_id: textColumn(),
      timestamp: column((t) => {
        if (t === undefined) return undefined;
        const ms = parseTimestamp(t, settings.timeZone);
        if (ms === null) return new Rejection('timestamp_invalid', t);
        // Judge the whole second that is sent, so an event accepted here is not out of range at TikTok.
        const sentMs = Math.floor(ms / 1000) * 1000;
        return isWithinWindow(sentMs, nowMs, settings.clockSkewSeconds)
          ? ms
          : new Rejection('outside_window', t);
      }),
      value: optionalNumber('value_invalid'),
    })
    .transform((r, ctx): EventRow => {
      // Without a timestamp the event is dated at the send, which would make a derived id differ per send.
      if (r.event_id === undefined && r.timestamp === undefined) {
        const reason = 'event_id_missing';
        ctx.addIssue({
          code: 'custom',
          message: REJECT_REASONS[reason],
          path: ['event_id'],
          params: { reason },
        });
        return z.NEVER;
      }
      const eventTime = Math.floor((r.timestamp ?? nowMs) / 1000);
      const identity = { emailSha256: r.email, phoneSha256: r.phone, event: r.event, eventTime };
      const content = compact<EventContent>({
        price: r.price,
        quantity: r.quantity,
        contentId: r.content_id,
        contentCategory: r.content_category,
        contentName: r.content_name,
        brand: r.brand,
      });
      return compact<EventRow>({
        eventId: r.event_id ?? deriveEventId(identity),
        eventIdDerived: r.event_id === undefined,
        event: r.event,
        eventSetId: r.event_set_id,
        eventSource: r.event_source,
        eventSourceId: r.event_source === 'web' ? (settings.pixelCode ?? '') : r.event_set_id,
        eventTime,
        emailSha256: r.email,
        phoneSha256: r.phone,
        ip: r.ip,
        userAgent: r.agent,
        ttp: r.cookie_id,
        ttclid: r.tiktok_click_id,
        currency: r.currency,
        value: r.value,
        contentType: r.content_type,
        orderId: r.order_id,
        shopId: r.shop_id,
        eventChannel: r.event_channel,
        content: Object.keys(content).length > 0 ? content : undefined,
      });
    });
}

export type EventRowSchema = ReturnType<typeof createEventRowSchema>;

/** Turns zod issues into rejects; issues not raised by our columns (e.g. a row that is not an object) become field_invalid. */
export function issuesToRejects(issues: readonly z.core.$ZodIssue[]): EventReject[] {
  return issues.map((issue) => {
    const params = issue.code === 'custom' ? (issue.params as { reason?: unknown } | undefined) : undefined;
    const reason = isRejectReason(params?.reason) ? params.reason : 'field_invalid';
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(row)';
    return { reason, field, message: issue.message };
  });
}

/** A validator for one send: call it on each input row. */
export function createRowValidator(settings: EventSettings, nowMs: number): (raw: unknown) => RowResult {
  const schema = createEventRowSchema(settings, nowMs);
  return (raw) => {
    const parsed = schema.safeParse(raw);
    return parsed.success
      ? { ok: true, row: parsed.data }
      : { ok: false, rejects: issuesToRejects(parsed.error.issues) };
  };
}
