import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';
import { fakeClock } from './scripted-fetch.test-support.js';

/** Largest number of times falling in any half-open window [t, t + width). */
function maxPerWindow(times: number[], width: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const inWindow = sorted.filter((t) => t >= sorted[i]! && t < sorted[i]! + width).length;
    best = Math.max(best, inWindow);
  }
  return best;
}

describe('createRateLimiter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets at most rps acquisitions through in any one-second window', async () => {
    // Virtual timers: each caller wakes at its own slot, so the release times can be counted per window.
    vi.useFakeTimers();
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    const limiter = createRateLimiter({ rps: 10, now: Date.now, sleep });
    const times: number[] = [];
    const all = Promise.all(
      Array.from({ length: 35 }, async () => {
        await limiter.acquire();
        times.push(Date.now());
      }),
    );
    await vi.runAllTimersAsync();
    await all;
    expect(times).toHaveLength(35);
    expect(maxPerWindow(times, 1000)).toBe(10);
    expect(Math.max(...times) - Math.min(...times)).toBe(3400);
  });

  it('does not hold back a caller when the last slot is long past', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ rps: 2, now: clock.now, sleep: clock.sleep });
    await limiter.acquire();
    clock.advance(5_000);
    await limiter.acquire();
    expect(clock.slept).toEqual([]);
  });

  it('is disabled by rps 0', async () => {
    const clock = fakeClock();
    const limiter = createRateLimiter({ rps: 0, now: clock.now, sleep: clock.sleep });
    await Promise.all(Array.from({ length: 100 }, () => limiter.acquire()));
    expect(clock.slept).toEqual([]);
  });

  it('refuses a negative rate', () => {
    const clock = fakeClock();
    expect(() => createRateLimiter({ rps: -1, now: clock.now, sleep: clock.sleep })).toThrow(RangeError);
  });
});
