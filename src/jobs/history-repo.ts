import type { Queryable } from '../store/store.js';
import { toJsonParam, toStatusChange, type HistoryRow } from './rows.js';
import type { JsonObject, StatusChange, WorkflowStatus } from './types.js';

/** One status change to record. */
export interface StatusChangeInput {
  from: WorkflowStatus | null;
  to: WorkflowStatus;
  step?: string | null;
  note?: string;
  detail?: JsonObject;
}

/** Appends a status change; call it in the transaction that changes the status. */
export async function recordStatusChange(
  db: Queryable,
  workflowId: string,
  change: StatusChangeInput,
): Promise<void> {
  await db.query(
    `INSERT INTO workflow_history (workflow_id, from_status, to_status, step, note, detail)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [
      workflowId,
      change.from,
      change.to,
      change.step ?? null,
      change.note ?? null,
      change.detail === undefined ? null : toJsonParam(change.detail),
    ],
  );
}

/** The status history of a workflow, oldest first. */
export async function listStatusChanges(db: Queryable, workflowId: string): Promise<StatusChange[]> {
  const rows = await db.query<HistoryRow>(
    `SELECT id, workflow_id, at, from_status, to_status, step, note, detail
     FROM workflow_history WHERE workflow_id = $1 ORDER BY id`,
    [workflowId],
  );
  return rows.map(toStatusChange);
}
