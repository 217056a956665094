import type { Queryable } from '../store/store.js';

/** What one campaign run held out; stored with the run (`campaign_holdouts`) and as the step's output. */
export interface ControlGroupRecord {
  workflowId: string;
  campaignId: string;
  percent: number;
  seed: string;
  keyColumn: string | null;
  /** Columns the key was read from. */
  keyColumns: string[];
  /** Rows of the audience query, and those held out (never sent). */
  audienceRows: number;
  heldOutRows: number;
  /** Distinct hashed identifiers in the Parquet file. */
  heldOutIdentifiers: number;
  /** Parquet file of (key_type, id_hash): SHA-256 as TikTok receives emails and phones, for lift measurement. */
  path: string | null;
}

/** Records (or replaces) the control group of one campaign run. */
export async function saveControlGroup(
  db: Queryable,
  record: ControlGroupRecord,
  basisPoints: number,
): Promise<void> {
  await db.query(
    `INSERT INTO campaign_holdouts (workflow_id, campaign_id, control_group_bp, seed, key_column, audience_rows,
       held_out_rows, held_out_identifiers, path)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (workflow_id) DO UPDATE SET control_group_bp = EXCLUDED.control_group_bp, seed = EXCLUDED.seed,
       key_column = EXCLUDED.key_column, audience_rows = EXCLUDED.audience_rows,
       held_out_rows = EXCLUDED.held_out_rows, held_out_identifiers = EXCLUDED.held_out_identifiers,
       path = EXCLUDED.path, created_at = now()`,
    [
      record.workflowId,
      record.campaignId,
      basisPoints,
      record.seed,
      record.keyColumn,
      record.audienceRows,
      record.heldOutRows,
      record.heldOutIdentifiers,
      record.path,
    ],
  );
}

/** A recorded control group (counts and file), as listed for lift measurement. */
export interface StoredControlGroup {
  workflowId: string;
  campaignId: string;
  percent: number;
  seed: string;
  keyColumn: string | null;
  audienceRows: number;
  heldOutRows: number;
  heldOutIdentifiers: number;
  path: string;
  createdAt: Date;
}

/** The control groups recorded for a campaign, newest first. */
export async function listControlGroups(db: Queryable, campaignId: string): Promise<StoredControlGroup[]> {
  const rows = await db.query<{
    workflow_id: string;
    campaign_id: string;
    control_group_bp: number;
    seed: string;
    key_column: string | null;
    audience_rows: number;
    held_out_rows: number;
    held_out_identifiers: number;
    path: string;
    created_at: Date;
  }>(
    `SELECT workflow_id, campaign_id, control_group_bp, seed, key_column, audience_rows, held_out_rows,
       held_out_identifiers, path, created_at
     FROM campaign_holdouts WHERE campaign_id = $1 ORDER BY created_at DESC, workflow_id`,
    [campaignId],
  );
  return rows.map((r) => ({
    workflowId: r.workflow_id,
    campaignId: r.campaign_id,
    percent: Number(r.control_group_bp) / 100,
    seed: r.seed,
    keyColumn: r.key_column,
    audienceRows: Number(r.audience_rows),
    heldOutRows: Number(r.held_out_rows),
    heldOutIdentifiers: Number(r.held_out_identifiers),
    path: r.path,
    createdAt: r.created_at,
  }));
}
