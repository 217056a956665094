import { errorFromCode, redactSecrets, Transient, type TikTokApiError } from './errors.js';

/** A successful answer: `data` plus what the envelope said about it. */
export interface TikTokResult<T> {
  data: T;
  /** 0, or 20001 when TikTok applied only part of the request. */
  code: number;
  message: string;
  requestId: string | undefined;
  /** True for 20001: the caller must look into `data` for what was refused. */
  partial: boolean;
}

export type EnvelopeOutcome<T> = { ok: true; result: TikTokResult<T> } | { ok: false; error: TikTokApiError };

export interface RawAnswer {
  status: number;
  body: string;
  endpoint: string;
  /** Values to blank out if TikTok echoes them in a message. */
  secrets?: readonly (string | undefined)[];
}

interface Envelope {
  code: number;
  message?: unknown;
  request_id?: unknown;
  data?: unknown;
}

function parseEnvelope(body: string): Envelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const code = (parsed as { code?: unknown }).code;
  // Some gateways answer JSON of their own; only TikTok's envelope has a numeric code.
  const numeric = typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : code;
  if (typeof numeric !== 'number' || !Number.isInteger(numeric)) return undefined;
  return { ...parsed, code: numeric };
}

/**
 * Turns one HTTP answer into data or a typed error. Pure: no I/O, so every shape TikTok (or a gateway in
 * front of it) can produce is unit-tested here.
 */
export function readEnvelope<T>(answer: RawAnswer): EnvelopeOutcome<T> {
  const { status, endpoint } = answer;
  const envelope = parseEnvelope(answer.body);
  if (!envelope) {
    const reason = status >= 200 && status < 300 ? 'non_json' : 'http_status';
    const message = `HTTP ${status} with no TikTok envelope (gateway or proxy page)`;
    // A 2xx page that is not TikTok's JSON comes from a gateway in trouble: worth a retry.
    const error =
      reason === 'non_json'
        ? new Transient({ code: null, message, endpoint, httpStatus: status, reason })
        : errorFromCode({ code: null, message, endpoint, httpStatus: status, reason });
    return { ok: false, error };
  }
  const message = redactSecrets(
    typeof envelope.message === 'string' ? envelope.message : '',
    answer.secrets ?? [],
  );
  const requestId = typeof envelope.request_id === 'string' ? envelope.request_id : undefined;
  const success = envelope.code === 0 || envelope.code === 20001;
  if (success && status >= 200 && status < 300) {
    return {
      ok: true,
      result: {
        data: (envelope.data ?? {}) as T,
        code: envelope.code,
        message,
        requestId,
        partial: envelope.code === 20001,
      },
    };
  }
  const error = errorFromCode({
    code: success ? null : envelope.code,
    message: message || `HTTP ${status}`,
    requestId,
    endpoint,
    httpStatus: status,
    reason: success ? 'http_status' : undefined,
  });
  return { ok: false, error };
}
