import type {
  Json,
  JsonObject,
  StatusChange,
  StepRecord,
  StepStatus,
  WorkflowAction,
  WorkflowRecord,
  WorkflowStatus,
} from './types.js';

/** Columns of `workflows` read by the repositories. */
export const WORKFLOW_COLUMNS =
  'id, kind, subject, status, current_step, settings, input, action, error, claimed_by, lease_until, runs, ' +
  'created_at, updated_at, finished_at';

/** A `workflows` row as the drivers return it. */
export interface WorkflowRow {
  id: string;
  kind: string;
  subject: JsonObject;
  status: WorkflowStatus;
  current_step: string | null;
  settings: JsonObject;
  input: JsonObject;
  action: WorkflowAction | null;
  error: JsonObject | null;
  claimed_by: string | null;
  lease_until: Date | null;
  runs: number;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/** Maps a `workflows` row to its record. */
export function toWorkflow(row: WorkflowRow): WorkflowRecord {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    status: row.status,
    currentStep: row.current_step,
    settings: row.settings,
    input: row.input,
    action: row.action,
    error: row.error,
    claimedBy: row.claimed_by,
    leaseUntil: row.lease_until,
    runs: row.runs,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

/** Columns of `workflow_steps` read by the repositories. */
export const STEP_COLUMNS =
  'workflow_id, position, name, status, attempts, failures, output, error, started_at, finished_at';

/** A `workflow_steps` row as the drivers return it. */
export interface StepRow {
  workflow_id: string;
  position: number;
  name: string;
  status: StepStatus;
  attempts: number;
  failures: number;
  output: Json | null;
  error: JsonObject | null;
  started_at: Date | null;
  finished_at: Date | null;
}

/** Maps a `workflow_steps` row to its record. */
export function toStep(row: StepRow): StepRecord {
  return {
    workflowId: row.workflow_id,
    position: row.position,
    name: row.name,
    status: row.status,
    attempts: row.attempts,
    failures: row.failures,
    output: row.output,
    error: row.error,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** A `workflow_history` row as the drivers return it. */
export interface HistoryRow {
  id: number | string;
  workflow_id: string;
  at: Date;
  from_status: WorkflowStatus | null;
  to_status: WorkflowStatus;
  step: string | null;
  note: string | null;
  detail: JsonObject | null;
}

/** Maps a `workflow_history` row to its record. */
export function toStatusChange(row: HistoryRow): StatusChange {
  return {
    id: Number(row.id),
    workflowId: row.workflow_id,
    at: row.at,
    from: row.from_status,
    to: row.to_status,
    step: row.step,
    note: row.note,
    detail: row.detail,
  };
}

/** JSON text for a `jsonb` parameter (top-level `undefined` becomes null). */
export function toJsonParam(value: unknown): string {
  return JSON.stringify(value ?? null);
}
