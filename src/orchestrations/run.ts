import { ValidationError } from '../config/index.js';
import {
  listWorkflows,
  type JsonObject,
  type NewWorkflow,
  type ScheduleHandler,
  type WorkflowEngine,
  type WorkflowRecord,
} from '../jobs/index.js';
import type { DestinationRegistry } from '../destinations/index.js';
import type { Logger } from '../logger.js';
import type { Queryable } from '../store/store.js';
import { assertAudienceFree, audienceOf } from './audience-owners.js';
import { CAMPAIGN_TABLE, type Campaign } from './campaigns-repo.js';
import { clock, type OrchestrationDeps } from './deps.js';
import { RunnableNotFound, RunRefused } from './errors.js';
import { runFingerprint, sourceFingerprint } from './fingerprint.js';
import { ORCHESTRATION_TABLE, recordSkippedRun, type Orchestration } from './orchestrations-repo.js';
import {
  campaignRunSettings,
  orchestrationRunSettings,
  toJsonSettings,
  type RunSettings,
} from './run-settings.js';
import {
  getRunnable,
  type RunnableKindName,
  type RunnableRecord,
  type RunnableTable,
} from './runnable-repo.js';
import { parseRunSource } from './step-support.js';
import { stepsFor } from './steps.js';

/** What starting a run needs: the engine (to enqueue) and the store. */
export interface RunNowDeps {
  engine: Pick<WorkflowEngine, 'create'>;
  db: Queryable;
  plugins: DestinationRegistry;
}

/** The workflow of one run of an orchestration or campaign, with its settings snapshot. */
export function workflowFor(
  plugins: DestinationRegistry,
  run: RunSettings,
  input: JsonObject = {},
): NewWorkflow {
  const subject: JsonObject = {
    ...(run.orchestrationId ? { orchestrationId: run.orchestrationId } : {}),
    ...(run.campaignId ? { campaignId: run.campaignId } : {}),
    destinationId: run.destinationId,
    templateId: run.templateId,
  };
  return { kind: run.kind, subject, steps: stepsFor(plugins, run), settings: toJsonSettings(run), input };
}

function subjectOf(kind: RunnableKindName, id: string): JsonObject {
  return { [`${kind}Id`]: id };
}

/** The newest workflow of an orchestration or campaign in one of `statuses`, if any. */
async function workflowIn(
  db: Queryable,
  kind: RunnableKindName,
  id: string,
  statuses: WorkflowRecord['status'][],
): Promise<WorkflowRecord | undefined> {
  return (await listWorkflows(db, { kind, subject: subjectOf(kind, id), status: statuses, limit: 1 }))[0];
}

function assertRunnable(run: RunSettings): void {
  if (run.problems.length === 0) return;
  const path = run.kind === 'orchestration' ? 'overrides' : 'settings';
  throw new ValidationError([
    ...run.missing.map((key) => ({
      path: `${path}.${key}`,
      message: 'required setting is not set anywhere',
    })),
    ...run.invalid,
    ...(run.missing.length + run.invalid.length === 0
      ? [{ path: 'templateId', message: run.problems.join('; ') }]
      : []),
  ]);
}

/** What differs between running an orchestration and a campaign. */
interface RunSide<R extends RunnableRecord> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  table: RunnableTable<R, any, any, any>;
  /** Its run settings as configured now. */
  settings(db: Queryable, plugins: DestinationRegistry, runnable: R): Promise<RunSettings>;
  /** Refuses a run now for a reason of the kind's own. @throws RunRefused */
  refuse?(db: Queryable, runnable: R): Promise<void>;
  /** Whether a scheduled firing is skipped, for a reason of the kind's own (recorded by it). */
  skip?(deps: ScheduleHandlerDeps, runnable: R, run: RunSettings): Promise<boolean>;
}

/** A one-time campaign runs once: refused when a run of it succeeded or is waiting for Resolve. */
async function refuseSentCampaign(db: Queryable, campaign: Campaign): Promise<void> {
  if (!campaign.oneTime) return;
  const id = campaign.id;
  const done = await workflowIn(db, 'campaign', id, ['succeeded', 'action_required']);
  if (done) {
    throw new RunRefused(
      done.status === 'succeeded'
        ? `one-time campaign ${id} was already sent (workflow ${done.id})`
        : `one-time campaign ${id} has a workflow waiting for Resolve (${done.id}): resolve it instead`,
    );
  }
}

/**
 * Starts a run now: resolves its settings (a missing one is refused, named), creates the workflow and
 * enqueues it. Refused while another run of it is queued or running (two runs would write the same
 * audience), when its audience is another runnable's, and for the kind's own reasons.
 */
async function runNow<R extends RunnableRecord>(side: RunSide<R>, deps: RunNowDeps, id: string) {
  const { kind } = side.table;
  const runnable = await getRunnable(side.table, deps.db, id);
  const run = await side.settings(deps.db, deps.plugins, runnable);
  assertRunnable(run);
  // The step checks the audience's owner again.
  const audience = audienceOf(deps.plugins, run.plugin, run.settings);
  if (audience) await assertAudienceFree(deps.db, audience, { kind, id });
  const active = await workflowIn(deps.db, kind, id, ['queued', 'running']);
  if (active)
    throw new RunRefused(`${kind} ${id} is already running (workflow ${active.id}, ${active.status})`);
  await side.refuse?.(deps.db, runnable);
  return deps.engine.create(workflowFor(deps.plugins, run, { trigger: 'manual' }));
}

/** What the schedule handler needs. */
export type ScheduleHandlerDeps = Pick<
  OrchestrationDeps,
  'sourceDatabaseUrl' | 'sourceRoots' | 'now' | 'plugins'
> & {
  db: Queryable;
  logger?: Logger | undefined;
};

async function unchanged(deps: ScheduleHandlerDeps, o: Orchestration, run: RunSettings): Promise<boolean> {
  if (!o.skipUnchanged || !o.lastFingerprint || run.problems.length > 0) return false;
  try {
    const fingerprint = runFingerprint(
      run,
      await sourceFingerprint(parseRunSource(deps, run.source), deps.sourceRoots),
    );
    return fingerprint === o.lastFingerprint;
  } catch (err) {
    // An unreadable source is not "unchanged": the run goes ahead and its failure shows in the workflow.
    deps.logger?.warn({ orchestrationId: o.id, err }, 'could not fingerprint the source; running');
    return false;
  }
}

const ORCHESTRATION_RUNS: RunSide<Orchestration> = {
  table: ORCHESTRATION_TABLE,
  settings: orchestrationRunSettings,
  skip: async (deps, o, run) => {
    if (!(await unchanged(deps, o, run))) return false;
    await recordSkippedRun(deps.db, o.id, new Date(clock(deps)()));
    deps.logger?.info({ orchestrationId: o.id }, 'scheduled run skipped: the source has not changed');
    return true;
  },
};

const CAMPAIGN_RUNS: RunSide<Campaign> = {
  table: CAMPAIGN_TABLE,
  settings: campaignRunSettings,
  refuse: refuseSentCampaign,
};

/**
 * Starts a run of an orchestration now (see runNow).
 * @throws RunnableNotFound, ValidationError, RunRefused, AudienceOwned
 */
export function runOrchestrationNow(deps: RunNowDeps, id: string): Promise<WorkflowRecord> {
  return runNow(ORCHESTRATION_RUNS, deps, id);
}

/**
 * Starts a run of a campaign now (a one-time campaign is "sent"), as runNow does; a one-time campaign runs
 * once. @throws RunnableNotFound, ValidationError, RunRefused, AudienceOwned
 */
export function runCampaignNow(deps: RunNowDeps, id: string): Promise<WorkflowRecord> {
  return runNow(CAMPAIGN_RUNS, deps, id);
}

async function firing<R extends RunnableRecord>(
  side: RunSide<R>,
  deps: ScheduleHandlerDeps,
  id: string,
): Promise<NewWorkflow | null> {
  const { kind } = side.table;
  const runnable = await getRunnable(side.table, deps.db, id);
  if (!runnable.schedule) return null;
  if (await workflowIn(deps.db, kind, id, ['queued', 'running'])) {
    deps.logger?.info({ [`${kind}Id`]: id }, 'scheduled run skipped: the previous run is still going');
    return null;
  }
  const run = await side.settings(deps.db, deps.plugins, runnable);
  if (await side.skip?.(deps, runnable, run)) return null;
  return workflowFor(deps.plugins, run, { trigger: 'schedule' });
}

/**
 * The engine's `onSchedule`: turns a firing of `orchestration/<id>` or `campaign/<id>` into a workflow, or
 * skips it (null) when the orchestration or campaign is gone or unscheduled, a previous run is still going, or
 * (orchestrations with `skipUnchanged`) the source and settings have not changed since the last successful run.
 * A run whose settings no longer resolve is still created: it stops at `resolve_settings`, where it shows.
 */
export function scheduleHandler(deps: ScheduleHandlerDeps): ScheduleHandler {
  return async (payload) => {
    const { orchestrationId, campaignId } = payload;
    try {
      if (typeof orchestrationId === 'string') return await firing(ORCHESTRATION_RUNS, deps, orchestrationId);
      if (typeof campaignId === 'string') return await firing(CAMPAIGN_RUNS, deps, campaignId);
    } catch (err) {
      if (!(err instanceof RunnableNotFound)) throw err;
      deps.logger?.warn({ payload }, 'schedule fired for something that no longer exists');
    }
    return null;
  };
}
