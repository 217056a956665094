import { isRetryable, RateLimited, type TikTokApiError } from './errors.js';
import { untilWindowEnds } from './quota.js';

/** Retry budget of one logical request: whichever of attempts or elapsed time runs out first ends it. */
export interface RetryPolicy {
  /** Attempts in total, the first included; 1 disables retries. */
  maxAttempts: number;
  /** No retry is started if its wait would end later than this after the first attempt began. */
  maxElapsedMs: number;
  /** Backoff cap of the first retry; doubles with each further retry. */
  baseDelayMs: number;
  /** Largest backoff cap. */
  maxDelayMs: number;
  /** First backoff cap after throttling (40100...), larger because TikTok's QPS window must pass. */
  rateLimitDelayMs: number;
}

/**
 * Outages pause a run rather than end it: retries go on for up to 10 minutes (`maxElapsedMs`, the
 * `tiktokOutageMaxMs` setting) whatever their number.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 1_000,
  maxElapsedMs: 600_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  rateLimitDelayMs: 2_000,
};

export type RetryDecision =
  { retry: true; delayMs: number } | { retry: false; why: 'not_retryable' | 'attempts' | 'time' };

/**
 * Backoff before retry number `failures` (1 after the first failure). Exponential with full jitter, so
 * that many clients throttled together do not come back together; throttling keeps half of the cap as a
 * floor so that a throttled request never comes straight back.
 */
export function backoffDelay(
  failures: number,
  error: TikTokApiError,
  policy: RetryPolicy,
  random: () => number,
): number {
  const throttled = error.category === 'rate_limited';
  const base = throttled ? Math.max(policy.rateLimitDelayMs, policy.baseDelayMs) : policy.baseDelayMs;
  const cap = Math.min(Math.max(policy.maxDelayMs, base), base * 2 ** (failures - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(throttled ? cap / 2 + (r * cap) / 2 : r * cap);
}

/** Decides whether to retry after `failures` failed attempts that began `elapsedMs` ago. Pure. */
export function decideRetry(input: {
  failures: number;
  elapsedMs: number;
  error: unknown;
  policy: RetryPolicy;
  random: () => number;
  /** The clock, for TikTok's per-second window: a 40100 for QPS waits for the next second. */
  nowMs?: number;
}): RetryDecision {
  const { failures, elapsedMs, error, policy } = input;
  if (!isRetryable(error)) return { retry: false, why: 'not_retryable' };
  if (failures >= policy.maxAttempts) return { retry: false, why: 'attempts' };
  const delayMs =
    input.nowMs !== undefined && error instanceof RateLimited && error.tiktokCode === 40100
      ? untilWindowEnds('second', input.nowMs) + Math.floor(Math.min(Math.max(input.random(), 0), 1) * 50)
      : backoffDelay(failures, error as TikTokApiError, policy, input.random);
  if (elapsedMs + delayMs > policy.maxElapsedMs) return { retry: false, why: 'time' };
  return { retry: true, delayMs };
}

/** Fills the unset fields of a partial policy from the defaults. */
export function resolveRetryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  const merged = { ...DEFAULT_RETRY_POLICY };
  for (const key of Object.keys(merged) as (keyof RetryPolicy)[]) {
    const value = partial[key];
    if (value !== undefined) {
      if (!Number.isFinite(value) || value < 0) throw new RangeError(`retry.${key} must be a number >= 0`);
      merged[key] = value;
    }
  }
  merged.maxAttempts = Math.max(1, Math.floor(merged.maxAttempts));
  return merged;
}
