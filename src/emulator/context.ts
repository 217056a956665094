import type { HttpBindings } from '@hono/node-server';
import { isAscii } from 'node:buffer';
import type { Context } from 'hono';
import { readStreamBody, type BodyPool } from './body-bytes.js';
import type { AdvertiserRecord, Directory, TokenRecord } from './directory.js';
import { ApiError, envelope } from './envelope.js';
import type { EmulatorState } from './state.js';
import { endpointPath } from './faults.js';
import { checkAppPermissions } from './permissions.js';
import { isRecord } from './validation.js';

/** Hono environment: node bindings exist only when served on a socket (not with `app.request()`). */
export interface EmulatorEnv {
  Bindings: Partial<HttpBindings>;
  Variables: {
    requestId: string;
    answer: string | number;
    /** The clock's time when the request arrived. */
    now: number;
    /** Set when the request is to be answered 20001: the share of items to refuse and the seed choosing them. */
    partial?: { rate: number; seed: number };
  };
}

export type Ctx = Context<EmulatorEnv>;

/** What route modules need: the live state (replaced on reset, so read it per request) and settings. */
export interface RouteDeps {
  state: () => EmulatorState;
  clock: () => number;
  /** Mutable: the control API changes `listingDelayMs`. */
  settings: { mappingBatchLimit: number; maxAudiencesPerAdvertiser: number; listingDelayMs: number };
  /** Called after a request changed something that persistence keeps. */
  changed: () => void;
}

/** A success envelope (HTTP 200, code 0). */
export function ok(c: Ctx, data: unknown = {}): Response {
  c.set('answer', 0);
  return c.json(envelope(0, c.get('requestId'), data));
}

/**
 * A partial-success envelope (HTTP 200, code 20001): the request was applied except for the items listed
 * in `data`, each with its position and TikTok's reason.
 */
export function partial(c: Ctx, data: Record<string, unknown>): Response {
  c.set('answer', 20001);
  return c.json(envelope(20001, c.get('requestId'), data));
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
  return parseJsonBody(Buffer.from(await c.req.arrayBuffer()));
}

/**
 * A request body's bytes. Served by Node, the body is read straight off the socket's stream into one
 * buffer (the web Request's arrayBuffer() joins it and then copies it again: a third of the cost of
 * accepting a large events body); otherwise (tests calling the app in-process) through the Request.
 * With `pool`, a large body may be read into a pooled buffer, which the caller gives back when done.
 */
export async function readBodyBytes(c: Ctx, pool?: BodyPool): Promise<Buffer> {
  const incoming = c.env?.incoming;
  if (!incoming || incoming.readableDidRead || !incoming.readable)
    return Buffer.from(await c.req.arrayBuffer());
  const declared = incoming.headers['content-length'];
  return readStreamBody(incoming, declared === undefined ? undefined : Number(declared), pool);
}

/** A request body's bytes as a JSON object; 40002 when it is not one. */
export function parseJsonBody(bytes: Buffer): Record<string, unknown> {
  let body: unknown;
  try {
    // Most bodies are ASCII: decoding them as Latin-1 is a plain copy, and gives the same text.
    body = JSON.parse(isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8'));
  } catch {
    throw new ApiError(40002, 'Request body is not valid JSON');
  }
  if (!isRecord(body)) throw new ApiError(40002, 'Request body must be a JSON object');
  return body;
}

/**
 * The caller's token from the `Access-Token` header: 40104 when missing, 40105 when unknown or revoked,
 * 40102 when expired; then its app's allowlist (40118) and scopes (40130) for the endpoint.
 */
export function requireToken(c: Ctx, directory: Directory): TokenRecord {
  const value = c.req.header('Access-Token');
  if (!value) throw new ApiError(40104);
  const token = directory.tokens.get(value);
  if (!token || token.revoked) throw new ApiError(40105);
  const now = c.get('now') ?? Date.now();
  if (token.expires_at !== undefined && now >= token.expires_at)
    throw new ApiError(40102, `Access token has expired (at ${new Date(token.expires_at).toISOString()})`);
  checkAppPermissions(directory.apps.get(token.app_id), endpointPath(c.req.path));
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
