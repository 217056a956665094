import { TtadsError } from '../errors.js';
import { randomUUID } from 'node:crypto';
import type { Queryable, Store } from '../store/store.js';
import { recordStatusChange } from './history-repo.js';
import { toJsonParam, toWorkflow, WORKFLOW_COLUMNS, type WorkflowRow } from './rows.js';
import type { Json, JsonObject, WorkflowAction, WorkflowRecord, WorkflowStatus } from './types.js';

/** Proof that this worker owns a workflow; every write of the run carries it. */
export interface Claim {
  workflowId: string;
  token: string;
  worker: string;
}

/** What {@link claimWorkflow} found. */
export type ClaimResult =
  | { claimed: true; claim: Claim; workflow: WorkflowRecord }
  | { claimed: false; status: WorkflowStatus | undefined; leaseUntil: Date | null };

/** Raised by a fenced write when the claim is no longer ours (the lease ran out and another worker took over). */
export class LeaseLostError extends TtadsError {
  override name = 'LeaseLostError';
  constructor(readonly workflowId: string) {
    super(`lost the claim on workflow ${workflowId}`, { code: 'lease_lost', kind: 'conflict' });
  }
}

/**
 * Claims a workflow for one worker: a queued workflow, or a running one whose worker's lease ran out
 * (it died). The row lock makes two claims at once (threads, processes or machines sharing one
 * PostgreSQL) come out one winner, one refusal. Lease times use the database clock, which every
 * worker shares.
 */
export async function claimWorkflow(
  store: Store,
  id: string,
  opts: { worker: string; leaseSeconds: number },
): Promise<ClaimResult> {
  return store.transaction(async (tx) => {
    const row = await tx.queryOne<{ status: WorkflowStatus; lease_until: Date | null; expired: boolean }>(
      `SELECT status, lease_until, coalesce(lease_until < now(), true) AS expired FROM workflows WHERE id = $1 FOR UPDATE`,
      [id],
    );
    const takeover = row?.status === 'running' && row.expired;
    if (row?.status !== 'queued' && !takeover) {
      return { claimed: false, status: row?.status, leaseUntil: row?.lease_until ?? null } as const;
    }
    const token = randomUUID();
    const updated = await tx.queryOne<WorkflowRow>(
      `UPDATE workflows SET status = 'running', claim_token = $2, claimed_by = $3,
         lease_until = now() + $4 * interval '1 second', runs = runs + 1, updated_at = now()
       WHERE id = $1 RETURNING ${WORKFLOW_COLUMNS}`,
      [id, token, opts.worker, opts.leaseSeconds],
    );
    await recordStatusChange(tx, id, {
      from: row.status,
      to: 'running',
      step: updated!.current_step,
      note: takeover ? 'taken over after the previous worker stopped renewing its lease' : 'claimed',
      detail: { worker: opts.worker },
    });
    return {
      claimed: true,
      claim: { workflowId: id, token, worker: opts.worker },
      workflow: toWorkflow(updated!),
    } as const;
  });
}

/** Extends the lease; false when the claim is no longer ours. */
export async function renewLease(db: Queryable, claim: Claim, leaseSeconds: number): Promise<boolean> {
  const rows = await db.query(
    `UPDATE workflows SET lease_until = now() + $3 * interval '1 second'
     WHERE id = $1 AND claim_token = $2 AND status = 'running' RETURNING id`,
    [claim.workflowId, claim.token, leaseSeconds],
  );
  return rows.length === 1;
}

async function fence(tx: Queryable, claim: Claim, currentStep: string | null | undefined): Promise<void> {
  const rows = await tx.query(
    `UPDATE workflows SET updated_at = now(), current_step = CASE WHEN $3::boolean THEN $4 ELSE current_step END
     WHERE id = $1 AND claim_token = $2 AND status = 'running' RETURNING id`,
    [claim.workflowId, claim.token, currentStep !== undefined, currentStep ?? null],
  );
  if (rows.length !== 1) throw new LeaseLostError(claim.workflowId);
}

/** Marks a step running (one more attempt) and makes it the workflow's current step. */
export async function startStep(store: Store, claim: Claim, step: string): Promise<void> {
  await store.transaction(async (tx) => {
    await fence(tx, claim, step);
    await tx.query(
      `UPDATE workflow_steps SET status = 'running', attempts = attempts + 1, error = NULL,
         started_at = now(), finished_at = NULL
       WHERE workflow_id = $1 AND name = $2`,
      [claim.workflowId, step],
    );
  });
}

/** Records how a step ended: its output, or its error (counted against the retry budget when transient). */
export async function finishStep(
  store: Store,
  claim: Claim,
  step: string,
  outcome:
    { status: 'succeeded'; output: Json } | { status: 'failed'; error: JsonObject; transient: boolean },
): Promise<void> {
  await store.transaction(async (tx) => {
    await fence(tx, claim, undefined);
    if (outcome.status === 'succeeded') {
      await tx.query(
        `UPDATE workflow_steps SET status = 'succeeded', output = $3::jsonb, error = NULL, failures = 0, finished_at = now()
         WHERE workflow_id = $1 AND name = $2`,
        [claim.workflowId, step, toJsonParam(outcome.output)],
      );
    } else {
      await tx.query(
        `UPDATE workflow_steps SET status = 'failed', error = $3::jsonb, finished_at = now(),
           failures = failures + CASE WHEN $4::boolean THEN 1 ELSE 0 END
         WHERE workflow_id = $1 AND name = $2`,
        [claim.workflowId, step, toJsonParam(outcome.error), outcome.transient],
      );
    }
  });
}

/** How a run of a workflow ends. `queued` hands it back for a retry later. */
export interface RunEnd {
  status: Exclude<WorkflowStatus, 'running'>;
  action?: WorkflowAction;
  error?: JsonObject;
  note: string;
  detail?: JsonObject;
}

/** Ends this worker's run: sets the status, gives up the claim and records the change. */
export async function endRun(store: Store, claim: Claim, end: RunEnd): Promise<WorkflowRecord> {
  return store.transaction(async (tx) => {
    const final = end.status !== 'queued';
    const row = await tx.queryOne<WorkflowRow>(
      `UPDATE workflows SET status = $3, action = $4::jsonb, error = $5::jsonb, claim_token = NULL, claimed_by = NULL,
         lease_until = NULL, updated_at = now(), finished_at = CASE WHEN $6::boolean THEN now() ELSE NULL END,
         current_step = CASE WHEN $3 = 'succeeded' THEN NULL ELSE current_step END
       WHERE id = $1 AND claim_token = $2 AND status = 'running' RETURNING ${WORKFLOW_COLUMNS}`,
      [
        claim.workflowId,
        claim.token,
        end.status,
        end.action ? toJsonParam(end.action) : null,
        end.error ? toJsonParam(end.error) : null,
        final,
      ],
    );
    if (!row) throw new LeaseLostError(claim.workflowId);
    await recordStatusChange(tx, claim.workflowId, {
      from: 'running',
      to: end.status,
      step: row.current_step,
      note: end.note,
      ...(end.detail ? { detail: end.detail } : {}),
    });
    return toWorkflow(row);
  });
}
