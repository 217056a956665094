import type { WorkflowRecord } from '../jobs/index.js';
import {
  createCampaign,
  createOrchestration,
  createSegment,
  deleteCampaign,
  deleteOrchestration,
  deleteSegment,
  getCampaign,
  getOrchestration,
  getSegment,
  listAudienceOwners,
  listCampaigns,
  listOrchestrations,
  listSegments,
  runCampaignNow,
  runOrchestrationNow,
  transferAudience,
  updateCampaign,
  updateOrchestration,
  updateSegment,
  type RunNowDeps,
  type RunnableStoreDeps,
  type Schedule,
} from '../orchestrations/index.js';
import type { ControlApi, RunnableApi } from './control-api.js';
import { withEngine, type LocalControl } from './local-control.js';
import { storeWorkflows, waitUntilStopped } from './wait-workflow.js';

/** The save, read and run functions of one runnable kind (orchestration or campaign) in src/orchestrations. */
interface RunnableOps<T, Input, Patch> {
  list(db: RunnableStoreDeps['db']): Promise<T[]>;
  get(db: RunnableStoreDeps['db'], id: string): Promise<T>;
  create(deps: RunnableStoreDeps, input: Input): Promise<T>;
  update(deps: RunnableStoreDeps, id: string, patch: Patch): Promise<T>;
  delete(deps: RunnableStoreDeps, id: string): Promise<void>;
  runNow(deps: RunNowDeps, id: string): Promise<WorkflowRecord>;
}

type Scheduled = { schedule?: Schedule | { cron: string; timezone?: string } | null | undefined };

/**
 * A runnable kind on the local store. A save that sets, changes or drops a schedule goes through an engine's
 * schedules, so that a running server's cron (on PostgreSQL) knows it at once; other saves need no engine.
 */
function localRunnable<T extends Scheduled, Input extends Scheduled, Patch extends Scheduled>(
  local: LocalControl,
  ops: RunnableOps<T, Input, Patch>,
): RunnableApi<T, Input, Patch> {
  const db = local.control.db;
  const base: RunnableStoreDeps = {
    db,
    plugins: local.control.plugins,
    ...(local.control.logger ? { logger: local.control.logger } : {}),
  };
  const save = <R>(scheduled: boolean, fn: (deps: RunnableStoreDeps) => Promise<R>): Promise<R> =>
    scheduled ? withEngine(local, false, (engine) => fn({ ...base, schedules: engine.schedules })) : fn(base);
  const show = storeWorkflows(local.control);
  return {
    list: () => ops.list(db),
    get: (id) => ops.get(db, id),
    create: (input) => save(Boolean(input.schedule), (deps) => ops.create(deps, input)),
    async update(id, patch) {
      const before = await ops.get(db, id);
      return save(patch.schedule !== undefined || Boolean(before.schedule), (deps) =>
        ops.update(deps, id, patch),
      );
    },
    async delete(id) {
      const before = await ops.get(db, id);
      await save(Boolean(before.schedule), (deps) => ops.delete(deps, id));
    },
    async run(id, request) {
      // The embedded store is this process's alone: no worker can run the workflow, so it runs here.
      const here = local.embedded || request.here === true;
      return withEngine(local, here, async (engine) => {
        const created = await ops.runNow({ engine, db, plugins: local.control.plugins }, id);
        if (!here && !request.wait) return { workflow: created, stopped: false };
        return { workflow: await waitUntilStopped(show, created.id), stopped: true };
      });
    },
  };
}

/** Segments, audience owners, orchestrations and campaigns on the local store. */
export function localRunnableApis(
  local: LocalControl,
): Pick<ControlApi, 'segments' | 'audienceOwners' | 'orchestrations' | 'campaigns'> {
  const { control } = local;
  const db = control.db;
  return {
    segments: {
      list: () => listSegments(db),
      get: (id) => getSegment(db, id),
      create: (input) => createSegment(control, input),
      update: (id, patch) => updateSegment(control, id, patch),
      delete: (id) => deleteSegment(control, id),
    },
    audienceOwners: {
      list: (filter) =>
        listAudienceOwners(db, filter.advertiserId ? { advertiserId: filter.advertiserId } : {}),
      transfer: (audience, to) => transferAudience(db, audience, to),
    },
    orchestrations: localRunnable(local, {
      list: (q) => listOrchestrations(q),
      get: getOrchestration,
      create: createOrchestration,
      update: updateOrchestration,
      delete: deleteOrchestration,
      runNow: runOrchestrationNow,
    }),
    campaigns: localRunnable(local, {
      list: (q) => listCampaigns(q),
      get: getCampaign,
      create: (deps, input) => createCampaign(deps, input),
      update: (deps, id, patch) => updateCampaign(deps, id, patch),
      delete: deleteCampaign,
      runNow: runCampaignNow,
    }),
  };
}
