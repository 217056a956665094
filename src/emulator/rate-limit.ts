const WINDOW_MS = 1000;

/**
 * Rolling one-second request limit per key (an access token, or an app id before a token exists).
 * Refused requests do not use up the budget, so a client that backs off gets through again after a second.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private limitPerSecond: number,
    private readonly clock: () => number,
  ) {}

  setLimit(limitPerSecond: number): void {
    this.limitPerSecond = limitPerSecond;
  }

  get limit(): number {
    return this.limitPerSecond;
  }

  /** Records a request for `key`; false when it goes over the limit (0 = no limit). */
  allow(key: string): boolean {
    if (this.limitPerSecond <= 0) return true;
    const now = this.clock();
    let times = this.hits.get(key);
    if (!times) {
      times = [];
      this.hits.set(key, times);
    }
    let expired = 0;
    while (expired < times.length && times[expired]! <= now - WINDOW_MS) expired++;
    if (expired > 0) times.splice(0, expired);
    if (times.length >= this.limitPerSecond) return false;
    times.push(now);
    return true;
  }

  reset(): void {
    this.hits.clear();
  }
}
