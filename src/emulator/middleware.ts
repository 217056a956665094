import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.js';
import { fail, type Ctx, type EmulatorEnv } from './context.js';
import type { Directory } from './directory.js';
import { ApiError, gatewayPage, newRequestId } from './envelope.js';
import { endpointPath, type FaultController } from './faults.js';
import type { Throttle } from './quota.js';
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
  throttle: Throttle;
  logger?: Logger;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The app a request counts against: the one behind its access token, else its `app_id` parameter. */
function appOf(c: Ctx, directory: Directory): string | undefined {
  const token = c.req.header('Access-Token');
  if (token) return directory.tokens.get(token)?.app_id;
  return c.req.query('app_id');
}

function drop(c: Ctx): never {
  c.env?.incoming?.socket.destroy();
  throw new DroppedConnection();
}

/**
 * Runs before every Business API request: gives it a request id, applies forced answers and random
 * faults, enforces the app's quota (40100 envelope, HTTP 200, as TikTok does), and counts the answer.
 * A `drop-after` fault lets the request be applied, then drops the connection.
 */
export function apiMiddleware(deps: ApiMiddlewareDeps): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const started = Date.now();
    const path = endpointPath(c.req.path);
    const now = deps.clock();
    c.set('requestId', newRequestId(now));
    c.set('now', now);
    const { stats, directory } = deps.state();
    const decision = deps.faults.decide(path);
    const forced = decision.answer;
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (forced === 'drop') {
      stats.record(path, 'drop');
      drop(c);
    }
    if (typeof forced === 'string' && forced.startsWith('http:')) {
      const status = Number(forced.slice(5));
      c.set('answer', forced);
      c.res = c.html(gatewayPage(status), status as 500);
    } else if (typeof forced === 'number' && forced !== 20001) {
      c.res = fail(c, forced);
    } else {
      const app = appOf(c, directory);
      const verdict = deps.throttle.take(app ?? 'anonymous', app ? directory.apps.get(app) : undefined, path);
      if (!verdict.ok) c.res = fail(c, 40100, verdict.message);
      else {
        if (forced === 20001)
          c.set('partial', { rate: deps.faults.current().partialItemRate, seed: decision.itemSeed });
        await next();
        if (forced === 'drop-after') {
          stats.record(path, 'drop-after');
          drop(c);
        }
      }
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
