// Validating a row: each column's rule (field-rules.ts), then the rules spanning columns, into an EventRow.

import { isOfflineEventSetId, isPixelCode } from '../tiktok/event-source-ids.js';
import { deriveEventId, type EventContent, type EventRow, type RowResult } from './event-row.js';
import { cellText, createFieldRules, NOT_TEXT, type FieldRule, type FieldValues } from './field-rules.js';
import type { EventSettings } from './settings.js';
import {
  describeRejection,
  EVENT_FIELDS,
  REJECT_REASONS,
  Rejection,
  type EventField,
  type EventReject,
  type EventSource,
} from './vocabulary.js';

/**
 * The event source id of one row, i.e. what its event_set_id names once its event source is known: for
 * `web` the pixel code (the row's event_set_id, else the pixel code of the settings), for `offline` the
 * numeric offline event set id (the row's, else the settings'). A web row never needs an offline event
 * set, and an id of the wrong kind is refused with a reason saying which kind the source takes.
 */
export function eventSourceIdOf(
  rowId: string | undefined,
  source: EventSource,
  settings: Pick<EventSettings, 'eventSetId' | 'pixelCode'>,
): string | Rejection {
  if (source === 'web') {
    const pixel = rowId ?? settings.pixelCode;
    if (pixel === undefined) return new Rejection('pixel_code_missing', undefined, 'event_set_id');
    return isPixelCode(pixel) ? pixel : new Rejection('pixel_code_invalid', pixel, 'event_set_id');
  }
  const id = rowId ?? settings.eventSetId;
  if (id === undefined) return new Rejection('event_set_id_missing', undefined, 'event_set_id');
  return isOfflineEventSetId(id) ? id : new Rejection('event_set_id_invalid', id, 'event_set_id');
}

/** FieldValues from values listed in EVENT_FIELDS order (fields always added in that order: one shape). */
export function fieldValuesOf(v: readonly unknown[]): FieldValues {
  return assignFieldValues({} as FieldValues, v);
}

/**
 * Sets every field of `into` from values in EVENT_FIELDS order, so that a validator reuses one object
 * (finishRow copies what it keeps): a 23-field object per row was a sizeable share of a send's garbage.
 */
function assignFieldValues(into: FieldValues, v: readonly unknown[]): FieldValues {
  const o = into as unknown as Record<keyof FieldValues, unknown>;
  o.agent = v[0];
  o.brand = v[1];
  o.content_category = v[2];
  o.content_id = v[3];
  o.content_name = v[4];
  o.content_type = v[5];
  o.cookie_id = v[6];
  o.currency = v[7];
  o.email = v[8];
  o.event = v[9];
  o.event_channel = v[10];
  o.event_id = v[11];
  o.event_set_id = v[12];
  o.event_source = v[13];
  o.ip = v[14];
  o.order_id = v[15];
  o.phone = v[16];
  o.price = v[17];
  o.quantity = v[18];
  o.shop_id = v[19];
  o.tiktok_click_id = v[20];
  o.timestamp = v[21];
  o.value = v[22];
  return into;
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

/**
 * A validator over positional cells: `cells[offset + i]` is the value of `fields[i]`; seed parameters
 * missing from `fields` count as blank. The offset lets a caller validate rows of one flat block in place.
 * It runs the same rules as the zod schema (field-rules.ts) in a plain loop,
 * which is several times faster per row and what lets the engine validate a million rows in seconds.
 * Rejects come in the schema's order (seed parameters alphabetically), one per broken rule.
 */
export function createFieldValidator(
  settings: EventSettings,
  nowMs: number,
  fields: readonly EventField[],
): (cells: ArrayLike<unknown>, offset?: number) => RowResult {
  for (const field of fields) {
    if (!EVENT_FIELDS.includes(field)) throw new RangeError(`unknown event field "${field}"`);
  }
  const rules = createFieldRules(settings, nowMs);
  const ruleList = EVENT_FIELDS.map((field) => rules[field] as FieldRule<unknown>);
  const positions = EVENT_FIELDS.map((field) => fields.indexOf(field));
  const count = EVENT_FIELDS.length;
  const values: unknown[] = new Array(count);
  const fieldValues = fieldValuesOf(values);
  return (cells, offset = 0) => {
    let rejects: EventReject[] | undefined;
    for (let i = 0; i < count; i++) {
      const at = positions[i]!;
      const text = at < 0 ? undefined : cellText(cells[offset + at]);
      const result = text === NOT_TEXT ? new Rejection('field_invalid') : ruleList[i]!(text);
      if (result instanceof Rejection) {
        const field = EVENT_FIELDS[i]!;
        (rejects ??= []).push({ reason: result.reason, field, message: describeRejection(result) });
      } else values[i] = result;
    }
    if (rejects) return { ok: false, rejects };
    const row = finishRow(assignFieldValues(fieldValues, values), settings, nowMs);
    if (row instanceof Rejection) {
      return {
        ok: false,
        rejects: [{ reason: row.reason, field: row.field ?? 'event_id', message: describeRejection(row) }],
      };
    }
    return { ok: true, row };
  };
}

/**
 * A validator for one send: call it on each input row (an object keyed by seed parameter names). Same
 * results as {@link createEventRowSchema}, without zod's per-row overhead (see createFieldValidator).
 */
export function createRowValidator(settings: EventSettings, nowMs: number): (raw: unknown) => RowResult {
  const validate = createFieldValidator(settings, nowMs, EVENT_FIELDS);
  const values: unknown[] = new Array(EVENT_FIELDS.length);
  return (raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return {
        ok: false,
        rejects: [{ reason: 'field_invalid', field: '(row)', message: REJECT_REASONS.field_invalid }],
      };
    }
    const record = raw as Record<string, unknown>;
    for (let i = 0; i < EVENT_FIELDS.length; i++) values[i] = record[EVENT_FIELDS[i]!];
    return validate(values);
  };
}
