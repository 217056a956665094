/** Hands out send slots so that one client never exceeds its requests-per-second setting. */
export interface RateLimiter {
  /** Resolves when the caller may send one request. */
  acquire(): Promise<void>;
}

export interface RateLimiterOptions {
  /** Requests per second; 0 or Infinity disables the limiter. */
  rps: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Evenly spaced slots (1000 / rps ms apart), shared by every caller of one limiter. Spacing rather than
 * bursts keeps any rolling one-second window at or under `rps`, which is how TikTok counts QPS. The clock
 * and sleep are injected so tests can count calls per window on a fake clock.
 */
export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  if (!(opts.rps >= 0)) throw new RangeError('rps must be a number >= 0');
  if (opts.rps === 0 || opts.rps === Infinity) return { acquire: () => Promise.resolve() };
  const interval = 1000 / opts.rps;
  let nextSlot = -Infinity;
  return {
    async acquire() {
      const now = opts.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + interval;
      if (slot > now) await opts.sleep(slot - now);
    },
  };
}
