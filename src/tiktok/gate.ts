import type { Logger } from '../logger.js';
import { DailyLimitReached } from './errors.js';
import type { QuotaBackend } from './quota.js';
import type { RateLimiter } from './rate-limiter.js';

/** Why the client stopped sending for a while. */
export interface PauseNotice {
  /** When sending resumes. */
  until: Date;
  /** `throttled`: TikTok suspended the app for 5 minutes (QPM spent); `outage`: TikTok kept failing. */
  reason: 'throttled' | 'outage';
  /** "paused by TikTok until HH:MM" (UTC), for progress lines and run status. */
  message: string;
}

/** TikTok suspends an app whose QPM is spent for this long (rate-limit page). */
export const QPM_SUSPENSION_MS = 5 * 60_000;

/** The next 00:00 UTC after `nowMs`, when the QPD resets. */
export function nextUtcMidnight(nowMs: number): Date {
  return new Date(nowMs - (nowMs % 86_400_000) + 86_400_000);
}

function hhmm(date: Date): string {
  return date.toISOString().slice(11, 16);
}

/**
 * What every request passes before it is sent, shared by all calls of a client (and its `withToken` copies):
 * the process's own pace (`--rps`), a pause of the whole client (TikTok's 5-minute suspension, an outage's
 * backoff), and the app's quota (per second, minute, day; shared by every process when kept in PostgreSQL).
 */
export class SendGate {
  private pausedUntil = 0;
  /** Whether a pause was announced and its end not yet. */
  private announced = false;
  private readonly watchers = new Set<(notice: PauseNotice | null) => void>();

  constructor(
    private readonly deps: {
      limiter: RateLimiter;
      quota: QuotaBackend | undefined;
      now: () => number;
      sleep: (ms: number) => Promise<void>;
      logger: Logger;
      onPause: ((notice: PauseNotice) => void) | undefined;
    },
  ) {}

  /** Pauses every request of the client until `untilMs` (a later pause wins), and says so once. */
  pause(untilMs: number, reason: PauseNotice['reason']): void {
    if (untilMs <= this.pausedUntil) return;
    this.pausedUntil = untilMs;
    const until = new Date(untilMs);
    const notice = { until, reason, message: `paused by TikTok until ${hhmm(until)} UTC` };
    // Short outage backoffs are routine; only pauses a person would notice are announced.
    if (reason === 'throttled' || untilMs - this.deps.now() >= 5_000) {
      this.deps.logger.warn({ until: until.toISOString(), reason }, notice.message);
      this.deps.onPause?.(notice);
      this.announced = true;
      this.tell(notice);
    }
  }

  /**
   * Calls `listener` with every announced pause, and with null when sending resumes after one (the first
   * request that passes once it is over). Returns the function that stops it.
   */
  watch(listener: (notice: PauseNotice | null) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  private tell(notice: PauseNotice | null): void {
    for (const watcher of this.watchers) {
      try {
        watcher(notice);
      } catch (err) {
        this.deps.logger.warn({ err: (err as Error).message }, 'a pause watcher failed');
      }
    }
  }

  /** Resolves when one request may be sent. @throws DailyLimitReached when the app's QPD is spent. */
  async pass(endpoint: string): Promise<void> {
    const { now, sleep, limiter, quota } = this.deps;
    await limiter.acquire();
    for (;;) {
      const wait = this.pausedUntil - now();
      if (wait > 0) {
        await sleep(wait);
        continue;
      }
      if (this.announced) {
        this.announced = false;
        this.tell(null);
      }
      if (!quota) return;
      const grant = await quota.take(now());
      if (grant.granted) return;
      if (grant.window === 'day') {
        const resumesAt = nextUtcMidnight(now());
        const message = `the app's daily quota (QPD) is spent; it resets at ${resumesAt.toISOString()}`;
        throw new DailyLimitReached({ code: null, message, endpoint }, resumesAt);
      }
      await sleep(grant.waitMs);
    }
  }
}
