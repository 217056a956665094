// When an event happened: timestamps as sources write them, IANA time zones, and the window TikTok accepts.

/** TikTok attributes offline events of the previous 28 days only (28-day click-through window). */
export const MAX_EVENT_AGE_DAYS = 28;
/** How far in the future an event may be, to tolerate clocks of source systems running slightly ahead. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;

export interface EventWindow {
  /** Oldest accepted event time, epoch milliseconds (inclusive). */
  earliestMs: number;
  /** Latest accepted event time, epoch milliseconds (inclusive). */
  latestMs: number;
}

/**
 * The accepted range of event times at `nowMs`: from exactly {@link MAX_EVENT_AGE_DAYS} days ago to
 * `clockSkewSeconds` ahead, both ends included.
 */
export function eventWindow(nowMs: number, clockSkewSeconds = DEFAULT_CLOCK_SKEW_SECONDS): EventWindow {
  return {
    earliestMs: nowMs - MAX_EVENT_AGE_DAYS * 86_400_000,
    latestMs: nowMs + clockSkewSeconds * 1000,
  };
}

/** True when an event at `eventMs` may be sent at `nowMs` (see {@link eventWindow}). */
export function isWithinWindow(
  eventMs: number,
  nowMs: number,
  clockSkewSeconds = DEFAULT_CLOCK_SKEW_SECONDS,
): boolean {
  const { earliestMs, latestMs } = eventWindow(nowMs, clockSkewSeconds);
  return eventMs >= earliestMs && eventMs <= latestMs;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // h23 avoids the "24:00" some ICU versions print for midnight with hour12: false.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `timeZone` is an IANA zone name (or UTC) that this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at the instant `epochMs`, in milliseconds (east positive). */
export function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const wall = Date.UTC(
    year,
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  // Intl drops milliseconds: compare whole seconds only.
  return wall - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * The instant at which the clocks of `timeZone` show `wallMs` (a wall-clock time encoded as if it were UTC).
 * Ambiguous times (clocks turned back) resolve to the earlier instant; times skipped by a forward jump are
 * moved forward by the jump, as Temporal's "compatible" disambiguation does.
 */
export function wallTimeToEpochMs(wallMs: number, timeZone: string): number {
  // Real zones change offset at most once within a day, so the offsets a day either side bracket any change.
  const before = zoneOffsetMs(timeZone, wallMs - DAY_MS);
  const after = zoneOffsetMs(timeZone, wallMs + DAY_MS);
  const candidates = [wallMs - before, wallMs - after].filter(
    (epoch) => epoch + zoneOffsetMs(timeZone, epoch) === wallMs,
  );
  if (candidates.length > 0) return Math.min(...candidates);
  return wallMs - before;
}

/** Unix numbers at or above this are read as milliseconds: 1e11 seconds is the year 5138, 1e11 ms is 1973. */
export const UNIX_MS_THRESHOLD = 1e11;

const UNIX = /^\d+(?:\.\d+)?$/;
// Extended ISO 8601 (a space instead of T is accepted, as SQL exports write it), optional seconds,
// fraction and offset; a date alone means midnight.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
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

/** The number written by `count` ASCII digits at `at`, or -1 when one of them is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The common shapes `YYYY-MM-DDTHH:MM:SS` and `...SSZ` read without a regex (a million rows a send);
 * undefined for any other shape, which the general path then reads. Same results as that path.
 */
function parseCommonIso(text: string, timeZone: string | undefined): number | null | undefined {
  const length = text.length;
  if (length !== 19 && length !== 20) return undefined;
  const sep = text.charCodeAt(10);
  if (
    text[4] !== '-' ||
    text[7] !== '-' ||
    (sep !== 84 && sep !== 116 && sep !== 32) ||
    text[13] !== ':' ||
    text[16] !== ':'
  )
    return undefined;
  if (length === 20 && text[19] !== 'Z' && text[19] !== 'z') return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (length === 20) return wall;
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
  const common = parseCommonIso(text, timeZone);
  if (common !== undefined) return common;
  const match = ISO.exec(text);
  return match ? parseIso(match, timeZone) : null;
}
