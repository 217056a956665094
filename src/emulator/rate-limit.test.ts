import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './app.js';
import { RateLimiter } from './rate-limit.js';
import { ADV1, ANALYST, call, OPERATOR, testClock } from './emulator.test-support.js';

const list = (e: Emulator, token: string = OPERATOR) =>
  call(e, 'GET', 'dmp/custom_audience/list/', { token, query: { advertiser_id: ADV1 } });

describe('rate limit', () => {
  it('answers 40100 (HTTP 200) past the limit within a second, then recovers', async () => {
    const clock = testClock();
    const e = createEmulator({ rateLimitRps: 3, clock: clock.now });
    for (let i = 0; i < 3; i++) expect((await list(e)).code).toBe(0);
    const over = await list(e);
    expect(over.status).toBe(200);
    expect(over.code).toBe(40100);
    clock.advance(999);
    expect((await list(e)).code).toBe(40100);
    clock.advance(1);
    expect((await list(e)).code).toBe(0);
  });

  it('counts each token separately', async () => {
    const clock = testClock();
    const e = createEmulator({ rateLimitRps: 1, clock: clock.now });
    expect((await list(e)).code).toBe(0);
    expect((await list(e, ANALYST)).code).toBe(0);
    expect((await list(e)).code).toBe(40100);
  });

  it('is off with rateLimitRps 0', async () => {
    const e = createEmulator({ rateLimitRps: 0, clock: testClock().now });
    for (let i = 0; i < 100; i++) expect((await list(e)).code).toBe(0);
  });

  it('uses a rolling window, not fixed seconds', () => {
    const clock = testClock();
    const limiter = new RateLimiter(2, clock.now);
    expect(limiter.allow('k')).toBe(true);
    clock.advance(600);
    expect(limiter.allow('k')).toBe(true);
    clock.advance(500);
    expect(limiter.allow('k')).toBe(true);
    expect(limiter.allow('k')).toBe(false);
  });
});
