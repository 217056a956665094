import { TtadsError } from '../errors.js';
import { classify, quotaWindowOf, type QuotaWindow, type TikTokErrorCategory } from './classify.js';
import { GUIDANCE, type ErrorAction } from './guidance.js';

export { classify, quotaWindowOf, type QuotaWindow, type TikTokErrorCategory } from './classify.js';
export type { ErrorAction } from './guidance.js';

/** How a request failed when TikTok gave no usable envelope. */
/**
 * How a request failed below TikTok's envelope. `unreached`: no connection was made (refused, name not
 * resolved), so TikTok cannot have applied it; after `network` and `timeout` it may have.
 */
export type TransportFailure = 'timeout' | 'network' | 'unreached' | 'http_status' | 'non_json';

/** Fields every TikTok error carries. Never put a token or secret in any of them. */
export interface TikTokErrorFields {
  /** TikTok's envelope code; null when the answer had no envelope (timeout, gateway page...). */
  code: number | null;
  /** TikTok's message, or a description of the transport failure. */
  message: string;
  requestId?: string | undefined;
  /** API path relative to `/open_api/v1.3/`, without query string (it may hold the app secret). */
  endpoint: string;
  /** The HTTP status of TikTok's answer. */
  httpStatus?: number | undefined;
  reason?: TransportFailure | undefined;
  /** Attempts made before giving up, filled in by the transport. */
  attempts?: number | undefined;
  cause?: unknown;
}

function messageOf(fields: TikTokErrorFields): string {
  const codeText = fields.code === null ? (fields.reason ?? 'error') : String(fields.code);
  const request = fields.requestId ? ` (request id ${fields.requestId})` : '';
  return `TikTok ${codeText} on ${fields.endpoint}: ${fields.message}${request}`;
}

/**
 * Base of every error the TikTok client throws, in the one family: `category` is TikTok's meaning (from its
 * code table), and the family's `kind`, `httpStatus` (502 when TikTok refused, 503 when it may pass),
 * `action` and `hint` follow from it, so every face reports it without a TikTok branch of its own.
 */
export class TikTokApiError extends TtadsError {
  readonly category: TikTokErrorCategory;
  /** TikTok's envelope code, null when there was none. */
  readonly tiktokCode: number | null;
  readonly apiMessage: string;
  readonly requestId: string | undefined;
  readonly endpoint: string;
  /** The HTTP status TikTok (or a gateway) answered with. */
  readonly tiktokStatus: number | undefined;
  readonly reason: TransportFailure | undefined;
  attempts: number;

  constructor(
    fields: TikTokErrorFields,
    category?: TikTokErrorCategory,
    extra: Record<string, unknown> = {},
  ) {
    const cat = category ?? (new.target as { category?: TikTokErrorCategory }).category ?? 'unknown';
    const guide = GUIDANCE[cat];
    const retryable = guide.remedy === 'retry' && cat !== 'daily_limit';
    super(messageOf(fields), {
      code: `tiktok_${cat}`,
      kind: guide.kind,
      httpStatus: retryable || cat === 'daily_limit' ? 503 : 502,
      hint: guide.hint,
      action: guide.action,
      publicMessage: retryable
        ? 'TikTok is unavailable at the moment; try again later.'
        : 'TikTok refused the request.',
      // Safe facts for API answers: TikTok's code and category, never request data.
      details: {
        kind: cat,
        code: fields.code,
        hint: guide.hint,
        ...(fields.requestId ? { requestId: fields.requestId } : {}),
        ...extra,
      },
      cause: fields.cause,
    });
    this.category = cat;
    this.tiktokCode = fields.code;
    this.apiMessage = fields.message;
    this.requestId = fields.requestId;
    this.endpoint = fields.endpoint;
    this.tiktokStatus = fields.httpStatus;
    this.reason = fields.reason;
    this.attempts = fields.attempts ?? 1;
  }

  /** What to do, as a machine-readable verb. */
  get remedy(): ErrorAction {
    return GUIDANCE[this.category].remedy;
  }

  /** True when repeating the same request later (within the run) may succeed. */
  get retryable(): boolean {
    return this.category === 'rate_limited' || this.category === 'transient';
  }

  /** Safe for run reports and API answers: no cause chain, no request data. Keys as stored since v1. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.category,
      code: this.tiktokCode,
      message: this.apiMessage,
      requestId: this.requestId,
      endpoint: this.endpoint,
      httpStatus: this.tiktokStatus,
      reason: this.reason,
      attempts: this.attempts,
      action: this.remedy,
      hint: this.hint,
      retryable: this.retryable,
    };
  }
}

/** Throttled (40100, 40132, 61000, HTTP 429): wait, then retry. The request was not applied. */
export class RateLimited extends TikTokApiError {
  static readonly category = 'rate_limited';
  /** Which of the app's windows is spent, from TikTok's message. */
  get window(): QuotaWindow {
    return this.tiktokCode === 40100 ? quotaWindowOf(this.apiMessage) : 'second';
  }
}

/** The app's daily quota (QPD) is spent: nothing more is sent before 00:00 UTC. */
export class DailyLimitReached extends TikTokApiError {
  static readonly category = 'daily_limit';
  /** When the quota resets (the next 00:00 UTC). */
  readonly resumesAt: Date;
  constructor(fields: TikTokErrorFields, resumesAt: Date) {
    super(fields, 'daily_limit', { resumesAt: resumesAt.toISOString() });
    this.resumesAt = resumesAt;
  }
}

/** TikTok or the network failed (5xxxx codes, 40700, HTTP 5xx, gateway pages, timeouts, resets): retry. */
export class Transient extends TikTokApiError {
  static readonly category = 'transient';
}

/** Token or app secret wrong, expired or revoked: the credential must be reauthorized. */
export class InvalidCredentials extends TikTokApiError {
  static readonly category = 'invalid_credentials';
}

/** The app is wrong for the call (40103, 40106, 40107, 40113, 40114): fix the credential's app. */
export class AppInvalid extends TikTokApiError {
  static readonly category = 'app_invalid';
}

/** The app is not allowlisted or permitted for the API (40117, 40118, 40125). */
export class AppNotAllowlisted extends TikTokApiError {
  static readonly category = 'app_not_allowlisted';
}

/** The authorization lacks a scope the call needs (40130). */
export class MissingScope extends TikTokApiError {
  static readonly category = 'missing_scope';
}

/** The token's user lacks a role on the advertiser (40001, 40003, 40301). */
export class MissingPermission extends TikTokApiError {
  static readonly category = 'missing_permission';
}

/** 40300: the advertiser does not exist (or is not visible to this token). */
export class AdvertiserNotFound extends TikTokApiError {
  static readonly category = 'advertiser_not_found';
}

/** TikTok refused the request's content. `index` points at the offending record when TikTok named one. */
export class InvalidRequest extends TikTokApiError {
  static readonly category = 'invalid_request';
  readonly index: number | undefined;

  constructor(fields: TikTokErrorFields) {
    super(fields);
    this.index = parseErrorIndex(fields.message);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), index: this.index };
  }
}

const CLASSES: Record<
  Exclude<TikTokErrorCategory, 'daily_limit'>,
  new (f: TikTokErrorFields) => TikTokApiError
> = {
  rate_limited: RateLimited,
  transient: Transient,
  invalid_credentials: InvalidCredentials,
  app_invalid: AppInvalid,
  app_not_allowlisted: AppNotAllowlisted,
  missing_scope: MissingScope,
  missing_permission: MissingPermission,
  advertiser_not_found: AdvertiserNotFound,
  invalid_request: InvalidRequest,
  unknown: TikTokApiError,
};

/** Builds the typed error for an envelope code and/or HTTP status. */
export function errorFromCode(fields: TikTokErrorFields): TikTokApiError {
  const category = classify(fields.code, fields.httpStatus);
  return new CLASSES[category === 'daily_limit' ? 'rate_limited' : category](fields);
}

/** True when repeating the same request later may succeed. */
export function isRetryable(err: unknown): boolean {
  return err instanceof TikTokApiError && err.retryable;
}

/**
 * Reads the position of the offending record from messages such as `data[3].event_time is too old`
 * or `batch_data[12][0].id ...`, so that the events engine can set one bad record aside and resend.
 */
export function parseErrorIndex(message: string): number | undefined {
  const match = /(?:^|[^\w])(?:data|batch_data|events)\s*\[\s*(\d+)\s*\]/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** Replaces every occurrence of the given secrets; for messages that might echo request data. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}
