import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Job, PgBoss } from 'pg-boss';
import { silentLogger, type Logger } from '../logger.js';
import { bossDbOptions, loadedPgBoss, loadPgBoss } from '../store/boss-db.js';
import {
  continuationOf,
  continueStopped,
  overdueContinuations,
  type ContinuationJob,
} from './continuation.js';
import { errorJson } from './failure.js';
import { createWebhookNotifier, webhookTarget } from './notify.js';
import { DEFAULT_RETRY_BUDGET, runWorkflow, type RunnerDeps, type RunOutcome } from './runner.js';
import { WorkflowSchedules, type ScheduleFiring } from './schedules.js';
import type { JsonObject, WorkflowDetails, WorkflowRecord } from './types.js';
import { sameJson } from './same-json.js';
import type { WorkflowEngineOptions } from './engine-options.js';
import {
  getWorkflow,
  getWorkflowDetails,
  insertWorkflow,
  listOrphanedWorkflows,
  listWorkflows,
  reopenWorkflow,
  assertStopped,
  type NewWorkflow,
  type WorkflowFilter,
} from './workflow-repo.js';

export type { SettingsResolver, WorkflowEngineOptions } from './engine-options.js';

const DAY = 86_400;

/** A job of the workflow queue: run the workflow, or continue it after a stop (see `continuation.ts`). */
type WorkflowJob = { workflowId: string } & Partial<Pick<ContinuationJob, 'continueAfter'>>;

/**
 * Runs workflows on pg-boss: `create` stores and enqueues, workers (`work`) claim and run them step
 * by step, `resolve` resumes a stopped one. Start it with `start()`; a process that only enqueues
 * (CLI, API) does not call `work()`. Stop it before closing the store. pg-boss is loaded by `start()`.
 */
export class WorkflowEngine {
  private bossInstance: PgBoss | undefined;
  readonly queue: string;
  readonly schedules: WorkflowSchedules;
  private readonly log: Logger;
  private readonly runner: RunnerDeps;
  private recoverTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: WorkflowEngineOptions) {
    this.log = (opts.logger ?? silentLogger()).child({ component: 'workflows' });
    this.queue = opts.queue ?? 'ttads-workflows';
    this.now = opts.now ?? Date.now;
    const webhook = webhookTarget(opts.webhookUrl, opts.webhookSecret);
    const notifier =
      opts.notifier ?? (webhook ? createWebhookNotifier({ ...webhook, logger: this.log }) : undefined);
    this.runner = {
      store: opts.store,
      registry: opts.registry,
      logger: this.log,
      worker: opts.worker ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
      leaseSeconds: opts.leaseSeconds ?? 120,
      retry: { ...DEFAULT_RETRY_BUDGET, ...opts.retry },
      ...(notifier ? { onStopped: notifier } : {}),
    };
    this.schedules = new WorkflowSchedules(() => this.boss, `${this.queue}-schedules`, this.log);
  }

  /** This engine's pg-boss, made on first use (after `start()` has loaded the package). */
  get boss(): PgBoss {
    if (!this.bossInstance) {
      const { PgBoss } = loadedPgBoss();
      this.bossInstance = new PgBoss({
        ...bossDbOptions(this.opts.store),
        supervise: this.opts.supervise ?? true,
        schedule: this.opts.schedule ?? true,
      });
      this.bossInstance.on('error', (err: unknown) =>
        this.log.warn({ err: errorJson(err) }, 'pg-boss error'),
      );
    }
    return this.bossInstance;
  }

  /** This worker's name. */
  get worker(): string {
    return this.runner.worker;
  }

  /** Starts pg-boss (installing its schema on first use) and creates the queues. */
  async start(): Promise<void> {
    await loadPgBoss();
    await this.boss.start();
    // stately + singletonKey = workflow id: at most one queued and one active job per workflow.
    await this.boss.createQueue(this.queue, {
      policy: 'stately',
      retryLimit: 5,
      retryDelay: 10,
      retryBackoff: true,
      // Workflows may run for hours; the lease, not the job's expiry, tells a dead worker apart.
      expireInSeconds: DAY,
      heartbeatSeconds: 60,
    });
    await this.schedules.createQueue();
  }

  /** Starts consuming: workflow runs, schedule firings (when `onSchedule` is set), and orphan recovery. */
  async work(): Promise<void> {
    await this.boss.work<WorkflowJob>(
      this.queue,
      {
        batchSize: 1,
        localConcurrency: this.opts.localConcurrency ?? 2,
        pollingIntervalSeconds: this.opts.pollingIntervalSeconds ?? 2,
      },
      async ([job]) => (job ? this.handle(job) : undefined),
    );
    if (this.opts.onSchedule) {
      await this.schedules.work(
        (payload, firing) => this.fire(payload, firing),
        this.opts.pollingIntervalSeconds ?? 2,
      );
    }
    await this.recover();
    const every = this.opts.recoverIntervalSeconds ?? 60;
    if (every > 0) {
      this.recoverTimer = setInterval(() => {
        this.recover().catch((err: unknown) =>
          this.log.warn({ err: errorJson(err) }, 'workflow recovery failed'),
        );
      }, every * 1000);
      this.recoverTimer.unref();
    }
  }

  /** Stops workers (waiting up to `timeoutMs` for running workflows, which are then handed back) and pg-boss. */
  async stop(opts: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
    clearInterval(this.recoverTimer);
    // Never started, so there is no pg-boss to stop.
    if (!this.bossInstance) return;
    await this.boss.stop({ graceful: opts.graceful ?? true, timeout: opts.timeoutMs ?? 30_000 });
  }

  /** Stores a workflow (settings from `resolveSettings` unless given) and enqueues it. */
  async create(input: NewWorkflow): Promise<WorkflowRecord> {
    this.opts.registry.assertKnown(input.steps);
    const settings =
      input.settings ??
      (await this.opts.resolveSettings?.({
        kind: input.kind,
        subject: input.subject ?? {},
        input: input.input ?? {},
        settings: {},
      }));
    const workflow = await insertWorkflow(this.opts.store, { ...input, ...(settings ? { settings } : {}) });
    await this.enqueue(workflow.id);
    return workflow;
  }

  /** Sends the job that runs a workflow (deduplicated per workflow while one is queued). */
  async enqueue(workflowId: string, delaySeconds = 0): Promise<void> {
    await this.boss.send(
      this.queue,
      { workflowId },
      { singletonKey: workflowId, ...(delaySeconds > 0 ? { startAfter: delaySeconds } : {}) },
    );
  }

  /**
   * Resume a stopped workflow from the step that stopped, with settings re-resolved from the
   * configuration as it is now (or `settings` when given). Steps that succeeded are not run again.
   */
  async resolve(workflowId: string, opts: { settings?: JsonObject } = {}): Promise<WorkflowRecord> {
    const current = await getWorkflow(this.opts.store, workflowId);
    assertStopped(workflowId, current);
    const settings = opts.settings ?? (await this.opts.resolveSettings?.(current)) ?? current.settings;
    const reopened = await reopenWorkflow(this.opts.store, workflowId, {
      settings,
      note: 'resolved',
      detail: {
        settingsChanged: !sameJson(settings, current.settings),
        ...(current.action ? { action: current.action.type } : {}),
      },
    });
    await this.enqueue(workflowId);
    return reopened;
  }

  get(workflowId: string): Promise<WorkflowDetails | undefined> {
    return getWorkflowDetails(this.opts.store, workflowId);
  }

  list(filter?: WorkflowFilter): Promise<WorkflowRecord[]> {
    return listWorkflows(this.opts.store, filter);
  }

  /**
   * Enqueues workflows left without a job (lost send, dead worker whose lease ran out) and continues stopped
   * ones whose continuation is overdue (its job was lost); returns how many.
   */
  async recover(): Promise<number> {
    const ids = await listOrphanedWorkflows(this.opts.store);
    for (const id of ids) await this.enqueue(id);
    if (ids.length) this.log.info({ count: ids.length }, 'enqueued orphaned workflows');
    let continued = 0;
    for (const job of await overdueContinuations(this.opts.store, this.now())) {
      if (await this.continueStopped(job)) continued += 1;
    }
    return ids.length + continued;
  }

  /**
   * Sends the job that continues a stopped workflow by itself at its action's `resumesAt` (TikTok's daily
   * limit), beside the workflow's own job: keyed by the stop, it never holds back a Resolve's job.
   */
  private async scheduleContinuation(job: ContinuationJob): Promise<void> {
    const { workflowId, continueAfter } = job;
    // A delay on this process's clock (the one the TikTok client dated `resumesAt` with), not a date.
    const delaySeconds = Math.max(0, Math.ceil((Date.parse(continueAfter.resumesAt) - this.now()) / 1000));
    await this.boss.send(this.queue, job, {
      singletonKey: `${workflowId}:continue:${continueAfter.resumesAt}`,
      ...(delaySeconds > 0 ? { startAfter: delaySeconds } : {}),
    });
    this.log.info({ workflowId, at: continueAfter.resumesAt }, 'workflow continues by itself then');
  }

  /** Continues a stopped workflow when it is still stopped by the job's stop; true when it did. */
  private async continueStopped(job: ContinuationJob): Promise<boolean> {
    const reopened = await continueStopped(this.opts.store, job);
    if (!reopened) {
      this.log.debug({ workflowId: job.workflowId }, 'nothing to continue: the workflow went on otherwise');
      return false;
    }
    this.log.info({ workflowId: job.workflowId, after: job.continueAfter }, 'workflow continues by itself');
    await this.enqueue(job.workflowId);
    return true;
  }

  /** One schedule firing: asks `onSchedule` what to run; a retried firing finds its workflow and stops. */
  async fire(payload: JsonObject, firing: ScheduleFiring): Promise<WorkflowRecord | null> {
    const input = await this.opts.onSchedule?.(payload, firing);
    if (!input) {
      this.log.info({ schedule: firing.key }, 'schedule firing skipped');
      return null;
    }
    const id = input.id ?? firing.jobId;
    const existing = await getWorkflow(this.opts.store, id);
    if (existing) return existing;
    return this.create({ ...input, id, input: { ...input.input, schedule: firing.key } });
  }

  /** Runs one workflow job, or continues a stopped workflow. */
  private async handle(
    job: Job<WorkflowJob>,
  ): Promise<{ result: RunOutcome['result'] | 'continued' | 'not_continued' }> {
    const data = job.data;
    if (data.continueAfter) {
      const { workflowId, continueAfter } = data;
      const continued = await this.continueStopped({ workflowId, continueAfter });
      return { result: continued ? 'continued' : 'not_continued' };
    }
    const id = data.workflowId;
    const outcome = await runWorkflow(this.runner, id, job.signal);
    const continuation = outcome.result === 'ended' ? continuationOf(outcome.workflow) : undefined;
    if (continuation) await this.scheduleContinuation(continuation);
    if (outcome.result === 'retry') await this.enqueue(id, outcome.delaySeconds);
    if (outcome.result === 'interrupted') {
      await this.enqueue(id).catch(() =>
        this.log.info({ workflowId: id }, 'left for recovery: could not re-enqueue'),
      );
    }
    if (outcome.result === 'not_claimed')
      this.log.debug({ workflowId: id, status: outcome.status }, 'nothing to run');
    return { result: outcome.result };
  }
}
