import { ApiError } from './envelope.js';
import {
  QUOTE,
  COMMA,
  COLON,
  OPEN_ARRAY,
  CLOSE_ARRAY,
  OPEN_OBJECT,
  CLOSE_OBJECT,
  JsonBytes,
} from './json-bytes.js';

const AUDIENCE_IDS = Buffer.from('"audience_ids"', 'latin1');
const SHA256_HEX = 64;

function sameBytes(b: Buffer, at: number, what: Buffer): boolean {
  for (let i = 0; i < what.length; i++) if (b[at + i] !== what[i]) return false;
  return true;
}

/** Growable Int32Array. */
class Ints {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/**
 * `batch_data` as read from the raw body, not yet checked: where each row's cells start, where each cell's
 * `id` text lies in the body (up to the next quote; -1 for an empty cell `{}`), and each cell's
 * `audience_ids` as an index into the lists parsed (by JSON.parse, once per run of equal lists).
 */
export class RawBatch {
  readonly rowStart = new Ints();
  readonly idStart = new Ints();
  readonly idEnd = new Ints();
  readonly listOf = new Ints();
  readonly lists: unknown[] = [];

  constructor(readonly body: Buffer) {}

  get rows(): number {
    return this.rowStart.length;
  }
}

/**
 * Canonical cells only: `{}` or `{"id":"...","audience_ids":[...]}` (keys in either order, no spaces in
 * keys). The id's text is not looked at here: the checker decodes it and falls back to the general path
 * on anything but plain hex, which also covers escapes and stray quotes.
 */
function readCell(r: JsonBytes, batch: RawBatch, last: number[]): boolean {
  if (!r.eat(OPEN_OBJECT)) return false;
  if (r.eat(CLOSE_OBJECT)) {
    batch.idStart.push(-1);
    batch.idEnd.push(-1);
    batch.listOf.push(-1);
    return true;
  }
  const b = r.buf;
  let idStart = -1;
  let idEnd = -1;
  let list = -1;
  do {
    r.peek();
    const p = r.pos;
    if (idStart < 0 && b[p] === QUOTE && b[p + 1] === 0x69 && b[p + 2] === 0x64 && b[p + 3] === QUOTE) {
      r.pos = p + 4;
      if (!r.eat(COLON) || r.peek() !== QUOTE) return false;
      idStart = r.pos + 1;
      // Most ids are SHA-256 digests: try their closing quote first. A guess that skips an earlier quote
      // takes that quote into the id, whose hex check then fails and sends the body the general way.
      idEnd = b[idStart + SHA256_HEX] === QUOTE ? idStart + SHA256_HEX : b.indexOf(QUOTE, idStart);
      if (idEnd < 0) return false;
      r.pos = idEnd + 1;
    } else if (list < 0 && sameBytes(b, p, AUDIENCE_IDS)) {
      r.pos = p + AUDIENCE_IDS.length;
      if (!r.eat(COLON) || r.peek() !== OPEN_ARRAY) return false;
      list = listIndex(r, batch, last);
      if (list < 0) return false;
    } else return false;
  } while (r.eat(COMMA) && r.peek() === QUOTE);
  if (!r.eat(CLOSE_OBJECT) || idStart < 0 || list < 0) return false;
  batch.idStart.push(idStart);
  batch.idEnd.push(idEnd);
  batch.listOf.push(list);
  return true;
}

/**
 * The index of the `audience_ids` array at the reader's position. Bytes equal to the previous cell's
 * list are that same (complete) array; anything else is skipped and parsed by JSON.parse.
 */
function listIndex(r: JsonBytes, batch: RawBatch, last: number[]): number {
  const b = r.buf;
  const start = r.pos;
  const [lastStart, lastLength, lastIndex] = last as [number, number, number];
  if (lastLength > 0 && start + lastLength <= b.length) {
    let i = 0;
    while (i < lastLength && b[start + i] === b[lastStart + i]) i++;
    if (i === lastLength) {
      r.pos = start + lastLength;
      last[0] = start;
      return lastIndex;
    }
  }
  if (r.skipValue() < 0) return -1;
  let value: unknown;
  try {
    value = r.parseFrom(start);
  } catch {
    return -1;
  }
  const index = batch.lists.push(value) - 1;
  last[0] = start;
  last[1] = r.pos - start;
  last[2] = index;
  return index;
}

/** Reads `batch_data` at the reader's position; undefined (position unknown) when it is not canonical. */
function readBatch(r: JsonBytes): RawBatch | undefined {
  const batch = new RawBatch(r.buf);
  const last = [0, -1, -1];
  if (!r.eat(OPEN_ARRAY)) return undefined;
  if (r.eat(CLOSE_ARRAY)) return batch;
  do {
    if (!r.eat(OPEN_ARRAY)) return undefined;
    batch.rowStart.push(batch.idStart.length);
    if (!r.eat(CLOSE_ARRAY)) {
      do {
        if (!readCell(r, batch, last)) return undefined;
      } while (r.eat(COMMA));
      if (!r.eat(CLOSE_ARRAY)) return undefined;
    }
  } while (r.eat(COMMA));
  return r.eat(CLOSE_ARRAY) ? batch : undefined;
}

/**
 * Parses a `segment/mapping/` body from its bytes. Every field but `batch_data` goes through JSON.parse;
 * `batch_data` becomes a RawBatch when it has the canonical shape clients send, or is parsed by
 * JSON.parse otherwise, so that every answer stays the one the general path gives.
 * @throws ApiError 40002 when the body is not a JSON object.
 */
export function readMappingBody(body: Buffer): Record<string, unknown> {
  const notJson = (): never => {
    // Let JSON.parse decide (and word) what is wrong; a body it accepts is not an object.
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      throw new ApiError(40002, 'Request body is not valid JSON');
    }
    throw new ApiError(40002, 'Request body must be a JSON object');
  };
  const r = new JsonBytes(body);
  const out: Record<string, unknown> = {};
  if (!r.eat(OPEN_OBJECT)) return notJson();
  if (!r.eat(CLOSE_OBJECT)) {
    do {
      const keyStart = r.skipValue();
      if (keyStart < 0 || r.buf[keyStart] !== QUOTE) return notJson();
      const key = r.parseFrom(keyStart) as string;
      if (!r.eat(COLON)) return notJson();
      let value: unknown;
      const valueStart = r.peek() < 0 ? -1 : r.pos;
      if (key === 'batch_data') value = readBatch(r);
      if (value === undefined) {
        r.pos = valueStart;
        if (valueStart < 0 || r.skipValue() < 0) return notJson();
        try {
          value = r.parseFrom(valueStart);
        } catch {
          return notJson();
        }
      }
      // JSON.parse keeps the last of repeated keys, and so does this.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    } while (r.eat(COMMA));
    if (!r.eat(CLOSE_OBJECT)) return notJson();
  }
  if (r.peek() !== -1) return notJson();
  return out;
}
