import { randomUUID } from 'node:crypto';
import type { Queryable } from './store.js';

/** What a run does: sync a custom audience or send offline events. */
export type RunKind = 'audience' | 'events';
/** `running` until it ends; a run whose process died stays `running` until a later run resumes it. */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'dry_run';

/**
 * What made a run, stored in its params as `origin`: the workflow, its step and the step's execution number
 * (each attempt of a step, a Resolve included, makes a run of its own). Runs started from the command line
 * have none. Engine-neutral: the engines store it as given.
 */
export interface RunOrigin {
  workflowId: string;
  step: string;
  attempt: number;
}

/** The origin named in a run's params, when it names a valid one. */
export function runOriginOf(params: Record<string, unknown>): RunOrigin | undefined {
  const o = params.origin as Partial<RunOrigin> | null | undefined;
  if (!o || typeof o !== 'object') return undefined;
  if (typeof o.workflowId !== 'string' || typeof o.step !== 'string' || typeof o.attempt !== 'number')
    return undefined;
  return { workflowId: o.workflowId, step: o.step, attempt: o.attempt };
}

/** One stored run with its report (the JSON the engine produced). */
export interface RunRecord {
  id: string;
  kind: RunKind;
  status: RunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  params: Record<string, unknown>;
  report: Record<string, unknown> | null;
  error: Record<string, unknown> | null;
  /** While TikTok pauses the running run: until when and why (see `run-pause.ts`); null otherwise. */
  pause: RunPause | null;
}

/** Why and until when TikTok paused a running run, as stored in `runs.pause`. */
export interface RunPause {
  /** ISO time when sending resumes. */
  until: string;
  /** `throttled`: the app's per-minute quota is spent (TikTok's suspension); `outage`: TikTok kept failing. */
  reason: 'throttled' | 'outage';
  /** "paused by TikTok until HH:MM UTC". */
  message: string;
}

interface RunRow {
  id: string;
  kind: RunKind;
  status: RunStatus;
  started_at: Date;
  finished_at: Date | null;
  params: Record<string, unknown>;
  report: Record<string, unknown> | null;
  error: Record<string, unknown> | null;
  pause: RunPause | null;
}

const COLUMNS = 'id, kind, status, started_at, finished_at, params, report, error, pause';

function toRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    params: row.params,
    report: row.report,
    error: row.error,
    pause: row.pause ?? null,
  };
}

/** Records the start of a run; `params` must hold no token, secret or personal data. */
export async function startRun(
  db: Queryable,
  input: { kind: RunKind; params: Record<string, unknown>; id?: string },
): Promise<string> {
  const id = input.id ?? randomUUID();
  await db.query(`INSERT INTO runs (id, kind, status, params) VALUES ($1, $2, 'running', $3::jsonb)`, [
    id,
    input.kind,
    JSON.stringify(input.params),
  ]);
  return id;
}

/** Stores the report of a run as it goes, so a run that dies still shows how far it got. */
export async function saveRunReport(
  db: Queryable,
  id: string,
  report: Record<string, unknown>,
): Promise<void> {
  await db.query(`UPDATE runs SET report = $2::jsonb WHERE id = $1`, [id, JSON.stringify(report)]);
}

/** Ends a run with its final status, report and (on failure) the error shown to the user. */
export async function finishRun(
  db: Queryable,
  id: string,
  outcome: {
    status: Exclude<RunStatus, 'running'>;
    report?: Record<string, unknown>;
    error?: Record<string, unknown>;
  },
): Promise<void> {
  await db.query(
    `UPDATE runs SET status = $2, finished_at = now(), report = COALESCE($3::jsonb, report), error = $4::jsonb,
       pause = NULL
     WHERE id = $1`,
    [
      id,
      outcome.status,
      outcome.report ? JSON.stringify(outcome.report) : null,
      outcome.error ? JSON.stringify(outcome.error) : null,
    ],
  );
}

/** One run by id. */
export async function getRun(db: Queryable, id: string): Promise<RunRecord | undefined> {
  const row = await db.queryOne<RunRow>(`SELECT ${COLUMNS} FROM runs WHERE id = $1`, [id]);
  return row ? toRecord(row) : undefined;
}

/**
 * Latest runs first, optionally of one kind, matching params fields (`params @> filter`), and made by one
 * workflow (`params.origin.workflowId`).
 */
export async function listRuns(
  db: Queryable,
  filter: { kind?: RunKind; params?: Record<string, unknown>; workflowId?: string; limit?: number } = {},
): Promise<RunRecord[]> {
  const params = filter.workflowId
    ? { ...filter.params, origin: { workflowId: filter.workflowId } }
    : filter.params;
  const rows = await db.query<RunRow>(
    `SELECT ${COLUMNS} FROM runs
     WHERE ($1::text IS NULL OR kind = $1) AND ($2::jsonb IS NULL OR params @> $2::jsonb)
     ORDER BY started_at DESC, id DESC LIMIT $3`,
    [filter.kind ?? null, params ? JSON.stringify(params) : null, filter.limit ?? 50],
  );
  return rows.map(toRecord);
}
