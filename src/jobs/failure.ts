import { TtadsError, type WorkflowActionType } from '../errors.js';
import { DailyLimitReached, TikTokApiError } from '../tiktok/index.js';
import { buildAction } from './actions.js';
import type { JsonObject, WorkflowAction } from './types.js';

/** Thrown by a step when a person must act, e.g. `invalid_input` when every row was rejected. */
export class ActionRequiredError extends TtadsError {
  override name = 'ActionRequiredError';
  constructor(
    readonly actionType: WorkflowActionType,
    message: string,
    /** Safe, structured facts shown with the action (counts, reasons); never personal data. */
    readonly detail: JsonObject = {},
  ) {
    super(message, { code: actionType, kind: 'action_required', action: actionType, details: detail });
  }
}

/** Thrown by a step for a failure that may go away by itself (e.g. the source database restarting). */
export class TransientStepError extends TtadsError {
  override name = 'TransientStepError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { code: 'transient_step', kind: 'retry', cause: options?.cause });
  }
}

/**
 * The `invalid_input` signal for a step whose every row was rejected; `rejected` counts rows by reason.
 * `runId` names the run that rejected them (its report and rejects file are stored with it), so the
 * workflow action can offer its rejects.
 */
export function allRowsRejected(
  rowsRead: number,
  rejected: Record<string, number>,
  runId?: string,
): ActionRequiredError {
  const reasons = Object.entries(rejected)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason}: ${n}`)
    .join(', ');
  return new ActionRequiredError(
    'invalid_input',
    `All ${rowsRead} rows were rejected${reasons ? ` (${reasons})` : ''}.`,
    { rowsRead, rejected, ...(runId ? { runId } : {}) },
  );
}

/** Details as stored JSON: structured facts only, so a round trip through JSON drops nothing that matters. */
function asJson(details: Record<string, unknown>): JsonObject {
  return JSON.parse(JSON.stringify(details)) as JsonObject;
}

/** What the runner does after a step threw. */
export type StepFailure =
  | { kind: 'retry'; error: JsonObject }
  | { kind: 'action'; action: WorkflowAction; error: JsonObject }
  | { kind: 'failed'; error: JsonObject };

/** The TikTok error behind `err`, looking through `cause` (engines wrap errors, e.g. EventsRunError). */
export function findTikTokError(err: unknown): TikTokApiError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof TikTokApiError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The error as stored with a step: TikTok's safe fields, or name and message. */
export function errorJson(err: unknown): JsonObject {
  const tiktok = findTikTokError(err);
  if (tiktok) return JSON.parse(JSON.stringify(tiktok.toJSON())) as JsonObject;
  if (err instanceof TtadsError && err.action) {
    return { name: err.name, message: err.message, detail: asJson(err.details ?? {}) };
  }
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/** What TikTok answered, for an action's detail: endpoint, message, code and request id. */
export function tiktokDetail(e: TikTokApiError): string {
  const code = e.tiktokCode === null ? (e.reason ?? 'transport error') : `code ${e.tiktokCode}`;
  const request = e.requestId ? `, request id ${e.requestId}` : '';
  return `TikTok answered on ${e.endpoint}: ${e.apiMessage} (${code}${request}).`;
}

/**
 * Decides what a step's error means, from the family's fields (`action`, `kind`): a workflow action a person
 * must handle, a retry (transient TikTok or step failures while `failures` — this one included — stay under
 * `retryBudget`; after that TikTok's become `tiktok_unavailable`), or a plain failure.
 */
export function classifyStepError(
  err: unknown,
  opts: { step: string; failures: number; retryBudget: number },
): StepFailure {
  const error = errorJson(err);
  const tiktok = findTikTokError(err);
  // An error that names its action (ActionRequiredError, an engine's refusal such as EmptyAudienceRefused, a
  // destination's failure mapped by its own rules such as the audience limit of custom audiences), else
  // TikTok's error, even wrapped by an engine (EventsRunError): it says what it calls for.
  const cause = err instanceof TtadsError && err.action ? err : (tiktok ?? err);
  if (cause instanceof TtadsError && cause.action) {
    const detail = cause === tiktok ? tiktokDetail(tiktok) : (cause.actionDetail ?? cause.message);
    // The daily limit ends by itself at 00:00 UTC: the action says when the workflow continues.
    const resumesAt =
      cause.action === 'tiktok_daily_limit' && tiktok instanceof DailyLimitReached
        ? tiktok.resumesAt
        : undefined;
    return {
      kind: 'action',
      error,
      action: buildAction(cause.action, { step: opts.step, error, detail, resumesAt }),
    };
  }
  if (cause instanceof TtadsError && cause.kind === 'retry') {
    if (opts.failures < opts.retryBudget) return { kind: 'retry', error };
    if (!tiktok) return { kind: 'failed', error };
    const detail = `${opts.failures} attempts failed; the last: ${tiktokDetail(tiktok)}`;
    return {
      kind: 'action',
      error,
      action: buildAction('tiktok_unavailable', { step: opts.step, error, detail }),
    };
  }
  return { kind: 'failed', error };
}
