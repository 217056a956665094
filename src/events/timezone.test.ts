import { describe, expect, it } from 'vitest';
import { isValidTimeZone, wallTimeToEpochMs, zoneOffsetMs } from './timezone.js';

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
