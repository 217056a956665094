import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { Notifier } from './notify.js';
import type { StepRegistry } from './registry.js';
import type { RetryBudget } from './runner.js';
import type { ScheduleHandler } from './schedules.js';
import type { JsonObject, WorkflowRecord } from './types.js';

/** Re-resolves a workflow's settings from the configuration as it is now (destination, template, orchestration). */
export type SettingsResolver = (
  workflow: Pick<WorkflowRecord, 'kind' | 'subject' | 'input' | 'settings'>,
) => Promise<JsonObject>;

/** Options of `WorkflowEngine`. */
export interface WorkflowEngineOptions {
  store: Store;
  registry: StepRegistry;
  logger?: Logger;
  /** pg-boss queue of workflow runs (default `ttads-workflows`); schedules use `<queue>-schedules`. */
  queue?: string;
  /** Name of this worker in claims and logs (default host:pid:random). */
  worker?: string;
  /** Claim lease (default 120 s), renewed every third of it while a workflow runs. */
  leaseSeconds?: number;
  retry?: Partial<RetryBudget>;
  /** Called at creation (when no settings are given) and by Resolve. */
  resolveSettings?: SettingsResolver;
  /** Where stopped workflows are reported; `webhookUrl` and `webhookSecret` build one. */
  notifier?: Notifier;
  webhookUrl?: string;
  /** Signs the webhook's notifications (required with `webhookUrl`). */
  webhookSecret?: string;
  /** Turns a schedule's firing into a workflow to create, or null to skip this occurrence. */
  onSchedule?: ScheduleHandler;
  /** Workflows run at once by this process (default 2). */
  localConcurrency?: number;
  /** How often idle workers look for work (default 2 s, at least 0.5). */
  pollingIntervalSeconds?: number;
  /** pg-boss maintenance (expiry, heartbeats) and cron in this process (default true for both). */
  supervise?: boolean;
  schedule?: boolean;
  /** How often workers re-enqueue orphaned workflows (default 60 s; 0 disables). */
  recoverIntervalSeconds?: number;
  /**
   * The clock that dates when a stopped workflow continues by itself (an action's `resumesAt`), the TikTok
   * client's; default `Date.now`. Tests inject one near 00:00 UTC.
   */
  now?: () => number;
}
