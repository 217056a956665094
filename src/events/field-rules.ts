// Each column of an event row: its cell read as text, then its rule (the table both validators run).

import { isIP } from 'node:net';
import { hashValue, phoneRegion, type PhoneRegion } from '../identity/index.js';
import { isWithinWindow, parseTimestamp } from './event-time.js';
import type { EventSettings } from './settings.js';
import {
  CONTENT_TYPES,
  EVENT_CHANNELS,
  EVENT_NAMES,
  EVENT_SOURCES,
  Rejection,
  type EventChannel,
  type EventField,
  type EventSource,
} from './vocabulary.js';

/** Marks an input cell that cannot be read as text at all (an object, an array, a boolean, an invalid Date). */
export const NOT_TEXT = Symbol('not text');

/**
 * Reads an input cell as trimmed text. Files give strings; database drivers may give numbers, bigints or
 * Dates, which are turned into their usual text. Null, undefined and blank cells are absent (undefined).
 */
export function cellText(value: unknown): string | undefined | typeof NOT_TEXT {
  if (value === null || value === undefined) return undefined;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
  else if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return NOT_TEXT;
    text = value.toISOString();
  } else return NOT_TEXT;
  text = text.trim();
  return text === '' ? undefined : text;
}

const DECIMAL = /^[+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** A finite number >= 0 written in plain decimal (no thousands separators, no hex), else null. */
export function parseNonNegative(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** A whole number >= 1 ("2" or "2.0"), else null. */
export function parsePositiveInteger(text: string): number | null {
  const n = parseNonNegative(text);
  return n !== null && Number.isSafeInteger(n) && n >= 1 ? n : null;
}

let currencies: ReadonlySet<string> | undefined;

/** The upper-cased ISO 4217 code when `text` is one this runtime knows, else null. */
export function parseCurrency(text: string): string | null {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  const code = text.toUpperCase();
  return currencies.has(code) ? code : null;
}

/** The address as given when it is IPv4 or IPv6 (full or compressed), else null. */
export function parseIp(text: string): string | null {
  return isIP(text) === 0 ? null : text;
}

const lookups = new WeakMap<readonly string[], Map<string, string>>();

/** The canonical spelling from `allowed` that matches `text` ignoring case, else null. */
export function matchIgnoringCase<T extends string>(text: string, allowed: readonly T[]): T | null {
  // Built once per vocabulary: this runs for several columns of every row.
  let lookup = lookups.get(allowed);
  if (!lookup) {
    lookup = new Map(allowed.flatMap((c) => [[c.toLowerCase(), c] as const, [c, c] as const]));
    lookups.set(allowed, lookup);
  }
  return (lookup.get(text) as T | undefined) ?? (lookup.get(text.toLowerCase()) as T | undefined) ?? null;
}

/** The value of each input column once its rule passed (text columns stay text, absent is undefined). */
export interface FieldValues {
  agent: string | undefined;
  brand: string | undefined;
  content_category: string | undefined;
  content_id: string | undefined;
  content_name: string | undefined;
  content_type: string | undefined;
  cookie_id: string | undefined;
  currency: string | undefined;
  /** SHA-256 of the normalised email. */
  email: string;
  event: string;
  event_channel: EventChannel | undefined;
  event_id: string | undefined;
  /** The row's own event_set_id (the settings fill a blank one in finishRow). */
  event_set_id: string | undefined;
  event_source: EventSource;
  ip: string | undefined;
  order_id: string | undefined;
  /** SHA-256 of the E.164 phone. */
  phone: string | undefined;
  price: number | undefined;
  quantity: number | undefined;
  shop_id: string | undefined;
  tiktok_click_id: string | undefined;
  /** Epoch milliseconds. */
  timestamp: number | undefined;
  value: number | undefined;
}

/** One column's rule: the cell as trimmed text (undefined when blank) to its value, or why it is refused. */
export type FieldRule<T> = (text: string | undefined) => T | Rejection;
export type FieldRules = { [F in EventField]: FieldRule<FieldValues[F]> };

/**
 * True when the text holds a control character (U+0000-U+001F, U+007F): they have no business in an id, and
 * the journal and the DuckDB transfer use some of them as separators.
 */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 127) return true;
  }
  return false;
}

function optional<T>(reason: Rejection['reason'], parse: (text: string) => T | null, showValue = false) {
  return (text: string | undefined): T | undefined | Rejection => {
    if (text === undefined) return undefined;
    const value = parse(text);
    return value ?? new Rejection(reason, showValue ? text : undefined);
  };
}

const text = (t: string | undefined): string | undefined => t;

function hashed(type: 'EMAIL' | 'PHONE', t: string, region: PhoneRegion): string | null {
  const hash = hashValue(type, t, region);
  return typeof hash === 'string' ? hash : null;
}

/**
 * The rules of every seed parameter, bound to one send's settings and to `nowMs` (the instant the
 * 28-day window is measured from). Both the zod schema and the fast validator run these, so they
 * cannot disagree.
 */
export function createFieldRules(settings: EventSettings, nowMs: number): FieldRules {
  const region = phoneRegion(settings.defaultRegion);
  const number = (reason: 'price_invalid' | 'value_invalid') => optional(reason, parseNonNegative, true);
  return {
    agent: text,
    brand: text,
    content_category: text,
    content_id: text,
    content_name: text,
    content_type: optional('content_type_invalid', (t) => matchIgnoringCase(t, CONTENT_TYPES), true),
    cookie_id: text,
    currency: optional('currency_invalid', parseCurrency, true),
    email: (t) =>
      t === undefined
        ? new Rejection('email_missing')
        : (hashed('EMAIL', t, region) ?? new Rejection('email_invalid')),
    event: (t) => {
      const name = settings.fixedEvent ?? t;
      if (name === undefined) return new Rejection('event_missing');
      return matchIgnoringCase(name, EVENT_NAMES) ?? new Rejection('event_invalid', name);
    },
    event_channel: optional('event_channel_invalid', (t) => matchIgnoringCase(t, EVENT_CHANNELS), true),
    event_id: (t) => (t !== undefined && hasControlCharacter(t) ? new Rejection('event_id_invalid') : t),
    // Which kind of id the row needs depends on its event source: eventSourceIdOf (in finishRow) checks that.
    // Here only an id of neither kind is refused, so that it is reported with the row's other faults.
    event_set_id: (t) =>
      t === undefined || /^[A-Za-z0-9]+$/.test(t) ? t : new Rejection('event_set_id_invalid', t),
    event_source: (t) => {
      if (t === undefined) return settings.eventSource ?? 'offline';
      return matchIgnoringCase(t, EVENT_SOURCES) ?? new Rejection('event_source_invalid', t);
    },
    ip: optional('ip_invalid', parseIp),
    order_id: text,
    phone: optional('phone_invalid', (t) => hashed('PHONE', t, region)),
    price: number('price_invalid'),
    quantity: optional('quantity_invalid', parsePositiveInteger, true),
    shop_id: text,
    tiktok_click_id: text,
    timestamp: (t) => {
      if (t === undefined) return undefined;
      const ms = parseTimestamp(t, settings.timeZone);
      if (ms === null) return new Rejection('timestamp_invalid', t);
      // Judge the whole second that is sent, so an event accepted here is not out of range at TikTok.
      const sentMs = Math.floor(ms / 1000) * 1000;
      return isWithinWindow(sentMs, nowMs, settings.clockSkewSeconds)
        ? ms
        : new Rejection('outside_window', t);
    },
    value: number('value_invalid'),
  };
}
