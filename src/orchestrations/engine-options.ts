import type { WorkerProcessOptions, WorkflowEngineOptions } from '../jobs/index.js';
import type { OrchestrationDeps } from './deps.js';
import { runSettingsResolver } from './run-settings.js';
import { scheduleHandler } from './run.js';
import { buildStepRegistry } from './steps.js';

/** The engine options that make a WorkflowEngine run orchestrations and campaigns. */
export type OrchestrationEngineOptions = Required<
  Pick<WorkflowEngineOptions, 'registry' | 'resolveSettings' | 'onSchedule'>
>;

/** Steps, settings re-resolution (Resolve) and the schedule handler, for `new WorkflowEngine({store, ...})`. */
export function orchestrationEngineOptions(deps: OrchestrationDeps): OrchestrationEngineOptions {
  const db = deps.store;
  return {
    registry: buildStepRegistry(deps),
    resolveSettings: runSettingsResolver(db, deps.plugins),
    onSchedule: scheduleHandler({ ...deps, db }),
  };
}

/**
 * The same for `startWorkerProcess`, which opens the store itself: the hooks are bound to the store once it
 * is open (the registry factory runs before the engine is built, so the hooks never run without it).
 */
export function orchestrationWorkerOptions(
  base: Omit<OrchestrationDeps, 'store'>,
): Pick<WorkerProcessOptions, 'registry' | 'resolveSettings' | 'onSchedule'> {
  let bound: OrchestrationEngineOptions | undefined;
  const need = (): OrchestrationEngineOptions => {
    if (!bound) throw new Error('the workflow hooks ran before the store was opened');
    return bound;
  };
  return {
    registry: (store) => {
      bound = orchestrationEngineOptions({ ...base, store });
      return bound.registry;
    },
    resolveSettings: (workflow) => Promise.resolve().then(() => need().resolveSettings(workflow)),
    onSchedule: (payload, firing) => Promise.resolve().then(() => need().onSchedule(payload, firing)),
  };
}
