import { z } from 'zod';
import { cellText, NOT_TEXT } from './fields.js';
import { REJECT_REASONS, type RejectReason } from './reasons.js';
import type { EventField } from './vocabulary.js';

/**
 * A rule broken by one cell; `shown` is the offending value, given only for fields that hold no personal data.
 * `field` names the column at fault when a rule spanning several columns is broken (see finishRow).
 */
export class Rejection {
  constructor(
    readonly reason: RejectReason,
    readonly shown?: string,
    readonly field?: EventField,
  ) {}
}

/** The reject's description, with the offending value when it may be shown. */
export function describeRejection(rejection: Rejection): string {
  const description = REJECT_REASONS[rejection.reason];
  if (rejection.shown === undefined) return description;
  const shown = rejection.shown.length > 40 ? `${rejection.shown.slice(0, 40)}…` : rejection.shown;
  return `${description} Got "${shown}".`;
}

/**
 * A zod schema for one input column: the cell is read as text (absent when blank), then `parse` turns it
 * into the output value or a {@link Rejection}, which becomes a custom issue carrying the reason code.
 */
export function column<T>(parse: (text: string | undefined) => T | Rejection) {
  return z
    .unknown()
    .optional()
    .transform((cell, ctx): T => {
      const text = cellText(cell);
      const result = text === NOT_TEXT ? new Rejection('field_invalid') : parse(text);
      if (result instanceof Rejection) {
        ctx.addIssue({
          code: 'custom',
          message: describeRejection(result),
          params: { reason: result.reason },
        });
        return z.NEVER;
      }
      return result;
    });
}
