import { TtadsError, type ErrorKind } from '../errors.js';

/** The statuses an API answer may have. */
export type HttpStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 502 | 503 | 504;

/** What an answer's status means, so that an HttpError is a TtadsError like the rest. */
const KIND_OF_STATUS: Record<HttpStatus, ErrorKind> = {
  400: 'fix_input',
  401: 'fix_credentials',
  403: 'fix_permissions',
  404: 'not_found',
  409: 'conflict',
  413: 'fix_input',
  422: 'fix_input',
  429: 'retry',
  500: 'internal',
  502: 'internal',
  503: 'retry',
  504: 'retry',
};

/**
 * An HTTP error with a message that names what to fix. With `publicMessage` the message (and details) hold an
 * engine's text, e.g. DuckDB quoting a file: admins get it, business users get `publicMessage` and a
 * reference under which the detail is logged.
 */
export class HttpError extends TtadsError {
  /** What the answer's body says under `details` (zod issues, a connection report...). */
  readonly answerDetails: unknown;
  constructor(
    readonly status: HttpStatus,
    message: string,
    details?: unknown,
    publicMessage?: string,
  ) {
    super(message, {
      code: `http_${status}`,
      kind: KIND_OF_STATUS[status],
      httpStatus: status,
      publicMessage,
    });
    this.answerDetails = details;
  }
}
