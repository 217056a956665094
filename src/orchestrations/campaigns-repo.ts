import type { UserIdType } from '../config/index.js';
import type { Queryable } from '../store/store.js';
import { getRunnable, listRunnables, scheduleOf, type RunnableTable } from './runnable-repo.js';
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

/** Filters of {@link listCampaigns}. */
export interface CampaignFilter {
  templateId?: string;
  segmentId?: string;
  /** Only those with (true) or without (false) a schedule. */
  scheduled?: boolean;
}

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

/** The `campaigns` table; the control-group share is stored in basis points. */
export const CAMPAIGN_TABLE: RunnableTable<Campaign, CampaignValues, CampaignFilter, Row> = {
  kind: 'campaign',
  table: 'campaigns',
  columns:
    'id, name, description, segment_id, template_id, id_types, audience_name, schedule_cron, ' +
    'schedule_timezone, control_group_bp, control_group_seed, control_group_key, options, created_at, updated_at',
  fromRow: (row) => {
    const schedule = scheduleOf(row);
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
  },
  writes: [
    ['name', (v) => v.name],
    ['description', (v) => v.description],
    ['segment_id', (v) => v.segmentId],
    ['template_id', (v) => v.templateId],
    ['id_types', (v) => (v.idTypes === null ? null : JSON.stringify(v.idTypes)), 'jsonb'],
    ['audience_name', (v) => v.audienceName],
    ['schedule_cron', (v) => v.schedule?.cron ?? null],
    ['schedule_timezone', (v) => v.schedule?.timezone ?? null],
    ['control_group_bp', (v) => Math.round(v.controlGroupPercent * 100)],
    ['control_group_seed', (v) => v.controlGroupSeed],
    ['control_group_key', (v) => v.controlGroupKey],
    ['options', (v) => JSON.stringify(v.options), 'jsonb'],
  ],
  filters: {
    templateId: ['template_id', 'text'],
    segmentId: ['segment_id', 'text'],
    scheduled: ['(schedule_cron IS NOT NULL)', 'boolean'],
  },
};

/** One campaign. @throws RunnableNotFound */
export function getCampaign(db: Queryable, id: string): Promise<Campaign> {
  return getRunnable(CAMPAIGN_TABLE, db, id);
}

/** Campaigns by name, optionally of one data template or segment. */
export function listCampaigns(db: Queryable, filter: CampaignFilter = {}): Promise<Campaign[]> {
  return listRunnables(CAMPAIGN_TABLE, db, filter);
}
