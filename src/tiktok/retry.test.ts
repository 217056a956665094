import { describe, expect, it } from 'vitest';
import { InvalidCredentials, RateLimited, Transient } from './errors.js';
import { backoffDelay, decideRetry, DEFAULT_RETRY_POLICY, resolveRetryPolicy } from './retry.js';

const policy = {
  maxAttempts: 5,
  maxElapsedMs: 60_000,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  rateLimitDelayMs: 400,
};
const transient = new Transient({ code: 50000, message: '', endpoint: 'x/' });
const throttled = new RateLimited({ code: 40100, message: '', endpoint: 'x/' });

describe('backoffDelay', () => {
  it('doubles the cap with each failure up to maxDelayMs (random = 1 shows the cap)', () => {
    const caps = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, transient, policy, () => 1));
    expect(caps).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('uses full jitter: anywhere from 0 to the cap', () => {
    expect(backoffDelay(3, transient, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, transient, policy, () => 0.25)).toBe(100);
  });

  it('waits longer after throttling and never retries at once', () => {
    expect(backoffDelay(1, throttled, policy, () => 0)).toBe(200);
    expect(backoffDelay(1, throttled, policy, () => 1)).toBe(400);
    expect(backoffDelay(2, throttled, policy, () => 1)).toBe(800);
  });
});

describe('decideRetry', () => {
  const base = { elapsedMs: 0, policy, random: () => 0.5 };

  it('retries retryable errors with a delay', () => {
    expect(decideRetry({ ...base, failures: 1, error: transient })).toEqual({ retry: true, delayMs: 50 });
  });

  it('never retries errors the caller must fix', () => {
    const err = new InvalidCredentials({ code: 40105, message: '', endpoint: 'x/' });
    expect(decideRetry({ ...base, failures: 1, error: err })).toEqual({ retry: false, why: 'not_retryable' });
    expect(decideRetry({ ...base, failures: 1, error: new Error('bug') })).toMatchObject({ retry: false });
  });

  it('gives up when the attempts are spent', () => {
    expect(decideRetry({ ...base, failures: 5, error: transient })).toEqual({
      retry: false,
      why: 'attempts',
    });
  });

  it('gives up when the wait would end past the time budget', () => {
    expect(decideRetry({ ...base, failures: 1, elapsedMs: 59_990, error: transient })).toEqual({
      retry: false,
      why: 'time',
    });
    expect(decideRetry({ ...base, failures: 1, elapsedMs: 59_950, error: transient })).toMatchObject({
      retry: true,
    });
  });
});

describe('resolveRetryPolicy', () => {
  it('fills defaults and keeps given values', () => {
    expect(resolveRetryPolicy()).toEqual(DEFAULT_RETRY_POLICY);
    expect(resolveRetryPolicy({ maxAttempts: 2 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 2 });
    expect(resolveRetryPolicy({ maxAttempts: 0 }).maxAttempts).toBe(1);
  });

  it('refuses negative or non-numeric values', () => {
    expect(() => resolveRetryPolicy({ baseDelayMs: -1 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ maxElapsedMs: Number.NaN })).toThrow(RangeError);
  });
});
