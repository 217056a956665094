import type { UserIdType } from '../config/index.js';
import type { Queryable } from '../store/store.js';
import { RunnableNotFound } from './errors.js';
import type { Schedule } from './schedule.js';

/** A stored campaign. */
export interface Campaign {
  id: string;
  name: string;
  description: string;
  /** The segment sent (its source, columns and default id types). */
  segmentId: string;
  templateId: string;
  /** Null: the segment's default user ID types, else EMAIL and PHONE. */
  idTypes: UserIdType[] | null;
  /** Overrides the template's custom audience name when set. */
  audienceName: string | null;
  /** Null: a one-time campaign. */
  schedule: Schedule | null;
  oneTime: boolean;
  /** 0 to 50, two decimals at most. */
  controlGroupPercent: number;
  controlGroupSeed: string;
  controlGroupKey: string | null;
  options: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a user sets. */
export type CampaignValues = Omit<Campaign, 'id' | 'oneTime' | 'createdAt' | 'updatedAt'>;

interface Row {
  id: string;
  name: string;
  description: string;
  segment_id: string;
  template_id: string;
  id_types: UserIdType[] | null;
  audience_name: string | null;
  schedule_cron: string | null;
  schedule_timezone: string | null;
  control_group_bp: number;
  control_group_seed: string;
  control_group_key: string | null;
  options: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, name, description, segment_id, template_id, id_types, audience_name, schedule_cron, ' +
  'schedule_timezone, control_group_bp, control_group_seed, control_group_key, options, created_at, updated_at';

function toCampaign(row: Row): Campaign {
  const schedule =
    row.schedule_cron !== null ? { cron: row.schedule_cron, timezone: row.schedule_timezone ?? 'UTC' } : null;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    segmentId: row.segment_id,
    templateId: row.template_id,
    idTypes: row.id_types,
    audienceName: row.audience_name,
    schedule,
    oneTime: schedule === null,
    controlGroupPercent: Number(row.control_group_bp) / 100,
    controlGroupSeed: row.control_group_seed,
    controlGroupKey: row.control_group_key,
    options: row.options,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One campaign. @throws RunnableNotFound */
export async function getCampaign(db: Queryable, id: string): Promise<Campaign> {
  const row = await db.queryOne<Row>(`SELECT ${COLUMNS} FROM campaigns WHERE id = $1`, [id]);
  if (!row) throw new RunnableNotFound('campaign', id);
  return toCampaign(row);
}

/** Campaigns by name, optionally of one data template or segment. */
export async function listCampaigns(
  db: Queryable,
  filter: { templateId?: string; segmentId?: string } = {},
): Promise<Campaign[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM campaigns
     WHERE ($1::text IS NULL OR template_id = $1) AND ($2::text IS NULL OR segment_id = $2)
     ORDER BY name, id`,
    [filter.templateId ?? null, filter.segmentId ?? null],
  );
  return rows.map(toCampaign);
}

/** Inserts or replaces a campaign. */
export async function saveCampaignRow(
  db: Queryable,
  id: string,
  v: CampaignValues,
  now: Date,
): Promise<Campaign> {
  const row = await db.queryOne<Row>(
    `INSERT INTO campaigns (id, name, description, segment_id, template_id, id_types, audience_name,
       schedule_cron, schedule_timezone, control_group_bp, control_group_seed, control_group_key, options,
       created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $14)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
       segment_id = EXCLUDED.segment_id, template_id = EXCLUDED.template_id,
       id_types = EXCLUDED.id_types, audience_name = EXCLUDED.audience_name,
       schedule_cron = EXCLUDED.schedule_cron, schedule_timezone = EXCLUDED.schedule_timezone,
       control_group_bp = EXCLUDED.control_group_bp, control_group_seed = EXCLUDED.control_group_seed,
       control_group_key = EXCLUDED.control_group_key, options = EXCLUDED.options,
       updated_at = EXCLUDED.updated_at
     RETURNING ${COLUMNS}`,
    [
      id,
      v.name,
      v.description,
      v.segmentId,
      v.templateId,
      v.idTypes === null ? null : JSON.stringify(v.idTypes),
      v.audienceName,
      v.schedule?.cron ?? null,
      v.schedule?.timezone ?? null,
      Math.round(v.controlGroupPercent * 100),
      v.controlGroupSeed,
      v.controlGroupKey,
      JSON.stringify(v.options),
      now,
    ],
  );
  return toCampaign(row!);
}

/** Whether another campaign already has this name. */
export async function campaignNameTaken(db: Queryable, name: string, exceptId = ''): Promise<boolean> {
  const row = await db.queryOne('SELECT id FROM campaigns WHERE name = $1 AND id <> $2', [name, exceptId]);
  return row !== undefined;
}

/** Deletes a campaign (its recorded control groups stay). @throws RunnableNotFound */
export async function deleteCampaignRow(db: Queryable, id: string): Promise<void> {
  const row = await db.queryOne('DELETE FROM campaigns WHERE id = $1 RETURNING id', [id]);
  if (!row) throw new RunnableNotFound('campaign', id);
}
