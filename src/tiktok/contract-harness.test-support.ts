/**
 * Shared set-up of the contract tests: the TikTok client against the real emulator over HTTP. Only the
 * emulator's public entry point and its `/_emulator/` control API are used.
 */
import { createHash } from 'node:crypto';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { createTikTokClient, type TikTokClient, type TikTokClientOptions } from './client.js';
import { TikTokApiError } from './errors.js';

export const D = EMULATOR_DEFAULTS;
export const ADV1 = D.advertisers[0].advertiser_id;
export const ADV2 = D.advertisers[1].advertiser_id;
export const FOREIGN = D.foreignAdvertiser.advertiser_id;
export const OPERATOR = D.tokens.operator;
export const ANALYST = D.tokens.analyst;

/** Short backoffs keep the suite fast while still exercising every retry path. */
export const FAST_RETRY = {
  maxAttempts: 4,
  maxElapsedMs: 20_000,
  baseDelayMs: 5,
  maxDelayMs: 50,
  rateLimitDelayMs: 50,
};

export function sha(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export interface Harness {
  emu: RunningEmulator;
  /** A client on the emulator with the operator token; options override the defaults. */
  client(opts?: Partial<TikTokClientOptions>): TikTokClient;
  /** JSON call to `/_emulator/<path>`. */
  control<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<T>;
}

export async function startHarness(): Promise<Harness> {
  const emu = await startEmulator({ port: 0 });
  return {
    emu,
    client: (opts = {}) =>
      createTikTokClient({
        baseUrl: emu.url,
        accessToken: OPERATOR,
        rps: 40,
        timeoutMs: 5_000,
        ...opts,
        retry: { ...FAST_RETRY, ...opts.retry },
      }),
    async control<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
      const res = await fetch(`${emu.url}/_emulator/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok)
        throw new Error(`emulator control ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
}

/** The TikTokApiError a promise rejects with (fails the test if it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<TikTokApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TikTokApiError) return err;
    throw err;
  }
  throw new Error('expected a TikTokApiError');
}
