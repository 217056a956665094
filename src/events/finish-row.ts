import { Rejection } from './columns.js';
import { deriveEventId } from './event-id.js';
import { eventSourceIdOf } from './event-source-id.js';
import type { FieldValues } from './field-rules.js';
import type { EventContent, EventRow } from './event-row.js';
import type { EventSettings } from './settings.js';

/** FieldValues from values listed in EVENT_FIELDS order; one object literal, so every row gets one shape. */
export function fieldValuesOf(v: readonly unknown[]): FieldValues {
  return {
    agent: v[0],
    brand: v[1],
    content_category: v[2],
    content_id: v[3],
    content_name: v[4],
    content_type: v[5],
    cookie_id: v[6],
    currency: v[7],
    email: v[8],
    event: v[9],
    event_channel: v[10],
    event_id: v[11],
    event_set_id: v[12],
    event_source: v[13],
    ip: v[14],
    order_id: v[15],
    phone: v[16],
    price: v[17],
    quantity: v[18],
    shop_id: v[19],
    tiktok_click_id: v[20],
    timestamp: v[21],
    value: v[22],
  } as FieldValues;
}

function content(v: FieldValues): EventContent | undefined {
  const c: EventContent = {};
  if (v.price !== undefined) c.price = v.price;
  if (v.quantity !== undefined) c.quantity = v.quantity;
  if (v.content_id !== undefined) c.contentId = v.content_id;
  if (v.content_category !== undefined) c.contentCategory = v.content_category;
  if (v.content_name !== undefined) c.contentName = v.content_name;
  if (v.brand !== undefined) c.brand = v.brand;
  const any =
    v.price !== undefined ||
    v.quantity !== undefined ||
    v.content_id !== undefined ||
    v.content_category !== undefined ||
    v.content_name !== undefined ||
    v.brand !== undefined;
  return any ? c : undefined;
}

/**
 * Builds the normalised row from checked column values: picks the event source id (the pixel code of a
 * web row, the offline event set id of an offline one; see eventSourceIdOf), derives a missing event id
 * and leaves out every empty field. A row with neither event_id nor timestamp is refused: it would be
 * dated at the send, so its derived id would differ from one send to the next. A refusal names its
 * column in `field` (event_id when not set).
 */
export function finishRow(v: FieldValues, settings: EventSettings, nowMs: number): EventRow | Rejection {
  const sourceId = eventSourceIdOf(v.event_set_id, v.event_source, settings);
  if (sourceId instanceof Rejection) return sourceId;
  if (v.event_id === undefined && v.timestamp === undefined) return new Rejection('event_id_missing');
  const eventTime = Math.floor((v.timestamp ?? nowMs) / 1000);
  const row: EventRow = {
    eventId:
      v.event_id ?? deriveEventId({ emailSha256: v.email, phoneSha256: v.phone, event: v.event, eventTime }),
    eventIdDerived: v.event_id === undefined,
    event: v.event,
    eventSetId: sourceId,
    eventSource: v.event_source,
    eventSourceId: sourceId,
    eventTime,
    emailSha256: v.email,
  };
  if (v.phone !== undefined) row.phoneSha256 = v.phone;
  if (v.ip !== undefined) row.ip = v.ip;
  if (v.agent !== undefined) row.userAgent = v.agent;
  if (v.cookie_id !== undefined) row.ttp = v.cookie_id;
  if (v.tiktok_click_id !== undefined) row.ttclid = v.tiktok_click_id;
  if (v.currency !== undefined) row.currency = v.currency;
  if (v.value !== undefined) row.value = v.value;
  if (v.content_type !== undefined) row.contentType = v.content_type;
  if (v.order_id !== undefined) row.orderId = v.order_id;
  if (v.shop_id !== undefined) row.shopId = v.shop_id;
  if (v.event_channel !== undefined) row.eventChannel = v.event_channel;
  const c = content(v);
  if (c) row.content = c;
  return row;
}
