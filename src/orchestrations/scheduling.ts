import { ValidationError } from '../config/index.js';
import { InvalidScheduleError, type ScheduleSpec, type WorkflowSchedules } from '../jobs/index.js';
import type { Queryable } from '../store/store.js';
import { CAMPAIGN_TABLE } from './campaigns-repo.js';
import { ORCHESTRATION_TABLE } from './orchestrations-repo.js';
import { listRunnables, type AnyRunnableTable, type RunnableKindName } from './runnable-repo.js';
import type { Schedule } from './schedule.js';

/** The part of the engine's schedules the glue uses (a fake in unit tests). */
export type ScheduleRegistry = Pick<WorkflowSchedules, 'set' | 'remove' | 'preview' | 'list'>;

/** What a schedule runs. */
export type ScheduledKind = RunnableKindName;

/** The pg-boss schedule key of an orchestration or campaign, e.g. `orchestration/orc_ab12...`. */
export function scheduleKey(kind: ScheduledKind, id: string): string {
  return `${kind}/${id}`;
}

/** The payload handed to `onSchedule` at each firing. */
export function schedulePayload(kind: ScheduledKind, id: string): Record<string, string> {
  return { [`${kind}Id`]: id };
}

/** Checks that pg-boss accepts a schedule too (croner validated it already). @throws ValidationError */
export function checkScheduleWith(schedules: ScheduleRegistry | undefined, schedule: Schedule | null): void {
  if (!schedules || !schedule) return;
  try {
    schedules.preview({ cron: schedule.cron, timezone: schedule.timezone }, 1);
  } catch (err) {
    if (!(err instanceof InvalidScheduleError)) throw err;
    throw new ValidationError([{ path: 'schedule.cron', message: err.message }]);
  }
}

/** Registers the schedule of an orchestration or campaign with the engine, or removes it when there is none. */
export async function applySchedule(
  schedules: ScheduleRegistry,
  kind: ScheduledKind,
  id: string,
  schedule: Schedule | null,
): Promise<void> {
  const key = scheduleKey(kind, id);
  if (!schedule) {
    await schedules.remove(key);
    return;
  }
  const spec: ScheduleSpec = {
    cron: schedule.cron,
    timezone: schedule.timezone,
    payload: schedulePayload(kind, id),
  };
  await schedules.set(key, spec);
}

/**
 * Makes the engine's schedules match the store: every scheduled orchestration and campaign is (re)registered
 * and schedules of deleted or unscheduled ones are removed. Run it when a server or worker starts, since
 * configuration may have been changed by a process without an engine (the CLI on the store).
 */
export async function syncSchedules(
  db: Queryable,
  schedules: ScheduleRegistry,
): Promise<{ registered: number; removed: number }> {
  const wanted = new Map<string, [ScheduledKind, string, Schedule]>();
  const tables: readonly AnyRunnableTable[] = [ORCHESTRATION_TABLE, CAMPAIGN_TABLE];
  for (const table of tables) {
    for (const r of await listRunnables(table, db, { scheduled: true })) {
      if (r.schedule) wanted.set(scheduleKey(table.kind, r.id), [table.kind, r.id, r.schedule]);
    }
  }
  let removed = 0;
  for (const info of await schedules.list()) {
    if (/^(orchestration|campaign)\//.test(info.key) && !wanted.has(info.key)) {
      await schedules.remove(info.key);
      removed += 1;
    }
  }
  for (const [kind, id, schedule] of wanted.values()) await applySchedule(schedules, kind, id, schedule);
  return { registered: wanted.size, removed };
}
