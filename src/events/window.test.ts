import { describe, expect, it } from 'vitest';
import { DEFAULT_CLOCK_SKEW_SECONDS, eventWindow, isWithinWindow, MAX_EVENT_AGE_DAYS } from './window.js';

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
