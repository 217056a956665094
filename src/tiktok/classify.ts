/**
 * What a failed TikTok answer means for the caller, read from TikTok's code table (Business API "Return
 * codes"; the same table the official business-api SDK ships).
 */
export type TikTokErrorCategory =
  | 'rate_limited'
  | 'daily_limit'
  | 'transient'
  | 'invalid_credentials'
  | 'app_invalid'
  | 'app_not_allowlisted'
  | 'missing_scope'
  | 'missing_permission'
  | 'advertiser_not_found'
  | 'invalid_request'
  | 'unknown';

/** 40100 the app's QPS/QPM/QPD, 40132 an endpoint's own limit, 61000 a platform-wide limit. */
const RATE_LIMITED = new Set([40100, 40132, 61000]);
/** The token (expired 40102, empty 40104, invalid 40105), the app secret (40101), the auth code (40110). */
const INVALID_CREDENTIALS = new Set([40101, 40102, 40104, 40105, 40110]);
/**
 * The app itself is wrong for this call: 40103 wrong authorization type, 40106 app not found, 40107 app not
 * activated, 40113 the token belongs to another app, 40114 app invalid. Reauthorizing does not help.
 */
const APP_INVALID = new Set([40103, 40106, 40107, 40113, 40114]);
/** 40117 app not permitted, 40118 app not allowlisted for the API, 40125 API needs TikTok's approval. */
const APP_NOT_ALLOWLISTED = new Set([40117, 40118, 40125]);
/** 40001 no permission on the advertiser, 40003 no permission on the resource, 40301 role too weak. */
const MISSING_PERMISSION = new Set([40001, 40003, 40301]);
/**
 * 4xxxx codes that go away by waiting: 40201 task not ready, 40202 write conflict, 40700 "system busy"
 * (TikTok asks to retry it, unlike the rest of 4xxxx).
 */
const TRANSIENT_4XXXX = new Set([40201, 40202, 40700]);

function classifyCode(code: number): TikTokErrorCategory {
  if (RATE_LIMITED.has(code)) return 'rate_limited';
  if (INVALID_CREDENTIALS.has(code)) return 'invalid_credentials';
  if (APP_INVALID.has(code)) return 'app_invalid';
  if (APP_NOT_ALLOWLISTED.has(code)) return 'app_not_allowlisted';
  if (code === 40130) return 'missing_scope';
  if (MISSING_PERMISSION.has(code)) return 'missing_permission';
  if (code === 40300) return 'advertiser_not_found';
  if (TRANSIENT_4XXXX.has(code)) return 'transient';
  // 50000 system error, 50002 timeout, 51xxx/52xxx internal, 60001 maintenance: all server side.
  if (code >= 50000 && code < 70000) return 'transient';
  if (code >= 40000 && code < 50000) return 'invalid_request';
  return 'unknown';
}

function classifyStatus(status: number): TikTokErrorCategory {
  if (status >= 500 || status === 408) return 'transient';
  if (status === 429) return 'rate_limited';
  if (status === 401) return 'invalid_credentials';
  if (status === 403) return 'missing_permission';
  if (status >= 400) return 'invalid_request';
  return 'unknown';
}

/**
 * Pure mapping from a TikTok envelope code and/or HTTP status to a category. HTTP 5xx wins (a gateway
 * failed, whatever it wrote); otherwise a non-zero envelope code decides; otherwise the HTTP status.
 * Success codes (0, 20001) are not failures and come back as `unknown`.
 */
export function classify(code: number | null | undefined, httpStatus?: number): TikTokErrorCategory {
  if (httpStatus !== undefined && httpStatus >= 500) return 'transient';
  if (code !== null && code !== undefined && code !== 0 && code !== 20001) return classifyCode(code);
  if (httpStatus !== undefined) return classifyStatus(httpStatus);
  return 'unknown';
}

/** Which of the app's windows a throttling answer (40100) says is spent. */
export type QuotaWindow = 'second' | 'minute' | 'day';

/**
 * TikTok answers 40100 for each of QPS, QPM and QPD and names the window in its message ("...QPM...",
 * "per minute", "daily"); a message that names none is the per-second limit, the common case.
 */
export function quotaWindowOf(message: string): QuotaWindow {
  if (/\bQPD\b|per day|daily|\bday\b/i.test(message)) return 'day';
  if (/\bQPM\b|per minute|\bminute\b/i.test(message)) return 'minute';
  return 'second';
}
