import { isIP } from 'node:net';
import { JsonBytes } from './json-bytes.js';
import { CURRENCIES, EVENT_CHANNELS, MAX_AGE_S, MAX_FUTURE_S, STANDARD_EVENTS } from './event-rules.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const MAX_EVENTS = 1000;

/**
 * The events of an `event/track/` body as byte ranges of the body, checked by TikTok's rules without
 * parsing them into objects: `start[i]`/`end[i]` bound event i's JSON object, `ids[i]` and `names[i]` are
 * what TikTok de-duplicates on. Only the event store's inspection parses an event (by JSON.parse of its
 * range), so accepting 1,000 events costs neither objects nor their garbage.
 */
export interface CheckedEventBytes {
  body: Buffer;
  start: number[];
  end: number[];
  ids: (string | undefined)[];
  names: string[];
}

/** Why the fast path gave up: the general path (JSON.parse + validateEvents) decides, and words the answer. */
class Unusual extends Error {}
const UNUSUAL = new Unusual();
const give = (): never => {
  throw UNUSUAL;
};

/** Whether the last plain string read was all ASCII (then Latin-1 decoding is a plain copy). */
let ascii = true;

/** A plain string (no escape, no control character) at the reader: its content's [start, end). */
function plainString(r: JsonBytes): [number, number] {
  if (r.peek() !== QUOTE) give();
  const b = r.buf;
  const start = r.pos + 1;
  let high = 0;
  let p = start;
  for (; p < b.length; p++) {
    const c = b[p]!;
    if (c === QUOTE) break;
    if (c === 0x5c || c < 0x20) give();
    high |= c;
  }
  if (p >= b.length) give();
  ascii = high < 0x80;
  r.pos = p + 1;
  return [start, p];
}

interface Slicing {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** The text of the string just read by plainString (decoded as the general path decodes the body). */
const text = (r: JsonBytes, [s, e]: [number, number]): string =>
  ascii ? (r.buf as unknown as Slicing).latin1Slice(s, e) : (r.buf as unknown as Slicing).utf8Slice(s, e);

/**
 * A closed list of allowed values (event names, currencies, ...) read from bytes: the values met are
 * remembered with their bytes, so a value seen before costs a byte comparison, not a string.
 */
class Vocabulary {
  private readonly seen: { bytes: Buffer; value: string }[] = [];
  constructor(private readonly allowed: ReadonlySet<string>) {}

  /** The allowed value at the reader; anything else is unusual. */
  read(r: JsonBytes): string {
    const [s, e] = plainString(r);
    const b = r.buf;
    const length = e - s;
    for (const known of this.seen) {
      const k = known.bytes;
      if (k.length !== length) continue;
      let i = 0;
      while (i < length && b[s + i] === k[i]) i++;
      if (i === length) return known.value;
    }
    const value = text(r, [s, e]);
    if (!this.allowed.has(value)) give();
    if (this.seen.length < 64) this.seen.push({ bytes: Buffer.from(b.subarray(s, e)), value });
    return value;
  }
}

/** A number in the plain form -?digits(.digits)? (always finite); anything else is unusual. */
function plainNumber(r: JsonBytes): [number, number] {
  const b = r.buf;
  r.peek();
  const start = r.pos;
  let p = start;
  if (b[p] === 0x2d) p++;
  const digits = p;
  if (b[p] === 0x30) p++;
  else while (b[p]! >= 0x30 && b[p]! <= 0x39) p++;
  if (p === digits) give();
  if (b[p] === 0x2e) {
    const frac = ++p;
    while (b[p]! >= 0x30 && b[p]! <= 0x39) p++;
    if (p === frac) give();
  }
  const c = b[p];
  if (c === 0x65 || c === 0x45 || (c! >= 0x30 && c! <= 0x39) || p - start > 24) give();
  r.pos = p;
  return [start, p];
}

/** A whole number of seconds written as plain digits (a fraction, a sign or 16+ digits: unusual). */
function seconds(r: JsonBytes): number {
  const [s, e] = plainNumber(r);
  const b = r.buf;
  if (e - s > 15) give();
  let t = 0;
  for (let p = s; p < e; p++) {
    const c = b[p]!;
    if (c < 0x30 || c > 0x39) give();
    t = t * 10 + (c - 0x30);
  }
  return t;
}

const SHA256_LENGTH = 64;

/** One lowercase hex SHA-256 ('' too when `orEmpty`: a lone empty value is absent). */
function hash(r: JsonBytes, orEmpty: boolean): void {
  const [s, e] = plainString(r);
  if (e === s && orEmpty) return;
  if (e - s !== SHA256_LENGTH) give();
  const b = r.buf;
  for (let p = s; p < e; p++) {
    const c = b[p]!;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) give();
  }
}

/** email/phone: one hash or a list of hashes. */
function hashed(r: JsonBytes): void {
  if (!r.eat(OPEN_ARRAY)) return hash(r, true);
  if (r.eat(CLOSE_ARRAY)) return;
  do hash(r, false);
  while (r.eat(COMMA));
  if (!r.eat(CLOSE_ARRAY)) give();
}

/** The keys an object may have, as bytes; a key is found by comparing bytes (no string per key). */
class Keys {
  private readonly bytes: Buffer[];
  constructor(readonly names: readonly string[]) {
    this.bytes = names.map((n) => Buffer.from(n, 'latin1'));
  }

  /** Index of the key in [s, e) of `b`; an unknown key is unusual. */
  find(b: Buffer, s: number, e: number): number {
    const length = e - s;
    for (let k = 0; k < this.bytes.length; k++) {
      const key = this.bytes[k]!;
      if (key.length !== length) continue;
      let i = 0;
      while (i < length && b[s + i] === key[i]) i++;
      if (i === length) return k;
    }
    return give();
  }
}

/** Reads an object's members, each known key at most once, handing each value to `member` (which consumes it). */
function members(r: JsonBytes, keys: Keys, member: (key: number) => void): void {
  if (!r.eat(OPEN_OBJECT)) give();
  if (r.eat(CLOSE_OBJECT)) return;
  let seen = 0;
  do {
    const [s, e] = plainString(r);
    const key = keys.find(r.buf, s, e);
    // JSON.parse keeps the last of repeated keys: the general path decides those.
    if (seen & (1 << key)) give();
    seen |= 1 << key;
    if (!r.eat(COLON)) give();
    member(key);
  } while (r.eat(COMMA));
  if (!r.eat(CLOSE_OBJECT)) give();
}

const USER = new Keys(['email', 'phone', 'ttclid', 'ttp', 'user_agent', 'external_id', 'ip']);

function user(r: JsonBytes): void {
  members(r, USER, (key) => {
    if (key <= 1) hashed(r);
    else if (key <= 5) plainString(r);
    else if (isIP(text(r, plainString(r))) === 0) give();
  });
}

const CURRENCY = new Vocabulary(CURRENCIES);
const CHANNEL = new Vocabulary(EVENT_CHANNELS);
const CONTENT_TYPE = new Vocabulary(new Set(['product', 'product_group']));
const EVENT_NAME = new Vocabulary(STANDARD_EVENTS);
const CONTENT = new Keys(['price', 'quantity', 'content_id', 'content_category', 'content_name', 'brand']);

function content(r: JsonBytes): void {
  members(r, CONTENT, (key) => {
    if (key <= 1) plainNumber(r);
    else plainString(r);
  });
}

const PROPERTIES = new Keys([
  'currency',
  'value',
  'event_channel',
  'content_type',
  'contents',
  'order_id',
  'shop_id',
  'description',
  'query',
]);

function properties(r: JsonBytes): void {
  members(r, PROPERTIES, (key) => {
    if (key === 0) CURRENCY.read(r);
    else if (key === 1) plainNumber(r);
    else if (key === 2) CHANNEL.read(r);
    else if (key === 3) CONTENT_TYPE.read(r);
    else if (key === 4) {
      if (!r.eat(OPEN_ARRAY)) give();
      if (r.eat(CLOSE_ARRAY)) return;
      do content(r);
      while (r.eat(COMMA));
      if (!r.eat(CLOSE_ARRAY)) give();
    } else plainString(r);
  });
}

const PAGE = new Keys(['url', 'referrer']);

function page(r: JsonBytes): void {
  members(r, PAGE, () => plainString(r));
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

function boolean(r: JsonBytes): void {
  const b = r.buf;
  r.peek();
  const word = b[r.pos] === 0x74 ? TRUE : FALSE;
  for (let i = 0; i < word.length; i++) if (b[r.pos + i] !== word[i]) give();
  r.pos += word.length;
}

const EVENT = new Keys(['event', 'event_time', 'event_id', 'limited_data_use', 'user', 'properties', 'page']);

/** One event at the reader; fills its id and name, checks every value. */
function event(r: JsonBytes, out: CheckedEventBytes, nowS: number): void {
  let name: string | undefined;
  let id: string | undefined;
  let time = false;
  members(r, EVENT, (key) => {
    if (key === 0) name = EVENT_NAME.read(r);
    else if (key === 1) {
      const t = seconds(r);
      if (t < nowS - MAX_AGE_S || t > nowS + MAX_FUTURE_S) give();
      time = true;
    } else if (key === 2) id = text(r, plainString(r));
    else if (key === 3) boolean(r);
    else if (key === 4) user(r);
    else if (key === 5) properties(r);
    else page(r);
  });
  if (name === undefined || !time) give();
  out.ids.push(id);
  out.names.push(name!);
}

/**
 * Checks the `data` array of an `event/track/` body at the reader's position, from its bytes. Returns
 * undefined when anything is unusual or breaks a rule (a value of another type, an escape, an unknown
 * key, an event TikTok refuses, ...): the caller then parses and checks the body the general way, which
 * words the answer. So an accepted body is accepted by both paths, and every refusal is the general one.
 */
export function checkEventBytes(r: JsonBytes, nowMs: number): CheckedEventBytes | undefined {
  const out: CheckedEventBytes = { body: r.buf, start: [], end: [], ids: [], names: [] };
  const nowS = nowMs / 1000;
  try {
    if (!r.eat(OPEN_ARRAY) || r.eat(CLOSE_ARRAY)) return undefined;
    do {
      r.peek();
      out.start.push(r.pos);
      event(r, out, nowS);
      out.end.push(r.pos);
      if (out.start.length > MAX_EVENTS) return undefined;
    } while (r.eat(COMMA));
    return r.eat(CLOSE_ARRAY) ? out : undefined;
  } catch (error) {
    if (error instanceof Unusual) return undefined;
    throw error;
  }
}
