import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CLOCK_SKEW_SECONDS,
  eventWindow,
  isValidTimeZone,
  isWithinWindow,
  MAX_EVENT_AGE_DAYS,
  parseTimestamp,
  UNIX_MS_THRESHOLD,
  wallTimeToEpochMs,
  zoneOffsetMs,
} from './event-time.js';

const NOW = Date.parse('2024-06-15T12:00:00Z');
const DAY = 86_400_000;

describe('event window', () => {
  it('accepts an event exactly 28 days old and rejects one a millisecond older', () => {
    expect(MAX_EVENT_AGE_DAYS).toBe(28);
    expect(isWithinWindow(NOW - 28 * DAY, NOW)).toBe(true);
    expect(isWithinWindow(NOW - 28 * DAY - 1, NOW)).toBe(false);
  });

  it('accepts now and the recent past', () => {
    expect(isWithinWindow(NOW, NOW)).toBe(true);
    expect(isWithinWindow(NOW - 7 * DAY, NOW)).toBe(true);
  });

  it('tolerates the default 5-minute clock skew into the future, not more', () => {
    expect(DEFAULT_CLOCK_SKEW_SECONDS).toBe(300);
    expect(isWithinWindow(NOW + 300_000, NOW)).toBe(true);
    expect(isWithinWindow(NOW + 300_001, NOW)).toBe(false);
  });

  it('uses a configured skew', () => {
    expect(isWithinWindow(NOW + 1, NOW, 0)).toBe(false);
    expect(isWithinWindow(NOW + 3_600_000, NOW, 3600)).toBe(true);
    expect(eventWindow(NOW, 60)).toEqual({ earliestMs: NOW - 28 * DAY, latestMs: NOW + 60_000 });
  });
});

describe('time zones', () => {
  it('knows IANA zones and UTC, not made-up names', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('gives the offset at an instant, east positive, across DST', () => {
    expect(zoneOffsetMs('Europe/Berlin', Date.parse('2024-01-01T12:00:00Z'))).toBe(3_600_000);
    expect(zoneOffsetMs('Europe/Berlin', Date.parse('2024-07-01T12:00:00Z'))).toBe(7_200_000);
    expect(zoneOffsetMs('America/Los_Angeles', Date.parse('2024-07-01T12:00:00.999Z'))).toBe(-25_200_000);
  });

  it('converts wall time to the instant on both sides of a change', () => {
    const wall = (iso: string) => Date.parse(`${iso}Z`);
    expect(wallTimeToEpochMs(wall('2024-03-31T01:59:59'), 'Europe/Berlin')).toBe(
      Date.parse('2024-03-31T00:59:59Z'),
    );
    expect(wallTimeToEpochMs(wall('2024-03-31T03:00:00'), 'Europe/Berlin')).toBe(
      Date.parse('2024-03-31T01:00:00Z'),
    );
    expect(wallTimeToEpochMs(wall('2024-06-01T00:00:00'), 'Australia/Lord_Howe')).toBe(
      Date.parse('2024-05-31T13:30:00Z'),
    );
  });
});

const utc = (iso: string) => Date.parse(iso);

describe('parseTimestamp: ISO 8601', () => {
  it.each([
    ['2024-06-10T10:30:00Z', '2024-06-10T10:30:00.000Z'],
    ['2024-06-10t10:30:00z', '2024-06-10T10:30:00.000Z'],
    ['2024-06-10T10:30:00+05:30', '2024-06-10T05:00:00.000Z'],
    ['2024-06-10T10:30:00-0800', '2024-06-10T18:30:00.000Z'],
    ['2024-06-10T10:30:00+02', '2024-06-10T08:30:00.000Z'],
    ['2024-06-10T10:30Z', '2024-06-10T10:30:00.000Z'],
    ['2024-06-10T10:30:00.123456Z', '2024-06-10T10:30:00.123Z'],
    ['2024-06-10 10:30:00', '2024-06-10T10:30:00.000Z'],
    ['2024-06-10T10:30:00', '2024-06-10T10:30:00.000Z'],
    ['2024-06-10', '2024-06-10T00:00:00.000Z'],
    ['  2024-02-29T00:00:00Z  ', '2024-02-29T00:00:00.000Z'],
  ])('%s is %s', (raw, expected) => {
    expect(parseTimestamp(raw)).toBe(utc(expected));
  });

  it.each([
    'yesterday',
    '2024-13-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-04-31',
    '2024-06-10T24:00:00Z',
    '2024-06-10T10:60:00Z',
    '2024-06-10T10:30:60Z',
    '2024-06-10T10:30:00+25:00',
    '10/06/2024',
    '2024-6-1',
    '',
    '-1700000000',
    '0x65A0',
  ])('rejects %j', (raw) => {
    expect(parseTimestamp(raw)).toBeNull();
  });
});

describe('parseTimestamp: time zones for timestamps without offset', () => {
  it('reads local time in the configured IANA zone (winter and summer offsets)', () => {
    expect(parseTimestamp('2024-01-15T09:00:00', 'America/New_York')).toBe(utc('2024-01-15T14:00:00Z'));
    expect(parseTimestamp('2024-06-15T09:00:00', 'America/New_York')).toBe(utc('2024-06-15T13:00:00Z'));
    expect(parseTimestamp('2024-06-15 09:00', 'Asia/Kolkata')).toBe(utc('2024-06-15T03:30:00Z'));
    expect(parseTimestamp('2024-06-15', 'Europe/Paris')).toBe(utc('2024-06-14T22:00:00Z'));
  });

  it('an explicit offset wins over the configured zone', () => {
    expect(parseTimestamp('2024-06-15T09:00:00Z', 'America/New_York')).toBe(utc('2024-06-15T09:00:00Z'));
    expect(parseTimestamp('2024-06-15T09:00:00+01:00', 'Asia/Tokyo')).toBe(utc('2024-06-15T08:00:00Z'));
  });

  it('a time skipped by the spring-forward jump moves forward by the jump', () => {
    // 2024-03-10 02:30 does not exist in New York: clocks go from 02:00 EST to 03:00 EDT.
    expect(parseTimestamp('2024-03-10T02:30:00', 'America/New_York')).toBe(utc('2024-03-10T07:30:00Z'));
  });

  it('an ambiguous time of the fall-back hour resolves to the earlier instant', () => {
    // 2024-11-03 01:30 happens twice in New York: first in EDT (05:30Z), then in EST (06:30Z).
    expect(parseTimestamp('2024-11-03T01:30:00', 'America/New_York')).toBe(utc('2024-11-03T05:30:00Z'));
  });

  it('keeps milliseconds when converting from a zone', () => {
    expect(parseTimestamp('2024-06-15T09:00:00.250', 'Europe/London')).toBe(utc('2024-06-15T08:00:00.250Z'));
  });
});

describe('parseTimestamp: Unix time', () => {
  it('reads seconds below the threshold and milliseconds at or above it', () => {
    expect(parseTimestamp('1718013000')).toBe(1718013000_000);
    expect(parseTimestamp('1718013000123')).toBe(1718013000123);
    expect(parseTimestamp(String(UNIX_MS_THRESHOLD - 1))).toBe((UNIX_MS_THRESHOLD - 1) * 1000);
    expect(parseTimestamp(String(UNIX_MS_THRESHOLD))).toBe(UNIX_MS_THRESHOLD);
  });

  it('accepts fractional seconds and ignores the time zone', () => {
    expect(parseTimestamp('1718013000.5')).toBe(1718013000_500);
    expect(parseTimestamp('1718013000', 'Asia/Tokyo')).toBe(1718013000_000);
  });
});

describe('parseTimestamp: the common shapes read without a regex', () => {
  // A zero fraction sends the same instant down the general path: both paths must agree.
  it.each([
    ['2024-06-10T10:00:00Z', undefined],
    ['2024-06-10t23:59:59z', undefined],
    ['2024-06-10 10:00:00', undefined],
    ['2024-06-10T10:00:00', 'America/New_York'],
    ['2024-03-10 02:30:00', 'America/New_York'],
    ['2024-02-29T00:00:00Z', undefined],
    ['2023-02-29T00:00:00Z', undefined],
    ['2024-13-01T00:00:00Z', undefined],
    ['2024-06-10T24:00:00Z', undefined],
    ['2024-06-10T10:60:00', undefined],
  ])('%s (zone %s) as the general path reads it', (text, zone) => {
    const withFraction = text.replace(/(\d{2}:\d{2}:\d{2})/, '$1.000');
    expect(parseTimestamp(text, zone)).toBe(parseTimestamp(withFraction, zone));
  });

  it('leaves shapes it does not know to the general path', () => {
    expect(parseTimestamp('2024-06-10T10:00:0Z')).toBeNull();
    expect(parseTimestamp('2024-06-10X10:00:00Z')).toBeNull();
    expect(parseTimestamp('2024-06-10T10:00:00+02')).toBe(utc('2024-06-10T08:00:00Z'));
  });
});
