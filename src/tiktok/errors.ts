import { classify, type ErrorKind } from './classify.js';

export { classify, type ErrorKind } from './classify.js';

/** What the caller (or the user, through a workflow action) should do about an error. */
export type ErrorAction =
  'retry' | 'reauthorize' | 'fix_permissions' | 'fix_configuration' | 'fix_input' | 'investigate';

/** How a request failed when TikTok gave no usable envelope. */
export type TransportFailure = 'timeout' | 'network' | 'http_status' | 'non_json';

const GUIDANCE: Record<ErrorKind, { action: ErrorAction; hint: string }> = {
  rate_limited: {
    action: 'retry',
    hint: 'TikTok throttled the requests (QPS limit); wait and retry, or lower the requests-per-second setting.',
  },
  transient: {
    action: 'retry',
    hint: 'TikTok or the network failed temporarily; retry later.',
  },
  invalid_credentials: {
    action: 'reauthorize',
    hint: 'The access token or app credentials are invalid, expired or revoked; reauthorize the credential.',
  },
  missing_permission: {
    action: 'fix_permissions',
    hint:
      'The authorizing user lacks permission on this advertiser (Operator or Admin role and the audience/event ' +
      'scopes are required); reauthorize with a user that has the Operator role.',
  },
  advertiser_not_found: {
    action: 'fix_configuration',
    hint: 'The advertiser id does not exist or is not authorized for this credential; check the advertiser id.',
  },
  invalid_request: {
    action: 'fix_input',
    hint: 'TikTok rejected the content of the request; fix the field named in the message.',
  },
  unknown: {
    action: 'investigate',
    hint: 'TikTok answered with an unexpected code; check the request id with TikTok support.',
  },
};

/** Fields every TikTok error carries. Never put a token or secret in any of them. */
export interface TikTokErrorFields {
  /** TikTok's envelope code; null when the answer had no envelope (timeout, gateway page...). */
  code: number | null;
  /** TikTok's message, or a description of the transport failure. */
  message: string;
  requestId?: string | undefined;
  /** API path relative to `/open_api/v1.3/`, without query string (it may hold the app secret). */
  endpoint: string;
  httpStatus?: number | undefined;
  reason?: TransportFailure | undefined;
  /** Attempts made before giving up, filled in by the transport. */
  attempts?: number | undefined;
  cause?: unknown;
}

/** Base of every error the TikTok client throws. `kind` says what to do; `action`/`hint` say it in words. */
export class TikTokApiError extends Error {
  readonly kind: ErrorKind = 'unknown';
  readonly code: number | null;
  readonly apiMessage: string;
  readonly requestId: string | undefined;
  readonly endpoint: string;
  readonly httpStatus: number | undefined;
  readonly reason: TransportFailure | undefined;
  attempts: number;

  constructor(fields: TikTokErrorFields) {
    const codeText = fields.code === null ? (fields.reason ?? 'error') : String(fields.code);
    super(`TikTok ${codeText} on ${fields.endpoint}: ${fields.message}`, { cause: fields.cause });
    this.name = new.target.name;
    this.code = fields.code;
    this.apiMessage = fields.message;
    this.requestId = fields.requestId;
    this.endpoint = fields.endpoint;
    this.httpStatus = fields.httpStatus;
    this.reason = fields.reason;
    this.attempts = fields.attempts ?? 1;
  }

  /** What to do, as a machine-readable verb. */
  get action(): ErrorAction {
    return GUIDANCE[this.kind].action;
  }

  /** What to do, in a sentence a user can act on. */
  get hint(): string {
    return GUIDANCE[this.kind].hint;
  }

  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'transient';
  }

  /** Safe for run reports and API answers: no cause chain, no request data. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      code: this.code,
      message: this.apiMessage,
      requestId: this.requestId,
      endpoint: this.endpoint,
      httpStatus: this.httpStatus,
      reason: this.reason,
      attempts: this.attempts,
      action: this.action,
      hint: this.hint,
      retryable: this.retryable,
    };
  }
}

/** Throttled (40100, 40132, 61000, HTTP 429): wait longer, then retry. The request was not applied. */
export class RateLimited extends TikTokApiError {
  override readonly kind = 'rate_limited';
}

/** TikTok or the network failed (5xxxx codes, HTTP 5xx, gateway pages, timeouts, resets): retry. */
export class Transient extends TikTokApiError {
  override readonly kind = 'transient';
}

/** Token or app credentials are wrong, expired or revoked: the credential must be reauthorized. */
export class InvalidCredentials extends TikTokApiError {
  override readonly kind = 'invalid_credentials';
}

/** The token's user or app lacks a role or scope on the advertiser. */
export class MissingPermission extends TikTokApiError {
  override readonly kind = 'missing_permission';
}

/** 40300: the advertiser does not exist (or is not visible to this token). */
export class AdvertiserNotFound extends TikTokApiError {
  override readonly kind = 'advertiser_not_found';
}

/** TikTok refused the request's content. `index` points at the offending record when TikTok named one. */
export class InvalidRequest extends TikTokApiError {
  override readonly kind = 'invalid_request';
  readonly index: number | undefined;

  constructor(fields: TikTokErrorFields) {
    super(fields);
    this.index = parseErrorIndex(fields.message);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), index: this.index };
  }
}

const CLASSES: Record<ErrorKind, new (fields: TikTokErrorFields) => TikTokApiError> = {
  rate_limited: RateLimited,
  transient: Transient,
  invalid_credentials: InvalidCredentials,
  missing_permission: MissingPermission,
  advertiser_not_found: AdvertiserNotFound,
  invalid_request: InvalidRequest,
  unknown: TikTokApiError,
};

/** Builds the error class matching `kind`. */
export function createTikTokError(kind: ErrorKind, fields: TikTokErrorFields): TikTokApiError {
  return new CLASSES[kind](fields);
}

/** Builds the typed error for an envelope code and/or HTTP status. */
export function errorFromCode(fields: TikTokErrorFields): TikTokApiError {
  return createTikTokError(classify(fields.code, fields.httpStatus), fields);
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
