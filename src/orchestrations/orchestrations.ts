import type { RunnableStoreDeps } from './deps.js';
import { ORCHESTRATION_TABLE, type Orchestration, type OrchestrationValues } from './orchestrations-repo.js';
import { parseRunOptions } from './run-options.js';
import { createRunnable, deleteRunnable, updateRunnable, type RunnableKind } from './runnable.js';
import { orchestrationInputSchema, type OrchestrationPatch, type OrchestrationInput } from './schema.js';
import { assertResolves, loadPair } from './settings-check.js';

export {
  getOrchestration,
  listOrchestrations,
  type Orchestration,
  type OrchestrationFilter,
} from './orchestrations-repo.js';

/**
 * Orchestrations: a source query sent to a destination through one of its data templates; the options suit
 * its plugin and the settings (destination, template, overrides) must resolve, a missing one named under
 * `overrides.<key>`.
 */
export const ORCHESTRATIONS: RunnableKind<
  Orchestration,
  OrchestrationValues,
  OrchestrationValues,
  Record<string, never>
> = {
  table: ORCHESTRATION_TABLE,
  prefix: 'orc',
  schema: orchestrationInputSchema,
  audiencePath: 'overrides.customAudienceName',
  prepare: async (deps, parsed) => {
    const { destination, template } = await loadPair(deps.db, parsed.destinationId, parsed.templateId);
    const plugin = deps.plugins.plugin(destination.plugin);
    const values = { ...parsed, options: parseRunOptions(plugin, parsed.options) };
    const settings = assertResolves(plugin, destination, template, values.overrides, 'overrides');
    return { values, plugin: destination.plugin, settings };
  },
  logged: (o) => ({ destinationId: o.destinationId, scheduled: o.schedule !== null }),
};

/**
 * Validates and saves a new orchestration: the template must belong to the destination, the options suit its
 * plugin, and the settings must resolve (destination, template, overrides); a missing setting is named under
 * `overrides.<key>`. With `deps.schedules` its schedule is registered with the engine.
 * @throws ValidationError, ConflictError (name taken), AudienceOwned (the audience is another runnable's)
 */
export function createOrchestration(
  deps: RunnableStoreDeps,
  input: OrchestrationInput,
): Promise<Orchestration> {
  return createRunnable(ORCHESTRATIONS, deps, input, {});
}

/** Changes an orchestration with the checks of {@link createOrchestration}. @throws RunnableNotFound and those */
export function updateOrchestration(
  deps: RunnableStoreDeps,
  id: string,
  patch: OrchestrationPatch,
): Promise<Orchestration> {
  return updateRunnable(ORCHESTRATIONS, deps, id, patch, {});
}

/** Deletes an orchestration and its schedule; its workflows stay. @throws RunnableNotFound */
export function deleteOrchestration(deps: RunnableStoreDeps, id: string): Promise<void> {
  return deleteRunnable(ORCHESTRATIONS, deps, id);
}
