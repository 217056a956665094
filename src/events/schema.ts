import { z } from 'zod';
import type { EventRow } from './event-row.js';
import { cellText, createFieldRules, NOT_TEXT, type FieldRule, type FieldValues } from './field-rules.js';
import { finishRow } from './row-validator.js';
import type { EventSettings } from './settings.js';
import {
  describeRejection,
  EVENT_FIELDS,
  isRejectReason,
  Rejection,
  type EventField,
  type EventReject,
} from './vocabulary.js';

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

/**
 * The zod schema of an input row (the seed's offline-event parameters, values as text), bound to the send's
 * settings and to `nowMs`, the instant the 28-day window is measured from. Parsing yields an {@link EventRow};
 * each broken rule is a custom issue whose `params.reason` is a reject code. The rules themselves live in
 * field-rules.ts, which the fast validator runs too.
 */
export function createEventRowSchema(settings: EventSettings, nowMs: number) {
  const rules = createFieldRules(settings, nowMs);
  const shape = Object.fromEntries(
    EVENT_FIELDS.map((field) => [field, column(rules[field] as FieldRule<unknown>)]),
  ) as { [F in EventField]: ReturnType<typeof column<FieldValues[F]>> };
  return z.object(shape).transform((values, ctx): EventRow => {
    const row = finishRow(values, settings, nowMs);
    if (row instanceof Rejection) {
      ctx.addIssue({
        code: 'custom',
        message: describeRejection(row),
        path: [row.field ?? 'event_id'],
        params: { reason: row.reason },
      });
      return z.NEVER;
    }
    return row;
  });
}

export type EventRowSchema = ReturnType<typeof createEventRowSchema>;

/** Turns zod issues into rejects; issues not raised by our columns (e.g. a row that is not an object) become field_invalid. */
export function issuesToRejects(issues: readonly z.core.$ZodIssue[]): EventReject[] {
  return issues.map((issue) => {
    const params = issue.code === 'custom' ? (issue.params as { reason?: unknown } | undefined) : undefined;
    const reason = isRejectReason(params?.reason) ? params.reason : 'field_invalid';
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(row)';
    return { reason, field, message: issue.message };
  });
}
