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
import { assertAudienceFree } from './audience-owners.js';
import { getCampaign } from './campaigns-repo.js';
import { clock, type OrchestrationDeps } from './deps.js';
import { RunnableNotFound, RunRefused } from './errors.js';
import { runFingerprint, sourceFingerprint } from './fingerprint.js';
import { getOrchestration, recordSkippedRun, type Orchestration } from './orchestrations-repo.js';
import {
  campaignRunSettings,
  orchestrationRunSettings,
  toJsonSettings,
  type RunSettings,
} from './run-settings.js';
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

function subjectOf(kind: RunSettings['kind'], id: string): JsonObject {
  return kind === 'orchestration' ? { orchestrationId: id } : { campaignId: id };
}

/** The newest workflow of an orchestration or campaign in one of `statuses`, if any. */
async function workflowIn(
  db: Queryable,
  kind: RunSettings['kind'],
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

/** Refuses a run whose audience another orchestration or campaign owns (the step checks again). */
async function refuseOwnedAudience(deps: RunNowDeps, run: RunSettings, id: string): Promise<void> {
  const audience = deps.plugins.plugin(run.plugin).audienceOf?.(run.settings);
  if (audience) await assertAudienceFree(deps.db, audience, { kind: run.kind, id });
}

async function refuseWhileActive(db: Queryable, kind: RunSettings['kind'], id: string): Promise<void> {
  const active = await workflowIn(db, kind, id, ['queued', 'running']);
  if (active)
    throw new RunRefused(`${kind} ${id} is already running (workflow ${active.id}, ${active.status})`);
}

/**
 * Starts a run of an orchestration now: resolves its settings (a missing one is refused, named), creates the
 * workflow and enqueues it. Refused while another run of it is queued or running (two runs would write the
 * same audience), or when its audience is another runnable's.
 * @throws RunnableNotFound, ValidationError, RunRefused, AudienceOwned
 */
export async function runOrchestrationNow(deps: RunNowDeps, id: string): Promise<WorkflowRecord> {
  const run = await orchestrationRunSettings(deps.db, deps.plugins, id);
  assertRunnable(run);
  await refuseOwnedAudience(deps, run, id);
  await refuseWhileActive(deps.db, 'orchestration', id);
  return deps.engine.create(workflowFor(deps.plugins, run, { trigger: 'manual' }));
}

/**
 * Starts a run of a campaign now (a one-time campaign is "sent"). A one-time campaign runs once: refused when
 * a run of it succeeded or is waiting for Resolve; refused too when its audience is another runnable's.
 * @throws RunnableNotFound, ValidationError, RunRefused, AudienceOwned
 */
export async function runCampaignNow(deps: RunNowDeps, id: string): Promise<WorkflowRecord> {
  const campaign = await getCampaign(deps.db, id);
  const run = await campaignRunSettings(deps.db, deps.plugins, campaign);
  assertRunnable(run);
  await refuseOwnedAudience(deps, run, id);
  await refuseWhileActive(deps.db, 'campaign', id);
  if (campaign.oneTime) {
    const done = await workflowIn(deps.db, 'campaign', id, ['succeeded', 'action_required']);
    if (done) {
      throw new RunRefused(
        done.status === 'succeeded'
          ? `one-time campaign ${id} was already sent (workflow ${done.id})`
          : `one-time campaign ${id} has a workflow waiting for Resolve (${done.id}): resolve it instead`,
      );
    }
  }
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

async function orchestrationFiring(deps: ScheduleHandlerDeps, id: string): Promise<NewWorkflow | null> {
  const o = await getOrchestration(deps.db, id);
  if (!o.schedule) return null;
  if (await workflowIn(deps.db, 'orchestration', id, ['queued', 'running'])) {
    deps.logger?.info({ orchestrationId: id }, 'scheduled run skipped: the previous run is still going');
    return null;
  }
  const run = await orchestrationRunSettings(deps.db, deps.plugins, o);
  if (await unchanged(deps, o, run)) {
    await recordSkippedRun(deps.db, id, new Date(clock(deps)()));
    deps.logger?.info({ orchestrationId: id }, 'scheduled run skipped: the source has not changed');
    return null;
  }
  return workflowFor(deps.plugins, run, { trigger: 'schedule' });
}

async function campaignFiring(deps: ScheduleHandlerDeps, id: string): Promise<NewWorkflow | null> {
  const campaign = await getCampaign(deps.db, id);
  if (!campaign.schedule) return null;
  if (await workflowIn(deps.db, 'campaign', id, ['queued', 'running'])) {
    deps.logger?.info({ campaignId: id }, 'scheduled run skipped: the previous run is still going');
    return null;
  }
  return workflowFor(deps.plugins, await campaignRunSettings(deps.db, deps.plugins, campaign), {
    trigger: 'schedule',
  });
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
      if (typeof orchestrationId === 'string') return await orchestrationFiring(deps, orchestrationId);
      if (typeof campaignId === 'string') return await campaignFiring(deps, campaignId);
    } catch (err) {
      if (!(err instanceof RunnableNotFound)) throw err;
      deps.logger?.warn({ payload }, 'schedule fired for something that no longer exists');
    }
    return null;
  };
}
