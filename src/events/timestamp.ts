import { wallTimeToEpochMs } from './timezone.js';

/** Unix numbers at or above this are read as milliseconds: 1e11 seconds is the year 5138, 1e11 ms is 1973. */
export const UNIX_MS_THRESHOLD = 1e11;

const UNIX = /^\d+(?:\.\d+)?$/;
// Extended ISO 8601 (a space instead of T is accepted, as SQL exports write it), optional seconds,
// fraction and offset; a date alone means midnight.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function offsetMs(offset: string): number | null {
  if (offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes) * 60_000;
}

function parseIso(match: RegExpExecArray, timeZone: string | undefined): number | null {
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const [hour, minute, second] = [Number(h), Number(mi), Number(s)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (offset !== undefined) {
    const shift = offsetMs(offset);
    return shift === null ? null : wall - shift;
  }
  return timeZone ? wallTimeToEpochMs(wall, timeZone) : wall;
}

/**
 * Reads an event timestamp and returns the instant in epoch milliseconds, or null when it is not one.
 * Accepts ISO 8601 with an offset; ISO 8601 without one, read in `timeZone` (an IANA zone) or UTC when none
 * is given; and Unix time, in seconds below {@link UNIX_MS_THRESHOLD} and milliseconds at or above it.
 */
export function parseTimestamp(raw: string, timeZone?: string): number | null {
  const text = raw.trim();
  if (UNIX.test(text)) {
    const n = Number(text);
    if (!Number.isFinite(n)) return null;
    return Math.floor(n >= UNIX_MS_THRESHOLD ? n : n * 1000);
  }
  const match = ISO.exec(text);
  return match ? parseIso(match, timeZone) : null;
}
