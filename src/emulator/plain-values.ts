import {
  QUOTE,
  COMMA,
  COLON,
  OPEN_ARRAY,
  CLOSE_ARRAY,
  OPEN_OBJECT,
  CLOSE_OBJECT,
  type JsonBytes,
} from './json-bytes.js';
import { HEX_PAIR } from './hex-pairs.js';

/*
 * Plain JSON values read from a request body's bytes by the emulator's fast paths: each reader consumes one value
 * of the plain form clients send and throws Unusual on anything else, so that the caller can hand the body to
 * JSON.parse and the general checks instead.
 */

/** Why the fast path gave up: the general path (JSON.parse + validateEvents) decides, and words the answer. */
export class Unusual extends Error {}
const UNUSUAL = new Unusual();

/** Gives up the fast path (one shared error: giving up is not exceptional here, and costs no stack trace). */
export const give = (): never => {
  throw UNUSUAL;
};

/*
 * Where the last plain string (or number) read lies in the body, and whether the string was all ASCII (then
 * Latin-1 decoding is a plain copy). Kept here rather than returned as a [start, end] pair: the readers run
 * ~20 times an event, and a pair each time was a good part of the garbage of accepting events.
 */
let lastStart = 0;
let lastEnd = 0;
let ascii = true;

/** Start of the content of the last string (or number) read. */
export const valueStart = (): number => lastStart;
/** End (exclusive) of the content of the last string (or number) read. */
export const valueEnd = (): number => lastEnd;

/** A plain string (no escape, no control character) at the reader; its content is then valueStart()..valueEnd(). */
export function plainString(r: JsonBytes): void {
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
  lastStart = start;
  lastEnd = p;
  r.pos = p + 1;
}

interface Slicing {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** The text of the string just read by plainString (decoded as the general path decodes the body). */
export const text = (r: JsonBytes): string =>
  ascii
    ? (r.buf as unknown as Slicing).latin1Slice(lastStart, lastEnd)
    : (r.buf as unknown as Slicing).utf8Slice(lastStart, lastEnd);

/** Whether the string just read by plainString was all ASCII (its bytes are then its characters). */
export const wasAscii = (): boolean => ascii;

/**
 * A closed list of allowed values (event names, currencies, ...) read from bytes: the values met are
 * remembered with their bytes, so a value seen before costs a byte comparison, not a string.
 */
export class Vocabulary {
  private readonly seen: { bytes: Buffer; value: string }[] = [];
  constructor(private readonly allowed: ReadonlySet<string>) {}

  /** The allowed value at the reader; anything else is unusual. */
  read(r: JsonBytes): string {
    plainString(r);
    const s = lastStart;
    const e = lastEnd;
    const b = r.buf;
    const length = e - s;
    for (const known of this.seen) {
      const k = known.bytes;
      if (k.length !== length) continue;
      let i = 0;
      while (i < length && b[s + i] === k[i]) i++;
      if (i === length) return known.value;
    }
    const value = text(r);
    if (!this.allowed.has(value)) give();
    if (this.seen.length < 64) this.seen.push({ bytes: Buffer.from(b.subarray(s, e)), value });
    return value;
  }
}

/** A number in the plain form -?digits(.digits)? (always finite), then at valueStart()..valueEnd(); anything else is unusual. */
export function plainNumber(r: JsonBytes): void {
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
  lastStart = start;
  lastEnd = p;
}

/** A whole number of seconds written as plain digits (a fraction, a sign or 16+ digits: unusual). */
export function seconds(r: JsonBytes): number {
  plainNumber(r);
  const b = r.buf;
  const s = lastStart;
  const e = lastEnd;
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
  plainString(r);
  const s = lastStart;
  const e = lastEnd;
  if (e === s && orEmpty) return;
  if (e - s !== SHA256_LENGTH) give();
  const b = r.buf;
  let all = 0;
  for (let p = s; p < e; p += 2) all |= HEX_PAIR[b[p]! | (b[p + 1]! << 8)]!;
  if (all < 0) give();
}

/** email/phone: one hash or a list of hashes. */
export function hashed(r: JsonBytes): void {
  if (!r.eat(OPEN_ARRAY)) return hash(r, true);
  if (r.eat(CLOSE_ARRAY)) return;
  do hash(r, false);
  while (r.eat(COMMA));
  if (!r.eat(CLOSE_ARRAY)) give();
}

/** The keys an object may have, as bytes; a key is found by comparing bytes (no string per key). */
export class Keys {
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

/*
 * An object's members are read with a loop at the caller (no callback per object, so that the value
 * readers inline):
 *   if (openObject(r)) { let seen = 0; do { const key = memberKey(r, KEYS, seen); seen |= 1 << key; ... }
 *   while (nextMember(r)); }
 */

/** Consumes an object's `{`; false when the object is empty (its `}` consumed too). */
export function openObject(r: JsonBytes): boolean {
  if (!r.eat(OPEN_OBJECT)) give();
  return !r.eat(CLOSE_OBJECT);
}

/** The next member's key (its index in `keys`) and its colon; a key already in `seen` (a bitmask) is unusual. */
export function memberKey(r: JsonBytes, keys: Keys, seen: number): number {
  plainString(r);
  const key = keys.find(r.buf, lastStart, lastEnd);
  // JSON.parse keeps the last of repeated keys: the general path decides those.
  if (seen & (1 << key)) give();
  if (!r.eat(COLON)) give();
  return key;
}

/** After a member's value: true when another member follows, else consumes the object's `}`. */
export function nextMember(r: JsonBytes): boolean {
  if (r.eat(COMMA)) return true;
  if (!r.eat(CLOSE_OBJECT)) give();
  return false;
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

/** `true` or `false` at the reader. */
export function boolean(r: JsonBytes): void {
  const b = r.buf;
  r.peek();
  const word = b[r.pos] === 0x74 ? TRUE : FALSE;
  for (let i = 0; i < word.length; i++) if (b[r.pos + i] !== word[i]) give();
  r.pos += word.length;
}
