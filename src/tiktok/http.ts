import PQueue from 'p-queue';
import type { Logger } from '../logger.js';
import { readEnvelope, type TikTokResult } from './envelope.js';
import {
  DailyLimitReached,
  InvalidCredentials,
  RateLimited,
  redactSecrets,
  TikTokApiError,
  Transient,
} from './errors.js';
import { nextUtcMidnight, SendGate, type PauseNotice } from './gate.js';
import type { QuotaBackend } from './quota.js';
import { createRateLimiter } from './rate-limiter.js';
import { decideRetry, type RetryPolicy } from './retry.js';
import { StatsCounter, type RequestStats } from './stats.js';
import type { JsonBody } from './types.js';
import { buildUrl, type QueryParams } from './url.js';

/** Everything the transport needs, I/O and clock included, so tests can replace each part. */
export interface TransportOptions {
  baseUrl: string;
  accessToken?: string | undefined;
  /** Requests per second shared by every call of the client (and of clients derived with `withToken`). */
  rps: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Timeout of one HTTP request, body included. */
  timeoutMs: number;
  retry: RetryPolicy;
  fetch: typeof fetch;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  /** The app's quota; none: only `rps` paces the requests. */
  quota?: QuotaBackend | undefined;
  /** Told when the client pauses every request (TikTok's 5-minute suspension, an outage). */
  onPause?: ((notice: PauseNotice) => void) | undefined;
  /** How long a 40100 for QPM pauses every request (TikTok: 5 minutes). */
  suspensionMs: number;
}

/** One logical API call; the transport may send it several times. */
export interface RequestSpec<T> {
  method: 'GET' | 'POST';
  /** Path under `/open_api/v1.3/`, e.g. `advertiser/info/`. Also the key of the stats. */
  endpoint: string;
  query?: QueryParams;
  body?: unknown;
  /**
   * A body already serialised as JSON, as text or UTF-8 bytes, or a function giving it (large bodies built
   * elsewhere, e.g. inside DuckDB or event by event; see {@link JsonBody}); wins over `body`.
   */
  rawBody?: JsonBody;
  /** False for calls made before a token exists (the auth code exchange). */
  auth?: boolean;
  /** Values besides the token to blank out of error messages (app secret, auth code). */
  secrets?: readonly (string | undefined)[];
  /**
   * For calls that are not idempotent: after a transient failure the request may have been applied,
   * so before retrying the transport asks this function; a value it returns ends the call with it.
   */
  reconcile?: (error: TikTokApiError) => Promise<T | undefined>;
}

interface Shared {
  options: TransportOptions;
  gate: SendGate;
  queue: PQueue;
}

/** Connection errors that happen before a request is written: TikTok never saw it. */
const UNREACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function transportError(
  err: unknown,
  endpoint: string,
  secrets: readonly (string | undefined)[],
  timeoutMs: number,
) {
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new Transient({
      code: null,
      message: `no answer within ${timeoutMs} ms`,
      endpoint,
      reason: 'timeout',
    });
  }
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const detail = [cause?.code, cause?.message, (err as Error | null)?.message].find(
    (v) => typeof v === 'string',
  );
  const message = redactSecrets(`network error: ${String(detail ?? 'unknown')}`, secrets);
  const reason = UNREACHED.has(String(cause?.code)) ? 'unreached' : 'network';
  return new Transient({ code: null, message, endpoint, reason, cause: err });
}

/** A 40100 that says the QPD is spent becomes DailyLimitReached: nothing more goes out before 00:00 UTC. */
function quotaError(err: RateLimited, nowMs: number): TikTokApiError {
  if (err.window !== 'day') return err;
  const fields = {
    code: err.tiktokCode,
    message: err.apiMessage,
    endpoint: err.endpoint,
    requestId: err.requestId,
  };
  return new DailyLimitReached({ ...fields, httpStatus: err.tiktokStatus }, nextUtcMidnight(nowMs));
}

/**
 * The only code that speaks HTTP to TikTok: headers, envelope, typed errors, retries with backoff
 * inside a budget, client-side rate limit and concurrency, counters and debug logs.
 */
export class HttpTransport {
  private readonly counter = new StatsCounter();

  private constructor(
    private readonly shared: Shared,
    private readonly token: string | undefined,
  ) {}

  /** Builds a transport with its own rate limiter and concurrency queue. */
  static create(options: TransportOptions): HttpTransport {
    if (!(options.concurrency >= 1)) throw new RangeError('concurrency must be >= 1');
    const limiter = createRateLimiter({ rps: options.rps, now: options.now, sleep: options.sleep });
    const queue = new PQueue({ concurrency: options.concurrency });
    const logger = options.logger.child({ component: 'tiktok' });
    const { now, sleep, quota, onPause } = options;
    const gate = new SendGate({ limiter, quota, now, sleep, logger, onPause });
    return new HttpTransport({ options: { ...options, logger }, gate, queue }, options.accessToken);
  }

  get baseUrl(): string {
    return this.shared.options.baseUrl;
  }

  /** Same limiter, queue and settings, another token; counters start at zero. */
  withToken(token: string): HttpTransport {
    return new HttpTransport(this.shared, token);
  }

  stats(): RequestStats {
    return this.counter.snapshot();
  }

  /** See `TikTokClient.requestsPerSecond`. */
  requestsPerSecond(): number {
    const { rps, quota } = this.shared.options;
    return Math.min(rps > 0 ? rps : Infinity, quota?.qps ?? Infinity);
  }

  /** See `TikTokClient.watchPauses`. */
  watchPauses(listener: (notice: PauseNotice | null) => void): () => void {
    return this.shared.gate.watch(listener);
  }

  /**
   * Sends a call, retrying retryable failures within the budget; resolves to the envelope's data. TikTok's
   * rules for throttling: a 40100 for QPS waits for the next second; one for QPM pauses every request of the
   * client for 5 minutes (not charged to the budget); one for QPD ends the call with DailyLimitReached.
   * An outage's backoff pauses every request too, so that a failing TikTok is not hammered.
   */
  async request<T>(spec: RequestSpec<T>): Promise<TikTokResult<T>> {
    const { now, random, retry: policy, logger } = this.shared.options;
    const { gate } = this.shared;
    let started = now();
    let failures = 0;
    for (;;) {
      try {
        return await this.shared.queue.add(async () => {
          await gate.pass(spec.endpoint);
          return this.send(spec, failures > 0);
        });
      } catch (caught) {
        if (!(caught instanceof TikTokApiError)) throw caught;
        const err = caught instanceof RateLimited ? quotaError(caught, now()) : caught;
        failures += 1;
        err.attempts = failures;
        if (err.category === 'rate_limited' || err.category === 'daily_limit')
          this.counter.throttled(spec.endpoint);
        if (err instanceof RateLimited && err.window === 'minute') {
          const { suspensionMs } = this.shared.options;
          gate.pause(now() + suspensionMs, 'throttled');
          started = now() + suspensionMs;
          continue;
        }
        const decision = decideRetry({
          failures,
          elapsedMs: now() - started,
          error: err,
          policy,
          random,
          nowMs: now(),
        });
        if (!decision.retry) {
          this.counter.failed(spec.endpoint);
          throw err;
        }
        logger.debug(
          {
            endpoint: spec.endpoint,
            code: err.tiktokCode,
            reason: err.reason,
            attempt: failures,
            delayMs: decision.delayMs,
          },
          'tiktok retry scheduled',
        );
        if (err.category === 'transient') gate.pause(now() + decision.delayMs, 'outage');
        await this.shared.options.sleep(decision.delayMs);
        if (spec.reconcile && err.category === 'transient') {
          const found = await spec.reconcile(err);
          if (found !== undefined) {
            return { data: found, code: 0, message: 'reconciled', requestId: undefined, partial: false };
          }
        }
      }
    }
  }

  private async send<T>(spec: RequestSpec<T>, isRetry: boolean): Promise<TikTokResult<T>> {
    const { options } = this.shared;
    const { endpoint } = spec;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (spec.auth !== false) {
      if (!this.token) {
        throw new InvalidCredentials({ code: null, message: 'no access token is configured', endpoint });
      }
      headers['Access-Token'] = this.token;
    }
    let body: string | Uint8Array | undefined;
    if (spec.method === 'POST') {
      headers['Content-Type'] = 'application/json';
      const raw = typeof spec.rawBody === 'function' ? spec.rawBody() : spec.rawBody;
      body = raw ?? JSON.stringify(spec.body ?? {});
    }
    const url = buildUrl(options.baseUrl, endpoint, spec.query);
    const secrets = [this.token, ...(spec.secrets ?? [])];
    this.counter.sent(endpoint, isRetry);
    const began = options.now();
    let status: number;
    let text: string;
    try {
      const res = await options.fetch(url, {
        method: spec.method,
        headers,
        // Bytes here are Buffers or DuckDB's copies, never views of a SharedArrayBuffer (which DOM typings exclude).
        body: body as string | Uint8Array<ArrayBuffer> | undefined,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      const error = transportError(err, endpoint, secrets, options.timeoutMs);
      options.logger.debug(
        { endpoint, method: spec.method, reason: error.reason, durationMs: options.now() - began },
        'tiktok request failed',
      );
      throw error;
    }
    const outcome = readEnvelope<T>({ status, body: text, endpoint, secrets });
    const code = outcome.ok ? outcome.result.code : outcome.error.tiktokCode;
    const requestId = outcome.ok ? outcome.result.requestId : outcome.error.requestId;
    options.logger.debug(
      {
        endpoint,
        method: spec.method,
        status,
        code,
        requestId,
        durationMs: options.now() - began,
        retry: isRetry,
      },
      'tiktok request',
    );
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }
}
