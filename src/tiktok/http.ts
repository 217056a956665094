import PQueue from 'p-queue';
import type { Logger } from '../logger.js';
import { readEnvelope, type TikTokResult } from './envelope.js';
import { InvalidCredentials, redactSecrets, TikTokApiError, Transient } from './errors.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import { decideRetry, type RetryPolicy } from './retry.js';
import { StatsCounter, type RequestStats } from './stats.js';
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
}

/** One logical API call; the transport may send it several times. */
export interface RequestSpec<T> {
  method: 'GET' | 'POST';
  /** Path under `/open_api/v1.3/`, e.g. `advertiser/info/`. Also the key of the stats. */
  endpoint: string;
  query?: QueryParams;
  body?: unknown;
  /** A body already serialised as JSON (large bodies built elsewhere, e.g. inside DuckDB); wins over `body`. */
  rawBody?: string;
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
  limiter: RateLimiter;
  queue: PQueue;
}

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
  return new Transient({ code: null, message, endpoint, reason: 'network', cause: err });
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
    return new HttpTransport({ options: { ...options, logger }, limiter, queue }, options.accessToken);
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

  /** Sends a call, retrying retryable failures within the budget; resolves to the envelope's data. */
  async request<T>(spec: RequestSpec<T>): Promise<TikTokResult<T>> {
    const { now, sleep, random, retry: policy, logger } = this.shared.options;
    const started = now();
    let failures = 0;
    for (;;) {
      try {
        return await this.shared.queue.add(async () => {
          await this.shared.limiter.acquire();
          return this.send(spec, failures > 0);
        });
      } catch (err) {
        if (!(err instanceof TikTokApiError)) throw err;
        failures += 1;
        err.attempts = failures;
        if (err.category === 'rate_limited') this.counter.throttled(spec.endpoint);
        const decision = decideRetry({ failures, elapsedMs: now() - started, error: err, policy, random });
        if (!decision.retry) {
          this.counter.failed(spec.endpoint);
          throw err;
        }
        logger.debug(
          {
            endpoint: spec.endpoint,
            code: err.code,
            reason: err.reason,
            attempt: failures,
            delayMs: decision.delayMs,
          },
          'tiktok retry scheduled',
        );
        await sleep(decision.delayMs);
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
    let body: string | undefined;
    if (spec.method === 'POST') {
      headers['Content-Type'] = 'application/json';
      body = spec.rawBody ?? JSON.stringify(spec.body ?? {});
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
        body,
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
