import { createHash } from 'node:crypto';
import type { Emulator } from './app.js';
import { EMULATOR_DEFAULTS } from './defaults.js';

export const D = EMULATOR_DEFAULTS;
export const ADV1 = D.advertisers[0].advertiser_id;
export const ADV2 = D.advertisers[1].advertiser_id;
export const FOREIGN = D.foreignAdvertiser.advertiser_id;
export const OPERATOR = D.tokens.operator;
export const ANALYST = D.tokens.analyst;

export interface Answer {
  status: number;
  code: number;
  message: string;
  request_id: string;
  data: Record<string, unknown>;
}

/** SHA-256 hex of a string, as a client would send it. */
export function sha(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A settable clock for tests. */
export function testClock(start = Date.UTC(2025, 0, 15, 12)): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

/** Calls a Business API path (relative to /open_api/v1.3/) in-process and parses the envelope. */
export async function call(
  emulator: Emulator,
  method: 'GET' | 'POST',
  path: string,
  opts: { token?: string | null; body?: unknown; query?: Record<string, string> } = {},
): Promise<Answer> {
  const qs = opts.query ? `?${new URLSearchParams(opts.query).toString()}` : '';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = opts.token === undefined ? OPERATOR : opts.token;
  if (token !== null) headers['Access-Token'] = token;
  const res = await emulator.app.request(`/open_api/v1.3/${path}${qs}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const json = (await res.json()) as Omit<Answer, 'status'>;
  return { status: res.status, ...json };
}

/** Creates an audience with the operator token and returns its id. */
export async function createAudience(
  emulator: Emulator,
  name = 'Buyers',
  advertiserId: string = ADV1,
): Promise<string> {
  const r = await call(emulator, 'POST', 'segment/audience/', {
    body: { advertiser_id: advertiserId, action: 'create', custom_audience_name: name },
  });
  if (r.code !== 0) throw new Error(`create failed: ${r.code} ${r.message}`);
  return r.data.audience_id as string;
}

/** Reads an inspection endpoint. */
export async function inspect<T>(emulator: Emulator, path: string): Promise<T> {
  const res = await emulator.app.request(`/_emulator/${path}`);
  return (await res.json()) as T;
}
