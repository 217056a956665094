import { TtadsError } from '../errors.js';
import type { PgBoss } from 'pg-boss';
import type { Logger } from '../logger.js';
import type { JsonObject } from './types.js';
import type { NewWorkflow } from './workflow-repo.js';

/** When a schedule fires: a cron expression (5 or 6 fields) in an IANA time zone. */
export interface ScheduleSpec {
  cron: string;
  /** IANA zone, e.g. `Europe/Paris` (default UTC); daylight-saving changes follow the zone. */
  timezone?: string;
  /** Handed to `onSchedule` at each firing, e.g. `{orchestrationId}`. */
  payload?: JsonObject;
}

/** A stored schedule. */
export interface ScheduleInfo {
  key: string;
  cron: string;
  timezone: string;
  payload: JsonObject;
}

/** Information about one firing of a schedule. */
export interface ScheduleFiring {
  key: string;
  /** pg-boss job of this firing; the default id of the workflow created, so a retried firing creates one workflow. */
  jobId: string;
}

/** Decides what a firing runs: a workflow to create, or null to skip (e.g. the source has not changed). */
export type ScheduleHandler = (payload: JsonObject, firing: ScheduleFiring) => Promise<NewWorkflow | null>;

/** Raised for a cron expression or time zone pg-boss refuses. */
export class InvalidScheduleError extends TtadsError {
  override name = 'InvalidScheduleError';
  constructor(message: string) {
    super(message, { code: 'invalid_schedule', kind: 'fix_input' });
  }
}

interface FiringData {
  key: string;
  payload: JsonObject;
}

/** Cron schedules kept by pg-boss (one cron pass for all instances, so a firing is sent once). */
export class WorkflowSchedules {
  /** @param bossOf the engine's pg-boss, made when first used (after the engine loaded pg-boss). */
  constructor(
    private readonly bossOf: () => PgBoss,
    readonly queue: string,
    private readonly log: Logger,
  ) {}

  private get boss(): PgBoss {
    return this.bossOf();
  }

  async createQueue(): Promise<void> {
    await this.boss.createQueue(this.queue, { retryLimit: 3, retryDelay: 30, retryBackoff: true });
  }

  /** The next `count` firings, validating the expression and zone. */
  preview(spec: ScheduleSpec, count = 5): Date[] {
    try {
      return this.boss.previewSchedule(spec.cron, { tz: spec.timezone ?? 'UTC', count });
    } catch (err) {
      throw new InvalidScheduleError(
        `invalid schedule "${spec.cron}" in ${spec.timezone ?? 'UTC'}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  /** Creates or replaces the schedule named `key` (letters, digits, `_`, `-`, `.`, `/`; e.g. `orchestration/<id>`). */
  async set(key: string, spec: ScheduleSpec): Promise<void> {
    if (!/^[\w.\-/]+$/.test(key)) {
      throw new InvalidScheduleError(`schedule key "${key}" may only hold letters, digits, _, -, . and /`);
    }
    this.preview(spec, 1);
    const data: FiringData = { key, payload: spec.payload ?? {} };
    await this.boss.schedule(this.queue, spec.cron, data, { tz: spec.timezone ?? 'UTC', key });
  }

  async remove(key: string): Promise<void> {
    await this.boss.unschedule(this.queue, key);
  }

  async list(): Promise<ScheduleInfo[]> {
    const rows = await this.boss.getSchedules(this.queue);
    return rows.map((s) => ({
      key: s.key,
      cron: s.cron,
      timezone: s.timezone,
      payload: (s.data as FiringData | undefined)?.payload ?? {},
    }));
  }

  /** Consumes firings: `fire` is called with each (and retried by pg-boss when it throws). */
  async work(
    fire: (payload: JsonObject, firing: ScheduleFiring) => Promise<unknown>,
    pollingIntervalSeconds: number,
  ): Promise<void> {
    await this.boss.work<FiringData>(this.queue, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
      if (!job) return;
      this.log.info({ schedule: job.data.key }, 'schedule fired');
      await fire(job.data.payload, { key: job.data.key, jobId: job.id });
    });
  }
}
