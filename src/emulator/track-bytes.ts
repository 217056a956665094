import { checkEventBytes, type CheckedEventBytes } from './event-bytes.js';
import { JsonBytes } from './json-bytes.js';

/** An `event/track/` body read from its bytes: its other fields parsed, its events checked in place. */
export interface TrackBytes {
  fields: Record<string, unknown>;
  events: CheckedEventBytes;
}

/**
 * Reads an `event/track/` body on the fast path: every field but `data` goes through JSON.parse, and
 * `data` is checked byte by byte (see checkEventBytes). Undefined when the body is not plainly a JSON
 * object with one valid `data`: the caller then takes the general path, whose answer (malformed JSON, an
 * event refused and why) is the one given, so the two paths never differ in what they say.
 */
export function readTrackBytes(body: Buffer, nowMs: number): TrackBytes | undefined {
  const r = new JsonBytes(body);
  const fields: Record<string, unknown> = {};
  let events: CheckedEventBytes | undefined;
  if (!r.eat(0x7b) || r.eat(0x7d)) return undefined;
  do {
    const keyStart = r.skipValue();
    if (keyStart < 0 || body[keyStart] !== 0x22) return undefined;
    let key: unknown;
    try {
      key = r.parseFrom(keyStart);
    } catch {
      return undefined;
    }
    if (typeof key !== 'string' || !r.eat(0x3a)) return undefined;
    if (key === 'data') {
      // JSON.parse keeps the last of repeated keys: leave those to the general path.
      if (events) return undefined;
      events = checkEventBytes(r, nowMs);
      if (!events) return undefined;
      continue;
    }
    const valueStart = r.peek() < 0 ? -1 : r.pos;
    if (valueStart < 0 || r.skipValue() < 0) return undefined;
    try {
      Object.defineProperty(fields, key, {
        value: r.parseFrom(valueStart),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } catch {
      return undefined;
    }
  } while (r.eat(0x2c));
  if (!r.eat(0x7d) || r.peek() !== -1 || !events) return undefined;
  return { fields, events };
}
