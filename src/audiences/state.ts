import type { RunLock } from '../store/run-lock.js';
import type { Queryable, Store } from '../store/store.js';

/**
 * A plan being sent: recorded in parts, each before the first request of its batches, cleared when the new
 * snapshot is in place.
 */
export interface PendingPlan {
  planId: string;
  /** The first part (the only one of plans recorded whole, before parts). */
  planPath: string;
  /** Every part recorded so far, in order (`planPath` first); absent in plans recorded whole. */
  parts?: string[];
  runId: string;
  audienceId: string;
}

/** A create request sent without its answer heard yet: TikTok may hold the audience without listing it. */
export interface PendingCreation {
  advertiserId: string;
  name: string;
  /** When the create was about to be sent (ISO 8601). */
  at: string;
}

/** What the store knows of one audience (one name under one set of advertisers). */
export interface AudienceState {
  key: string;
  audienceId: string | null;
  advertiserIds: string[];
  name: string;
  snapshotPath: string | null;
  snapshotVersion: number;
  pending: PendingPlan | null;
  creating: PendingCreation | null;
}

interface StateRow {
  key: string;
  audience_id: string | null;
  advertiser_ids: string[];
  name: string;
  snapshot_path: string | null;
  snapshot_version: number;
  pending: PendingPlan | null;
  creating: PendingCreation | null;
}

/** Reads the state of an audience, if it was ever synced. */
export async function loadAudienceState(db: Queryable, key: string): Promise<AudienceState | undefined> {
  const row = await db.queryOne<StateRow>(
    `SELECT key, audience_id, advertiser_ids, name, snapshot_path, snapshot_version, pending, creating
     FROM audience_state WHERE key = $1`,
    [key],
  );
  if (!row) return undefined;
  return {
    key: row.key,
    audienceId: row.audience_id,
    advertiserIds: row.advertiser_ids,
    name: row.name,
    snapshotPath: row.snapshot_path,
    snapshotVersion: row.snapshot_version,
    pending: row.pending,
    creating: row.creating,
  };
}

/**
 * Records, before the create request goes out, that ttads is creating this audience: should the answer be
 * lost or the run die, the next run looks for it by name rather than creating a second one. `creating` null
 * clears it (TikTok refused the create: nothing to look for).
 */
export async function recordCreation(
  db: Queryable,
  input: { key: string; advertiserIds: string[]; creating: PendingCreation | null },
): Promise<void> {
  if (!input.creating) {
    await db.query(`UPDATE audience_state SET creating = NULL, updated_at = now() WHERE key = $1`, [
      input.key,
    ]);
    return;
  }
  await db.query(
    `INSERT INTO audience_state (key, audience_id, advertiser_ids, name, creating, updated_at)
     VALUES ($1, NULL, $2, $3, $4::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET creating = EXCLUDED.creating, updated_at = now()`,
    [input.key, input.advertiserIds, input.creating.name, JSON.stringify(input.creating)],
  );
}

/**
 * Records the plan about to be sent (creating the state row on the first sync), with the snapshot it was
 * computed against. `audience_id`, `snapshot_path` and `pending` always describe one audience: when the
 * stored snapshot was discarded (`snapshotPath` null: it was made for another audience), it is dropped
 * here too, so that a run resuming this plan never folds it into another audience's snapshot.
 */
export async function savePendingPlan(
  db: Queryable,
  input: {
    key: string;
    name: string;
    advertiserIds: string[];
    pending: PendingPlan;
    snapshotPath: string | null;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO audience_state (key, audience_id, advertiser_ids, name, snapshot_path, pending, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, now())
     ON CONFLICT (key) DO UPDATE SET audience_id = EXCLUDED.audience_id, snapshot_path = EXCLUDED.snapshot_path,
       pending = EXCLUDED.pending, updated_at = now()`,
    [
      input.key,
      input.pending.audienceId,
      input.advertiserIds,
      input.name,
      input.snapshotPath,
      JSON.stringify(input.pending),
    ],
  );
}

/** Records one batch TikTok acknowledged. Recording the same batch twice is harmless. */
export async function recordAckedBatch(
  db: Queryable,
  input: { key: string; planId: string; op: 'add' | 'delete'; batchNo: number; rowCount: number },
): Promise<void> {
  await db.query(
    `INSERT INTO audience_batches (state_key, plan_id, op, batch_no, row_count) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING`,
    [input.key, input.planId, input.op, input.batchNo, input.rowCount],
  );
}

/** `op:batch_no` keys of the acknowledged batches of a plan. */
export async function ackedBatchKeys(db: Queryable, key: string, planId: string): Promise<string[]> {
  const rows = await db.query<{ op: string; batch_no: number }>(
    `SELECT op, batch_no FROM audience_batches WHERE state_key = $1 AND plan_id = $2`,
    [key, planId],
  );
  return rows.map((r) => `${r.op}:${r.batch_no}`);
}

/**
 * Puts a new snapshot in place and clears the pending plan and its batch records, in one transaction:
 * after a crash the store points at either the old snapshot with its plan, or the new one.
 */
export async function commitSnapshot(
  store: Store,
  input: {
    key: string;
    name: string;
    advertiserIds: string[];
    audienceId: string;
    snapshotPath: string;
    snapshotVersion: number;
    planId?: string | undefined;
    /** The run's lock: checked in the transaction, so a run that lost it commits nothing. */
    lock?: Pick<RunLock, 'checkIn'>;
  },
): Promise<void> {
  await store.transaction(async (tx) => {
    await input.lock?.checkIn(tx);
    await tx.query(
      `INSERT INTO audience_state (key, audience_id, advertiser_ids, name, snapshot_path, snapshot_version, pending, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, NULL, now())
       ON CONFLICT (key) DO UPDATE SET audience_id = EXCLUDED.audience_id, snapshot_path = EXCLUDED.snapshot_path,
         snapshot_version = EXCLUDED.snapshot_version, pending = NULL, updated_at = now()`,
      [
        input.key,
        input.audienceId,
        input.advertiserIds,
        input.name,
        input.snapshotPath,
        input.snapshotVersion,
      ],
    );
    await tx.query(`DELETE FROM audience_batches WHERE state_key = $1`, [input.key]);
  });
}

/**
 * Stores the id of an audience ttads just created or found by name, before anything is sent to it, so that
 * later runs look it up by id: a name TikTok truncated, or a new audience TikTok does not list yet, then never
 * leads to a second audience. A new id drops the snapshot and plan of the audience it replaces; a creation
 * under way is over.
 */
export async function rememberAudience(
  db: Queryable,
  input: { key: string; name: string; advertiserIds: string[]; audienceId: string },
): Promise<void> {
  await db.query(
    `INSERT INTO audience_state (key, audience_id, advertiser_ids, name, snapshot_path, pending, updated_at)
     VALUES ($1, $2, $3, $4, NULL, NULL, now())
     ON CONFLICT (key) DO UPDATE SET audience_id = EXCLUDED.audience_id, creating = NULL,
       snapshot_path = CASE WHEN audience_state.audience_id IS NOT DISTINCT FROM EXCLUDED.audience_id
         THEN audience_state.snapshot_path END,
       pending = CASE WHEN audience_state.audience_id IS NOT DISTINCT FROM EXCLUDED.audience_id
         THEN audience_state.pending END,
       updated_at = now()`,
    [input.key, input.audienceId, input.advertiserIds, input.name],
  );
}

/** Stores the size TikTok reported for an audience after a run (`cover_num`: matched members). */
export async function recordMatch(
  db: Queryable,
  input: { runId: string; audienceId: string; coverNum: number | null; isValid: boolean | null },
): Promise<void> {
  await db.query(
    `INSERT INTO audience_matches (run_id, audience_id, cover_num, is_valid, checked_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (run_id, audience_id) DO UPDATE SET cover_num = EXCLUDED.cover_num, is_valid = EXCLUDED.is_valid,
       checked_at = now()`,
    [input.runId, input.audienceId, input.coverNum, input.isValid],
  );
}

/** The part files of a pending plan. */
export function planParts(pending: PendingPlan): string[] {
  return pending.parts ?? [pending.planPath];
}
