import type { PartialSettings } from '../config/index.js';
import type { Queryable } from '../store/store.js';
import { RunnableNotFound } from './errors.js';
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

const COLUMNS =
  'id, name, description, source_query, destination_id, template_id, schedule_cron, schedule_timezone, ' +
  'overrides, options, skip_unchanged, last_fingerprint, last_fingerprint_at, last_skipped_at, skipped_runs, ' +
  'created_at, updated_at';

function toOrchestration(row: Row): Orchestration {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    sourceQuery: row.source_query,
    destinationId: row.destination_id,
    templateId: row.template_id,
    schedule:
      row.schedule_cron !== null
        ? { cron: row.schedule_cron, timezone: row.schedule_timezone ?? 'UTC' }
        : null,
    overrides: row.overrides,
    options: row.options,
    skipUnchanged: row.skip_unchanged,
    lastFingerprint: row.last_fingerprint,
    lastFingerprintAt: row.last_fingerprint_at,
    lastSkippedAt: row.last_skipped_at,
    skippedRuns: Number(row.skipped_runs),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One orchestration. @throws RunnableNotFound */
export async function getOrchestration(db: Queryable, id: string): Promise<Orchestration> {
  const row = await db.queryOne<Row>(`SELECT ${COLUMNS} FROM orchestrations WHERE id = $1`, [id]);
  if (!row) throw new RunnableNotFound('orchestration', id);
  return toOrchestration(row);
}

/** Filters of {@link listOrchestrations}. */
export interface OrchestrationFilter {
  destinationId?: string;
  templateId?: string;
  /** Only those with (true) or without (false) a schedule. */
  scheduled?: boolean;
}

/** Orchestrations by name. */
export async function listOrchestrations(
  db: Queryable,
  filter: OrchestrationFilter = {},
): Promise<Orchestration[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM orchestrations
     WHERE ($1::text IS NULL OR destination_id = $1) AND ($2::text IS NULL OR template_id = $2)
       AND ($3::boolean IS NULL OR (schedule_cron IS NOT NULL) = $3)
     ORDER BY name, id`,
    [filter.destinationId ?? null, filter.templateId ?? null, filter.scheduled ?? null],
  );
  return rows.map(toOrchestration);
}

/** Inserts or replaces the user-set fields of an orchestration; the run bookkeeping is kept. */
export async function saveOrchestrationRow(
  db: Queryable,
  id: string,
  v: OrchestrationValues,
  now: Date,
): Promise<Orchestration> {
  const row = await db.queryOne<Row>(
    `INSERT INTO orchestrations (id, name, description, source_query, destination_id, template_id, schedule_cron,
       schedule_timezone, overrides, options, skip_unchanged, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, $12)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
       source_query = EXCLUDED.source_query, destination_id = EXCLUDED.destination_id,
       template_id = EXCLUDED.template_id, schedule_cron = EXCLUDED.schedule_cron,
       schedule_timezone = EXCLUDED.schedule_timezone, overrides = EXCLUDED.overrides,
       options = EXCLUDED.options, skip_unchanged = EXCLUDED.skip_unchanged, updated_at = EXCLUDED.updated_at
     RETURNING ${COLUMNS}`,
    [
      id,
      v.name,
      v.description,
      v.sourceQuery,
      v.destinationId,
      v.templateId,
      v.schedule?.cron ?? null,
      v.schedule?.timezone ?? null,
      JSON.stringify(v.overrides),
      JSON.stringify(v.options),
      v.skipUnchanged,
      now,
    ],
  );
  return toOrchestration(row!);
}

/** Whether another orchestration already has this name. */
export async function orchestrationNameTaken(db: Queryable, name: string, exceptId = ''): Promise<boolean> {
  const row = await db.queryOne('SELECT id FROM orchestrations WHERE name = $1 AND id <> $2', [
    name,
    exceptId,
  ]);
  return row !== undefined;
}

/** Deletes an orchestration. @throws RunnableNotFound */
export async function deleteOrchestrationRow(db: Queryable, id: string): Promise<void> {
  const row = await db.queryOne('DELETE FROM orchestrations WHERE id = $1 RETURNING id', [id]);
  if (!row) throw new RunnableNotFound('orchestration', id);
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
