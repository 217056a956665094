import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.js';
import { fail, type Ctx, type EmulatorEnv } from './context.js';
import { ApiError, GATEWAY_503_PAGE, newRequestId } from './envelope.js';
import { endpointPath, type FaultController } from './faults.js';
import type { RateLimiter } from './rate-limit.js';
import type { EmulatorState } from './state.js';

/** Thrown to end a request without any answer, like a connection reset on the network. */
export class DroppedConnection extends Error {
  constructor() {
    super('emulator fault: connection dropped');
  }
}

export interface ApiMiddlewareDeps {
  state: () => EmulatorState;
  clock: () => number;
  faults: FaultController;
  rateLimiter: RateLimiter;
  logger?: Logger;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs before every Business API request: gives it a request id, applies forced answers and random
 * faults, enforces the rate limit (40100 envelope, HTTP 200, as TikTok does), and counts the answer.
 */
export function apiMiddleware(deps: ApiMiddlewareDeps): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const started = Date.now();
    const path = endpointPath(c.req.path);
    c.set('requestId', newRequestId(deps.clock()));
    const { stats } = deps.state();
    const decision = deps.faults.decide(path);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.answer === 'drop') {
      stats.record(path, 'drop');
      c.env?.incoming?.socket.destroy();
      throw new DroppedConnection();
    }
    if (decision.answer === 'http:503') {
      c.set('answer', 'http:503');
      c.res = c.html(GATEWAY_503_PAGE, 503);
    } else if (decision.answer !== undefined) {
      c.res = fail(c, decision.answer);
    } else {
      const key = c.req.header('Access-Token') || c.req.query('app_id') || 'anonymous';
      if (!deps.rateLimiter.allow(key)) c.res = fail(c, 40100);
      else await next();
    }
    const answer = c.get('answer') ?? `http:${c.res.status}`;
    stats.record(path, answer);
    deps.logger?.debug({ method: c.req.method, path, answer, ms: Date.now() - started }, 'emulator request');
  };
}

/** Turns thrown ApiErrors into envelopes; lets dropped connections through; reports bugs as HTTP 500. */
export function errorHandler(logger?: Logger) {
  return (err: Error, c: Ctx): Response => {
    if (err instanceof DroppedConnection) throw err;
    if (err instanceof ApiError) {
      if (!c.get('requestId')) c.set('requestId', newRequestId(Date.now()));
      return fail(c, err.code, err.message);
    }
    logger?.error({ err: err.message, path: c.req.path }, 'emulator internal error');
    c.set('answer', 'http:500');
    return c.text(`emulator internal error: ${err.message}`, 500);
  };
}
