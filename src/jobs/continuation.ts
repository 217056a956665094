import type { Queryable, Store } from '../store/store.js';
import type { WorkflowAction, WorkflowRecord } from './types.js';
import { reopenWhen } from './workflow-repo.js';

/**
 * The job that continues a stopped workflow by itself at its action's `resumesAt` (TikTok's daily limit:
 * 00:00 UTC). It names the stop it continues, so that it does nothing once the workflow went on otherwise
 * (Resolve) or stopped for another reason.
 */
export interface ContinuationJob {
  workflowId: string;
  /** The action type and `resumesAt` of the stop to continue. */
  continueAfter: { actionType: string; resumesAt: string };
}

/** The continuation a stopped workflow asks for: its action says when it continues by itself. */
export function continuationOf(workflow: WorkflowRecord): ContinuationJob | undefined {
  const action = workflow.action;
  if (workflow.status !== 'action_required' || !action?.resumesAt) return undefined;
  return { workflowId: workflow.id, continueAfter: { actionType: action.type, resumesAt: action.resumesAt } };
}

function sameStop(action: WorkflowAction | null, stop: ContinuationJob['continueAfter']): boolean {
  return action?.type === stop.actionType && action.resumesAt === stop.resumesAt;
}

/**
 * Puts the workflow back in the queue, keeping its settings, when it is still stopped by the named stop;
 * resolves to the reopened workflow, or undefined when there is nothing to continue (already resolved,
 * running, finished, or stopped again for another reason). The row lock makes it and Resolve exclusive: the
 * failed step runs once.
 */
export function continueStopped(store: Store, job: ContinuationJob): Promise<WorkflowRecord | undefined> {
  const { actionType, resumesAt } = job.continueAfter;
  return reopenWhen(
    store,
    job.workflowId,
    {
      note: 'continued by itself after the TikTok daily limit reset',
      detail: { action: actionType, resumesAt },
    },
    (current) => current?.status === 'action_required' && sameStop(current.action, job.continueAfter),
  );
}

/**
 * Stopped workflows whose continuation is overdue at `nowMs` by more than `graceSeconds` (its job was lost,
 * e.g. the worker died between stopping the workflow and scheduling it): the recovery sweep continues them.
 */
export async function overdueContinuations(
  db: Queryable,
  nowMs: number,
  graceSeconds = 60,
  limit = 100,
): Promise<ContinuationJob[]> {
  const rows = await db.query<{ id: string; action: WorkflowAction }>(
    `SELECT id, action FROM workflows
     WHERE status = 'action_required' AND action->>'resumesAt' IS NOT NULL
       AND (action->>'resumesAt')::timestamptz < $1::timestamptz
     ORDER BY updated_at LIMIT $2`,
    [new Date(nowMs - graceSeconds * 1000).toISOString(), limit],
  );
  return rows.map((r) => ({
    workflowId: r.id,
    continueAfter: { actionType: r.action.type, resumesAt: r.action.resumesAt! },
  }));
}
