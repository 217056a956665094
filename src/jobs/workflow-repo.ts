import { TtadsError } from '../errors.js';
import { randomUUID } from 'node:crypto';
import { workflowRunPause } from '../store/run-pause.js';
import type { Queryable, Store } from '../store/store.js';
import { listStatusChanges, recordStatusChange } from './history-repo.js';
import {
  STEP_COLUMNS,
  toJsonParam,
  toStep,
  toWorkflow,
  WORKFLOW_COLUMNS,
  type StepRow,
  type WorkflowRow,
} from './rows.js';
import type {
  JsonObject,
  StepRecord,
  WorkflowAction,
  WorkflowDetails,
  WorkflowRecord,
  WorkflowStatus,
} from './types.js';

/** What a new workflow is made of. */
export interface NewWorkflow {
  /** Defaults to a random UUID. */
  id?: string;
  kind: string;
  /** Ids of what it runs for (orchestration, campaign, destination...). */
  subject?: JsonObject;
  /** Step names, run in this order; each must be registered with the engine that runs it. */
  steps: readonly string[];
  /** The resolved settings of this run; never secrets. */
  settings?: JsonObject;
  input?: JsonObject;
}

/** Raised when a workflow is not in a status that allows the operation (e.g. Resolve of a running one). */
export class WorkflowStateError extends TtadsError {
  override name = 'WorkflowStateError';
  constructor(
    message: string,
    readonly status: WorkflowStatus | undefined,
  ) {
    // No status: the workflow does not exist (404); otherwise it is in the wrong status (409).
    super(
      message,
      status === undefined
        ? { code: 'not_found', kind: 'not_found', details: { status: null } }
        : { code: 'workflow_state', kind: 'conflict', details: { status } },
    );
  }
}

/** Throws unless the workflow exists and has stopped (`action_required` or `failed`), the statuses Resolve accepts. */
export function assertStopped<T extends { status: WorkflowStatus }>(
  id: string,
  row: T | undefined,
): asserts row is T {
  if (row?.status === 'action_required' || row?.status === 'failed') return;
  throw new WorkflowStateError(
    row ? `workflow ${id} is ${row.status}; only a stopped workflow can be resolved` : `no workflow ${id}`,
    row?.status,
  );
}

/** Stores a new workflow as `queued` with its steps `pending`, and records the creation in its history. */
export async function insertWorkflow(store: Store, input: NewWorkflow): Promise<WorkflowRecord> {
  if (input.steps.length === 0) throw new Error('a workflow needs at least one step');
  if (new Set(input.steps).size !== input.steps.length)
    throw new Error('step names must be unique in a workflow');
  const id = input.id ?? randomUUID();
  return store.transaction(async (tx) => {
    const row = await tx.queryOne<WorkflowRow>(
      `INSERT INTO workflows (id, kind, subject, status, settings, input)
       VALUES ($1, $2, $3::jsonb, 'queued', $4::jsonb, $5::jsonb) RETURNING ${WORKFLOW_COLUMNS}`,
      [
        id,
        input.kind,
        toJsonParam(input.subject ?? {}),
        toJsonParam(input.settings ?? {}),
        toJsonParam(input.input ?? {}),
      ],
    );
    for (const [position, name] of input.steps.entries()) {
      await tx.query(
        `INSERT INTO workflow_steps (workflow_id, position, name, status) VALUES ($1, $2, $3, 'pending')`,
        [id, position, name],
      );
    }
    await recordStatusChange(tx, id, { from: null, to: 'queued', note: 'created' });
    return toWorkflow(row!);
  });
}

/** One workflow, or undefined. */
export async function getWorkflow(db: Queryable, id: string): Promise<WorkflowRecord | undefined> {
  const row = await db.queryOne<WorkflowRow>(`SELECT ${WORKFLOW_COLUMNS} FROM workflows WHERE id = $1`, [id]);
  return row ? toWorkflow(row) : undefined;
}

/** The steps of a workflow, in order. */
export async function listSteps(db: Queryable, workflowId: string): Promise<StepRecord[]> {
  const rows = await db.query<StepRow>(
    `SELECT ${STEP_COLUMNS} FROM workflow_steps WHERE workflow_id = $1 ORDER BY position`,
    [workflowId],
  );
  return rows.map(toStep);
}

/** A workflow with its steps and status history, or undefined. */
export async function getWorkflowDetails(db: Queryable, id: string): Promise<WorkflowDetails | undefined> {
  const workflow = await getWorkflow(db, id);
  if (!workflow) return undefined;
  return {
    ...workflow,
    steps: await listSteps(db, id),
    history: await listStatusChanges(db, id),
    pause: workflow.status === 'running' ? await workflowRunPause(db, id) : null,
  };
}

/** Filters of {@link listWorkflows}. */
export interface WorkflowFilter {
  status?: WorkflowStatus | readonly WorkflowStatus[];
  kind?: string;
  /** Workflows whose subject contains these ids, e.g. `{orchestrationId: 'o1'}`. */
  subject?: JsonObject;
  /** Default 100. */
  limit?: number;
}

/** Workflows, newest first. */
export async function listWorkflows(db: Queryable, filter: WorkflowFilter = {}): Promise<WorkflowRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status !== undefined) {
    params.push(typeof filter.status === 'string' ? [filter.status] : [...filter.status]);
    where.push(`status = ANY($${params.length}::text[])`);
  }
  if (filter.kind !== undefined) {
    params.push(filter.kind);
    where.push(`kind = $${params.length}`);
  }
  if (filter.subject !== undefined) {
    params.push(toJsonParam(filter.subject));
    where.push(`subject @> $${params.length}::jsonb`);
  }
  params.push(filter.limit ?? 100);
  const rows = await db.query<WorkflowRow>(
    `SELECT ${WORKFLOW_COLUMNS} FROM workflows ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_at DESC, id LIMIT $${params.length}`,
    params,
  );
  return rows.map(toWorkflow);
}

/**
 * Puts a stopped workflow (`action_required` or `failed`) back in the queue for Resolve: its failed
 * step (and any step left running) becomes pending with a fresh retry budget, steps that succeeded
 * keep their outputs, and the settings become `settings` (re-resolved by the caller).
 */
export async function reopenWorkflow(
  store: Store,
  id: string,
  change: { settings: JsonObject; note: string; detail?: JsonObject },
): Promise<WorkflowRecord> {
  const reopened = await reopenWhen(store, id, change, (current) => {
    assertStopped(id, current);
    return true;
  });
  return reopened!;
}

/**
 * Like {@link reopenWorkflow}, only when `when` accepts the workflow as it is, read under a row lock (so that
 * of a Resolve and an automatic continuation, one reopens and the other sees it queued); else undefined.
 * Without `settings`, the workflow keeps its own.
 */
export async function reopenWhen(
  store: Store,
  id: string,
  change: { settings?: JsonObject; note: string; detail?: JsonObject },
  when: (current: { status: WorkflowStatus; action: WorkflowAction | null } | undefined) => boolean,
): Promise<WorkflowRecord | undefined> {
  return store.transaction(async (tx) => {
    const current = await tx.queryOne<{ status: WorkflowStatus; action: WorkflowAction | null }>(
      'SELECT status, action FROM workflows WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!when(current) || !current) return undefined;
    await tx.query(
      `UPDATE workflow_steps SET status = 'pending', failures = 0, error = NULL
       WHERE workflow_id = $1 AND status IN ('failed', 'running')`,
      [id],
    );
    const row = await tx.queryOne<WorkflowRow>(
      `UPDATE workflows SET status = 'queued', settings = COALESCE($2::jsonb, settings), action = NULL,
         error = NULL, finished_at = NULL, updated_at = now()
       WHERE id = $1 RETURNING ${WORKFLOW_COLUMNS}`,
      [id, change.settings ? toJsonParam(change.settings) : null],
    );
    await recordStatusChange(tx, id, {
      from: current.status,
      to: 'queued',
      step: row!.current_step,
      note: change.note,
      ...(change.detail ? { detail: change.detail } : {}),
    });
    return toWorkflow(row!);
  });
}

/**
 * Ids of workflows that need a job: queued ones (whose job may have been lost between the commit and
 * the send) and running ones whose worker's lease ran out (the worker died).
 */
export async function listOrphanedWorkflows(db: Queryable, limit = 500): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM workflows
     WHERE status = 'queued' OR (status = 'running' AND lease_until < now())
     ORDER BY updated_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}
