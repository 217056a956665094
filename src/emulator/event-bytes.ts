import { isIP } from 'node:net';
import { COMMA, OPEN_ARRAY, CLOSE_ARRAY, JsonBytes } from './json-bytes.js';
import {
  boolean,
  give,
  hashed,
  Keys,
  memberKey,
  nextMember,
  openObject,
  plainNumber,
  plainString,
  seconds,
  text,
  Unusual,
  valueEnd,
  valueStart,
  Vocabulary,
  wasAscii,
} from './plain-values.js';
import { CURRENCIES, EVENT_CHANNELS, MAX_AGE_S, MAX_FUTURE_S, STANDARD_EVENTS } from './event-rules.js';

const MAX_EVENTS = 1000;

/**
 * The events of an `event/track/` body as byte ranges of the body, checked by TikTok's rules without
 * parsing them into objects: `start[i]`/`end[i]` bound event i's JSON object, `idStart[i]`/`idEnd[i]` its
 * `event_id` string's content (ASCII; -1 when it has none) and `names[i]` its name: what TikTok
 * de-duplicates on. Only the event store's inspection parses an event (by JSON.parse of its range), so
 * accepting 1,000 events costs neither objects nor strings nor their garbage.
 */
export interface CheckedEventBytes {
  body: Buffer;
  start: number[];
  end: number[];
  idStart: number[];
  idEnd: number[];
  names: string[];
}

const USER = new Keys(['email', 'phone', 'ttclid', 'ttp', 'user_agent', 'external_id', 'ip']);

function user(r: JsonBytes): void {
  if (!openObject(r)) return;
  let seen = 0;
  do {
    const key = memberKey(r, USER, seen);
    seen |= 1 << key;
    if (key <= 1) hashed(r);
    else if (key <= 5) plainString(r);
    else {
      plainString(r);
      if (isIP(text(r)) === 0) give();
    }
  } while (nextMember(r));
}

const CURRENCY = new Vocabulary(CURRENCIES);
const CHANNEL = new Vocabulary(EVENT_CHANNELS);
const CONTENT_TYPE = new Vocabulary(new Set(['product', 'product_group']));
const EVENT_NAME = new Vocabulary(STANDARD_EVENTS);
const CONTENT = new Keys(['price', 'quantity', 'content_id', 'content_category', 'content_name', 'brand']);

function content(r: JsonBytes): void {
  if (!openObject(r)) return;
  let seen = 0;
  do {
    const key = memberKey(r, CONTENT, seen);
    seen |= 1 << key;
    if (key <= 1) plainNumber(r);
    else plainString(r);
  } while (nextMember(r));
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

function contents(r: JsonBytes): void {
  if (!r.eat(OPEN_ARRAY)) give();
  if (r.eat(CLOSE_ARRAY)) return;
  do content(r);
  while (r.eat(COMMA));
  if (!r.eat(CLOSE_ARRAY)) give();
}

function properties(r: JsonBytes): void {
  if (!openObject(r)) return;
  let seen = 0;
  do {
    const key = memberKey(r, PROPERTIES, seen);
    seen |= 1 << key;
    if (key === 0) CURRENCY.read(r);
    else if (key === 1) plainNumber(r);
    else if (key === 2) CHANNEL.read(r);
    else if (key === 3) CONTENT_TYPE.read(r);
    else if (key === 4) contents(r);
    else plainString(r);
  } while (nextMember(r));
}

const PAGE = new Keys(['url', 'referrer']);

function page(r: JsonBytes): void {
  if (!openObject(r)) return;
  let seen = 0;
  do {
    seen |= 1 << memberKey(r, PAGE, seen);
    plainString(r);
  } while (nextMember(r));
}

const EVENT = new Keys(['event', 'event_time', 'event_id', 'limited_data_use', 'user', 'properties', 'page']);

/** One event at the reader; fills its id and name, checks every value. */
function event(r: JsonBytes, out: CheckedEventBytes, nowS: number): void {
  let name: string | undefined;
  let idStart = -1;
  let idEnd = -1;
  let time = false;
  if (openObject(r)) {
    let seen = 0;
    do {
      const key = memberKey(r, EVENT, seen);
      seen |= 1 << key;
      if (key === 0) name = EVENT_NAME.read(r);
      else if (key === 1) {
        const t = seconds(r);
        if (t < nowS - MAX_AGE_S || t > nowS + MAX_FUTURE_S) give();
        time = true;
      } else if (key === 2) {
        plainString(r);
        // An ASCII id's bytes are its characters; any other goes the general way (rare, and exact there).
        if (!wasAscii()) give();
        idStart = valueStart();
        idEnd = valueEnd();
      } else if (key === 3) boolean(r);
      else if (key === 4) user(r);
      else if (key === 5) properties(r);
      else page(r);
    } while (nextMember(r));
  }
  if (name === undefined || !time) give();
  out.idStart.push(idStart);
  out.idEnd.push(idEnd);
  out.names.push(name!);
}

/**
 * Checks the `data` array of an `event/track/` body at the reader's position, from its bytes. Returns
 * undefined when anything is unusual or breaks a rule (a value of another type, an escape, an unknown
 * key, an event TikTok refuses, ...): the caller then parses and checks the body the general way, which
 * words the answer. So an accepted body is accepted by both paths, and every refusal is the general one.
 */
export function checkEventBytes(r: JsonBytes, nowMs: number): CheckedEventBytes | undefined {
  const out: CheckedEventBytes = {
    body: r.buf,
    start: [],
    end: [],
    idStart: [],
    idEnd: [],
    names: [],
  };
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
