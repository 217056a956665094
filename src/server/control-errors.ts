import {
  ConfigError,
  ConflictError,
  ConnectionTestFailed,
  ValidationError,
  type FieldIssue,
} from '../config/index.js';
import { WorkflowStateError } from '../jobs/index.js';
import { SourceError } from '../sources/index.js';
import { TikTokApiError } from '../tiktok/index.js';
import { HttpError, route, type RouteSpec } from './routes.js';
import type { z } from 'zod';

type HttpStatus = HttpError['status'];
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
 * Turns the typed errors of the control plane, the workflow engine and the TikTok client into an
 * {@link HttpError} whose message names the field at fault (`body.settings.advertiserId: ...`). `where` is
 * the part of the request the input came from. Anything else is returned unchanged (a 500 for the app).
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
  if (err instanceof ConnectionTestFailed) {
    return new HttpError(422, err.message, { code: err.code, report: err.report });
  }
  if (err instanceof ConflictError) {
    const field = err.field ? named(where, err.field) : undefined;
    return new HttpError(409, field ? `${field}: ${err.message}` : err.message, {
      code: err.code,
      ...(field ? { field } : {}),
    });
  }
  if (err instanceof ConfigError) {
    return new HttpError(httpStatus(err.status), err.message, { code: err.code });
  }
  if (err instanceof WorkflowStateError) {
    return new HttpError(err.status === undefined ? 404 : 409, err.message, { status: err.status ?? null });
  }
  if (err instanceof TikTokApiError) {
    // TikTok's own failure is not the caller's: 503 when it may pass, 502 when TikTok refused.
    return new HttpError(
      err.retryable ? 503 : 502,
      err.message,
      {
        kind: err.kind,
        code: err.code,
        hint: err.hint,
        ...(err.requestId ? { requestId: err.requestId } : {}),
      },
      err.retryable ? 'TikTok is unavailable at the moment; try again later.' : 'TikTok refused the request.',
    );
  }
  return err;
}

/** Declares a route (like `route`) whose handler's typed errors become 4xx/5xx answers naming the field. */
export function controlRoute<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>(
  spec: RouteSpec<Q, B>,
): RouteSpec {
  const where = spec.body ? 'body' : 'query';
  return route<Q, B>({
    ...spec,
    handler: async (input) => {
      try {
        return await spec.handler(input);
      } catch (err) {
        throw toHttpError(err, where);
      }
    },
  });
}

/** The `:id` path parameter (Hono always sets it on routes that declare it). */
export function idParam(params: Record<string, string>): string {
  return params.id ?? '';
}
