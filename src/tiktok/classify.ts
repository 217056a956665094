/** What a failed TikTok answer means for the caller. */
export type ErrorKind =
  | 'rate_limited'
  | 'transient'
  | 'invalid_credentials'
  | 'missing_permission'
  | 'advertiser_not_found'
  | 'invalid_request'
  | 'unknown';

const RATE_LIMITED = new Set([40100, 40132, 61000]);
const INVALID_CREDENTIALS = new Set([40101, 40102, 40104, 40105, 40110]);
const MISSING_PERMISSION = new Set([40001, 40003, 40130, 40301]);
/** 40201 task not ready and 40202 write conflict go away by waiting, unlike the rest of 4xxxx. */
const TRANSIENT_4XXXX = new Set([40201, 40202]);

function classifyCode(code: number): ErrorKind {
  if (RATE_LIMITED.has(code)) return 'rate_limited';
  if (INVALID_CREDENTIALS.has(code)) return 'invalid_credentials';
  if (MISSING_PERMISSION.has(code)) return 'missing_permission';
  if (code === 40300) return 'advertiser_not_found';
  if (TRANSIENT_4XXXX.has(code)) return 'transient';
  // 50000 system error, 50002 timeout, 51xxx/52xxx internal, 60001 maintenance: all server side.
  if (code >= 50000 && code < 70000) return 'transient';
  if (code >= 40000 && code < 50000) return 'invalid_request';
  return 'unknown';
}

function classifyStatus(status: number): ErrorKind {
  if (status >= 500 || status === 408) return 'transient';
  if (status === 429) return 'rate_limited';
  if (status === 401) return 'invalid_credentials';
  if (status === 403) return 'missing_permission';
  if (status >= 400) return 'invalid_request';
  return 'unknown';
}

/**
 * Pure mapping from a TikTok envelope code and/or HTTP status to an error kind. HTTP 5xx wins (a gateway
 * failed, whatever it wrote); otherwise a non-zero envelope code decides; otherwise the HTTP status.
 * Success codes (0, 20001) are not failures and come back as `unknown`.
 */
export function classify(code: number | null | undefined, httpStatus?: number): ErrorKind {
  if (httpStatus !== undefined && httpStatus >= 500) return 'transient';
  if (code !== null && code !== undefined && code !== 0 && code !== 20001) return classifyCode(code);
  if (httpStatus !== undefined) return classifyStatus(httpStatus);
  return 'unknown';
}
