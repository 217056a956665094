import { z } from 'zod';
import { column, describeRejection, Rejection } from './columns.js';
import { createFieldRules, type FieldRule, type FieldValues } from './field-rules.js';
import { finishRow } from './finish-row.js';
import { isRejectReason, REJECT_REASONS, type EventReject } from './reasons.js';
import { createFieldValidator } from './row-validator.js';
import type { EventSettings } from './settings.js';
import { EVENT_FIELDS, type EventField } from './vocabulary.js';
import type { EventRow, RowResult } from './event-row.js';

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

/**
 * A validator for one send: call it on each input row (an object keyed by seed parameter names). Same
 * results as {@link createEventRowSchema}, without zod's per-row overhead (see row-validator.ts).
 */
export function createRowValidator(settings: EventSettings, nowMs: number): (raw: unknown) => RowResult {
  const validate = createFieldValidator(settings, nowMs, EVENT_FIELDS);
  const values: unknown[] = new Array(EVENT_FIELDS.length);
  return (raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return {
        ok: false,
        rejects: [{ reason: 'field_invalid', field: '(row)', message: REJECT_REASONS.field_invalid }],
      };
    }
    const record = raw as Record<string, unknown>;
    for (let i = 0; i < EVENT_FIELDS.length; i++) values[i] = record[EVENT_FIELDS[i]!];
    return validate(values);
  };
}
