import type { PartialSettings } from '../config/index.js';
import type { Queryable } from '../store/store.js';
import { getRunnable, listRunnables, scheduleOf, type RunnableTable } from './runnable-repo.js';
import type { Schedule } from './schedule.js';

/** A stored orchestration. */
export interface Orchestration {
  id: string;
  name: string;
  description: string;
  sourceQuery: string;
  destinationId: string;
  templateId: string;
  /** Null: runs on demand only. */
  schedule: Schedule | null;
  overrides: PartialSettings;
  options: Record<string, unknown>;
  skipUnchanged: boolean;
  /** Fingerprint of the source read by the last successful run (see fingerprint.ts). */
  lastFingerprint: string | null;
  lastFingerprintAt: Date | null;
  lastSkippedAt: Date | null;
  /** Scheduled runs skipped because the source had not changed. */
  skippedRuns: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The fields a user sets. */
export type OrchestrationValues = Pick<
  Orchestration,
  | 'name'
  | 'description'
  | 'sourceQuery'
  | 'destinationId'
  | 'templateId'
  | 'schedule'
  | 'overrides'
  | 'options'
  | 'skipUnchanged'
>;

/** Filters of {@link listOrchestrations}. */
export interface OrchestrationFilter {
  destinationId?: string;
  templateId?: string;
  /** Only those with (true) or without (false) a schedule. */
  scheduled?: boolean;
}

interface Row {
  id: string;
  name: string;
  description: string;
  source_query: string;
  destination_id: string;
  template_id: string;
  schedule_cron: string | null;
  schedule_timezone: string | null;
  overrides: PartialSettings;
  options: Record<string, unknown>;
  skip_unchanged: boolean;
  last_fingerprint: string | null;
  last_fingerprint_at: Date | null;
  last_skipped_at: Date | null;
  skipped_runs: number;
  created_at: Date;
  updated_at: Date;
}

/** The `orchestrations` table; a save keeps the run bookkeeping (fingerprint, skipped runs). */
export const ORCHESTRATION_TABLE: RunnableTable<
  Orchestration,
  OrchestrationValues,
  OrchestrationFilter,
  Row
> = {
  kind: 'orchestration',
  table: 'orchestrations',
  columns:
    'id, name, description, source_query, destination_id, template_id, schedule_cron, schedule_timezone, ' +
    'overrides, options, skip_unchanged, last_fingerprint, last_fingerprint_at, last_skipped_at, skipped_runs, ' +
    'created_at, updated_at',
  fromRow: (row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    sourceQuery: row.source_query,
    destinationId: row.destination_id,
    templateId: row.template_id,
    schedule: scheduleOf(row),
    overrides: row.overrides,
    options: row.options,
    skipUnchanged: row.skip_unchanged,
    lastFingerprint: row.last_fingerprint,
    lastFingerprintAt: row.last_fingerprint_at,
    lastSkippedAt: row.last_skipped_at,
    skippedRuns: Number(row.skipped_runs),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }),
  writes: [
    ['name', (v) => v.name],
    ['description', (v) => v.description],
    ['source_query', (v) => v.sourceQuery],
    ['destination_id', (v) => v.destinationId],
    ['template_id', (v) => v.templateId],
    ['schedule_cron', (v) => v.schedule?.cron ?? null],
    ['schedule_timezone', (v) => v.schedule?.timezone ?? null],
    ['overrides', (v) => JSON.stringify(v.overrides), 'jsonb'],
    ['options', (v) => JSON.stringify(v.options), 'jsonb'],
    ['skip_unchanged', (v) => v.skipUnchanged],
  ],
  filters: {
    destinationId: ['destination_id', 'text'],
    templateId: ['template_id', 'text'],
    scheduled: ['(schedule_cron IS NOT NULL)', 'boolean'],
  },
};

/** One orchestration. @throws RunnableNotFound */
export function getOrchestration(db: Queryable, id: string): Promise<Orchestration> {
  return getRunnable(ORCHESTRATION_TABLE, db, id);
}

/** Orchestrations by name. */
export function listOrchestrations(
  db: Queryable,
  filter: OrchestrationFilter = {},
): Promise<Orchestration[]> {
  return listRunnables(ORCHESTRATION_TABLE, db, filter);
}

/** Records the fingerprint of the source a successful run read. */
export async function recordFingerprint(
  db: Queryable,
  id: string,
  fingerprint: string,
  at: Date,
): Promise<void> {
  await db.query('UPDATE orchestrations SET last_fingerprint = $2, last_fingerprint_at = $3 WHERE id = $1', [
    id,
    fingerprint,
    at,
  ]);
}

/** Counts a scheduled run skipped because the source had not changed. */
export async function recordSkippedRun(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(
    'UPDATE orchestrations SET last_skipped_at = $2, skipped_runs = skipped_runs + 1 WHERE id = $1',
    [id, at],
  );
}
