import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { AdvertiserRecord, Directory, TokenRecord } from './directory.js';
import { ApiError, envelope } from './envelope.js';
import type { EmulatorState } from './state.js';
import { isRecord } from './validation.js';

/** Hono environment: node bindings exist only when served on a socket (not with `app.request()`). */
export interface EmulatorEnv {
  Bindings: Partial<HttpBindings>;
  Variables: { requestId: string; answer: string | number };
}

export type Ctx = Context<EmulatorEnv>;

/** What route modules need: the live state (replaced on reset, so read it per request) and settings. */
export interface RouteDeps {
  state: () => EmulatorState;
  clock: () => number;
  settings: { mappingBatchLimit: number; maxAudiencesPerAdvertiser: number };
  /** Called after a request changed something that persistence keeps. */
  changed: () => void;
}

/** A success envelope (HTTP 200, code 0). */
export function ok(c: Ctx, data: unknown = {}): Response {
  c.set('answer', 0);
  return c.json(envelope(0, c.get('requestId'), data));
}

/** An error envelope; TikTok answers errors with HTTP 200 too. */
export function fail(c: Ctx, code: number, message?: string): Response {
  c.set('answer', code);
  return c.json(envelope(code, c.get('requestId'), {}, message));
}

/** The JSON object body, or a 40002. */
export async function readBody(c: Ctx): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(40002, 'Request body is not valid JSON');
  }
  if (!isRecord(body)) throw new ApiError(40002, 'Request body must be a JSON object');
  return body;
}

/**
 * The JSON object body read as bytes and parsed with JSON.parse (faster for large bodies than decoding
 * through the web Request's text()), or a 40002.
 */
export async function readJsonBody(c: Ctx): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(await c.req.arrayBuffer()).toString('utf8'));
  } catch {
    throw new ApiError(40002, 'Request body is not valid JSON');
  }
  if (!isRecord(body)) throw new ApiError(40002, 'Request body must be a JSON object');
  return body;
}

/** The caller's token from the `Access-Token` header: 40104 when missing, 40105 when unknown or revoked. */
export function requireToken(c: Ctx, directory: Directory): TokenRecord {
  const value = c.req.header('Access-Token');
  if (!value) throw new ApiError(40104);
  const token = directory.tokens.get(value);
  if (!token || token.revoked) throw new ApiError(40105);
  return token;
}

/**
 * The advertiser when the token may use it: 40300 when it does not exist, 40001 when the token is not
 * authorized for it, or when writing with the Analyst role.
 */
export function requireAdvertiser(
  directory: Directory,
  token: TokenRecord,
  advertiserId: string,
  mode: 'read' | 'write',
): AdvertiserRecord {
  const advertiser = directory.advertisers.get(advertiserId);
  if (!advertiser) throw new ApiError(40300, `Advertiser ${advertiserId} does not exist`);
  if (!token.advertiser_ids.includes(advertiserId))
    throw new ApiError(40001, `No permission to operate on advertiser ${advertiserId}`);
  if (mode === 'write' && token.role === 'Analyst')
    throw new ApiError(40001, `The Analyst role cannot make changes on advertiser ${advertiserId}`);
  return advertiser;
}
