import { randomBytes } from 'node:crypto';

/** Default messages for the codes the emulator answers with, worded after TikTok's. */
export const CODE_MESSAGES: Record<number, string> = {
  0: 'OK',
  20001: 'Partial success: some items were not accepted; see data for each one',
  40000: 'Parameter error',
  40001: 'No permission to operate on this advertiser',
  40002: 'Invalid parameters',
  40003: 'Forbidden',
  40007: 'The requested object does not exist',
  40011: 'The number of ids exceeds the limit',
  40061: 'Invalid batch size',
  40062: 'Personal data is not hashed',
  40100: 'Too many requests: the QPS limit was reached',
  40101: 'Invalid app_id or secret',
  40102: 'Access token has expired',
  40104: 'Access token is empty',
  40105: 'Access token is invalid or has been revoked',
  40110: 'Auth code is invalid, used or expired',
  40118: 'The app is not in the whitelist of this API',
  40130: 'Scope not authorized',
  40202: 'Write conflict, please retry',
  40300: 'Advertiser does not exist',
  40700: 'Internal validation error of the request, please retry later',
  50000: 'System error, please retry later',
  50002: 'Request timeout, please retry later',
  60001: 'System under maintenance',
};

/** A TikTok error answer thrown from a handler and turned into an envelope by the app. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message?: string,
  ) {
    super(message ?? CODE_MESSAGES[code] ?? 'Error');
  }
}

/** The envelope every Business API answer is wrapped in. */
export interface Envelope {
  code: number;
  message: string;
  request_id: string;
  data: unknown;
}

let sequence = 0;

/** A request id unique per request, shaped like TikTok's (timestamp digits then random hex). */
export function newRequestId(now: number): string {
  sequence = (sequence + 1) % 0xffffff;
  const stamp = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}${sequence.toString(16).padStart(6, '0').toUpperCase()}${randomBytes(3).toString('hex').toUpperCase()}`;
}

export function envelope(code: number, requestId: string, data: unknown = {}, message?: string): Envelope {
  return { code, message: message ?? CODE_MESSAGES[code] ?? 'Error', request_id: requestId, data };
}

const STATUS_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** The HTML page (not JSON) a gateway answers with when the service behind it fails or is down. */
export function gatewayPage(status: number): string {
  const title = `${status} ${STATUS_TEXT[status] ?? 'Server Error'}`;
  return (
    `<html><head><title>${title}</title></head><body>` +
    `<center><h1>${title}</h1></center><hr><center>emulator-gateway</center></body></html>`
  );
}

export const GATEWAY_503_PAGE = gatewayPage(503);
