import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import { HttpError, type Caller } from './routes.js';

/** A JSON error answer: the message, and a reference when the detail was logged instead of answered. */
export interface ErrorAnswer {
  status: HttpError['status'];
  body: { error: string; reference?: string; details?: unknown };
}

/** A short id that finds the logged detail of one answer, e.g. `err_4f0c2a9b1d3e`. */
export function newReference(): string {
  return `err_${randomBytes(6).toString('hex')}`;
}

const seeLog = (reference: string): string =>
  ` Reference ${reference}: an admin can find the detail in the server log.`;

/**
 * What a failed request answers. Admins get an {@link HttpError}'s message and details as they are. Business
 * users get its public message when it has one (the detail holds an engine's text: DuckDB quoting a file, a
 * TikTok message) with a reference, and the detail is logged under that reference. An unexpected error is a
 * 500 with a reference for everyone, logged with its stack.
 */
export function errorAnswer(
  err: unknown,
  ctx: { caller: Caller | undefined; path: string; logger: Logger },
): ErrorAnswer {
  if (err instanceof HttpError) {
    if (err.publicMessage === undefined || ctx.caller?.role === 'admin') {
      return {
        status: err.status,
        body: { error: err.message, ...(err.answerDetails ? { details: err.answerDetails } : {}) },
      };
    }
    const reference = newReference();
    ctx.logger.warn(
      {
        reference,
        status: err.status,
        path: ctx.path,
        keyId: ctx.caller?.keyId,
        detail: err.message,
        details: err.answerDetails,
      },
      'request refused; its detail is for admins',
    );
    return { status: err.status, body: { error: `${err.publicMessage}${seeLog(reference)}`, reference } };
  }
  const reference = newReference();
  ctx.logger.error({ err, reference, path: ctx.path, keyId: ctx.caller?.keyId }, 'request failed');
  return { status: 500, body: { error: `Internal error.${seeLog(reference)}`, reference } };
}
