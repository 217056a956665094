import { isIP } from 'node:net';
import { ApiError } from './envelope.js';
import {
  CURRENCIES,
  EVENT_CHANNELS,
  MAX_AGE_S,
  MAX_EVENTS_PER_REQUEST,
  MAX_FUTURE_S,
  STANDARD_EVENTS,
} from './event-rules.js';
import { isRecord, isSha256Hex } from './validation.js';

export { EVENT_CHANNELS, EVENT_SOURCES, MAX_EVENTS_PER_REQUEST, STANDARD_EVENTS } from './event-rules.js';

type Obj = Record<string, unknown>;

function optionalObject(value: unknown, where: string): Obj {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new ApiError(40002, `${where} must be an object`);
  return value;
}

function checkString(obj: Obj, field: string, where: string): void {
  const v = obj[field];
  if (v !== undefined && v !== null && typeof v !== 'string')
    throw new ApiError(40002, `${where}.${field} must be a string`);
}

/** email/phone may be one hash or a list of hashes; plain values are a 40062. */
function checkHashed(user: Obj, field: 'email' | 'phone', where: string): void {
  const v = user[field];
  if (v === undefined || v === null || v === '') return;
  const values = Array.isArray(v) ? (v as unknown[]) : [v];
  if (!values.every(isSha256Hex))
    throw new ApiError(40062, `${where}.${field} is not hashed: expected a lowercase hex SHA-256`);
}

function checkUser(value: unknown, where: string): Obj {
  const user = optionalObject(value, where);
  checkHashed(user, 'email', where);
  checkHashed(user, 'phone', where);
  for (const f of ['ttclid', 'ttp', 'user_agent']) checkString(user, f, where);
  const ext = user.external_id;
  if (
    ext !== undefined &&
    typeof ext !== 'string' &&
    !(Array.isArray(ext) && ext.every((e) => typeof e === 'string'))
  )
    throw new ApiError(40002, `${where}.external_id must be a string or a list of strings`);
  if (user.ip !== undefined && (typeof user.ip !== 'string' || isIP(user.ip) === 0))
    throw new ApiError(40002, `${where}.ip is not an IPv4 or IPv6 address`);
  return user;
}

function checkProperties(value: unknown, where: string): Obj {
  const p = optionalObject(value, where);
  if (p.currency !== undefined && (typeof p.currency !== 'string' || !CURRENCIES.has(p.currency)))
    throw new ApiError(40002, `${where}.currency is not an ISO 4217 currency code`);
  if (p.value !== undefined && (typeof p.value !== 'number' || !Number.isFinite(p.value)))
    throw new ApiError(40002, `${where}.value must be a number`);
  if (
    p.event_channel !== undefined &&
    (typeof p.event_channel !== 'string' || !EVENT_CHANNELS.has(p.event_channel))
  )
    throw new ApiError(40002, `${where}.event_channel is not a supported channel`);
  if (p.content_type !== undefined && p.content_type !== 'product' && p.content_type !== 'product_group')
    throw new ApiError(40002, `${where}.content_type must be product or product_group`);
  for (const f of ['order_id', 'shop_id', 'description', 'query']) checkString(p, f, where);
  if (p.contents !== undefined) {
    if (!Array.isArray(p.contents)) throw new ApiError(40002, `${where}.contents must be an array`);
    p.contents.forEach((item: unknown, k) => {
      const at = `${where}.contents[${k}]`;
      if (!isRecord(item)) throw new ApiError(40002, `${at} must be an object`);
      for (const f of ['price', 'quantity'])
        if (item[f] !== undefined && (typeof item[f] !== 'number' || !Number.isFinite(item[f])))
          throw new ApiError(40002, `${at}.${f} must be a number`);
      for (const f of ['content_id', 'content_category', 'content_name', 'brand']) checkString(item, f, at);
    });
  }
  return p;
}

/**
 * Checks every event of an `event/track/` body by TikTok's rules; one bad event fails the request with
 * a message naming it (`data[3].event_time is out of range`). `nowMs` decides the 28-day window.
 * Returns the events as parsed (no copies): the event store keeps only the fields TikTok does.
 */
export function validateEvents(data: unknown, nowMs: number): Obj[] {
  if (!Array.isArray(data) || data.length === 0) throw new ApiError(40002, 'data must be a non-empty array');
  if (data.length > MAX_EVENTS_PER_REQUEST)
    throw new ApiError(
      40061,
      `data has ${data.length} events; at most ${MAX_EVENTS_PER_REQUEST} are allowed`,
    );
  const nowS = nowMs / 1000;
  for (let i = 0; i < data.length; i++) {
    const raw: unknown = data[i];
    const where = `data[${i}]`;
    if (!isRecord(raw)) throw new ApiError(40002, `${where} must be an object`);
    if (typeof raw.event !== 'string' || raw.event === '')
      throw new ApiError(40002, `${where}.event is required`);
    if (!STANDARD_EVENTS.has(raw.event))
      throw new ApiError(40002, `${where}.event "${raw.event}" is not a supported event`);
    const t = raw.event_time;
    if (typeof t !== 'number' || !Number.isInteger(t))
      throw new ApiError(40002, `${where}.event_time must be a unix timestamp in seconds`);
    if (t < nowS - MAX_AGE_S || t > nowS + MAX_FUTURE_S)
      throw new ApiError(40002, `${where}.event_time is out of range`);
    const id = raw.event_id;
    if (id !== undefined && typeof id !== 'string' && typeof id !== 'number')
      throw new ApiError(40002, `${where}.event_id must be a string`);
    if (raw.limited_data_use !== undefined && typeof raw.limited_data_use !== 'boolean')
      throw new ApiError(40002, `${where}.limited_data_use must be a boolean`);
    const page = optionalObject(raw.page, `${where}.page`);
    checkString(page, 'url', `${where}.page`);
    checkString(page, 'referrer', `${where}.page`);
    checkUser(raw.user, `${where}.user`);
    checkProperties(raw.properties, `${where}.properties`);
  }
  return data as Obj[];
}
