import { ConflictError, ValidationError, type FieldIssue } from '../config/index.js';
import { TtadsError } from '../errors.js';
import { SourceError } from '../sources/index.js';
import { HttpError, type HttpStatus } from './http-error.js';

const STATUSES: readonly HttpStatus[] = [400, 401, 403, 404, 409, 422, 500, 502, 503];

function httpStatus(status: number): HttpStatus {
  if ((STATUSES as readonly number[]).includes(status)) return status as HttpStatus;
  return status >= 500 ? 500 : 400;
}

/** Whether an engine's error (a source that could not be read) is behind `err`, looking through `cause`. */
function engineCaused(err: unknown): boolean {
  let current: unknown = (err as { cause?: unknown }).cause;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof SourceError) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function named(where: string, path: string | undefined): string {
  return [where, path].filter((p) => p !== undefined && p !== '').join('.');
}

/**
 * Turns a {@link TtadsError} into the {@link HttpError} the API answers with: its `httpStatus`, its message
 * (naming the field at fault, `body.settings.advertiserId: ...`, for input and conflicts), `code` and
 * `details`. `where` is the part of the request the input came from. An `internal` error, or one outside the
 * family, is returned unchanged: a 500 with a reference for the app.
 */
export function toHttpError(err: unknown, where = 'body'): unknown {
  if (err instanceof HttpError) return err;
  if (err instanceof ValidationError) {
    const issues: FieldIssue[] = err.issues.map((i) => ({ path: named(where, i.path), message: i.message }));
    return new HttpError(
      400,
      `Invalid request: ${issues.map((i) => `${i.path || where}: ${i.message}`).join('; ')}`,
      issues,
      // The engine's text may quote what it read (a file's lines); the field at fault is still named.
      engineCaused(err)
        ? `Invalid request: ${issues.map((i) => i.path || where).join(', ')} could not be read.`
        : undefined,
    );
  }
  if (err instanceof ConflictError) {
    const field = err.field ? named(where, err.field) : undefined;
    return new HttpError(httpStatus(err.httpStatus), field ? `${field}: ${err.message}` : err.message, {
      code: err.code,
      ...(field ? { field } : {}),
    });
  }
  if (err instanceof TtadsError && err.kind !== 'internal') {
    return new HttpError(
      httpStatus(err.httpStatus),
      err.message,
      { code: err.code, ...err.details },
      err.publicMessage,
    );
  }
  return err;
}
