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

/** Whether the last plain string read was all ASCII (then Latin-1 decoding is a plain copy). */
let ascii = true;

/** A plain string (no escape, no control character) at the reader: its content's [start, end). */
export function plainString(r: JsonBytes): [number, number] {
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
export const text = (r: JsonBytes, [s, e]: [number, number]): string =>
  ascii ? (r.buf as unknown as Slicing).latin1Slice(s, e) : (r.buf as unknown as Slicing).utf8Slice(s, e);

/**
 * A closed list of allowed values (event names, currencies, ...) read from bytes: the values met are
 * remembered with their bytes, so a value seen before costs a byte comparison, not a string.
 */
export class Vocabulary {
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
export function plainNumber(r: JsonBytes): [number, number] {
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
export function seconds(r: JsonBytes): number {
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

/** Reads an object's members, each known key at most once, handing each value to `member` (which consumes it). */
export function members(r: JsonBytes, keys: Keys, member: (key: number) => void): void {
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
