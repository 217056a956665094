import { ConflictError } from '../config/index.js';
import { definedOnly, parseInput } from '../config/validate.js';
import { assertAudienceFree } from './audience-owners.js';
import { clock, newRunnableId, type RunnableStoreDeps } from './deps.js';
import {
  deleteOrchestrationRow,
  getOrchestration,
  orchestrationNameTaken,
  saveOrchestrationRow,
  type Orchestration,
  type OrchestrationValues,
} from './orchestrations-repo.js';
import { parseRunOptions } from './run-options.js';
import { applySchedule, checkScheduleWith } from './scheduling.js';
import { orchestrationInputSchema, type OrchestrationInput, type OrchestrationPatch } from './schema.js';
import { assertResolves, loadPair } from './settings-check.js';

export {
  getOrchestration,
  listOrchestrations,
  type Orchestration,
  type OrchestrationFilter,
} from './orchestrations-repo.js';

async function save(deps: RunnableStoreDeps, id: string, input: unknown): Promise<Orchestration> {
  const parsed = parseInput(orchestrationInputSchema, input);
  const { destination, template } = await loadPair(deps.db, parsed.destinationId, parsed.templateId);
  const plugin = deps.plugins.plugin(destination.plugin);
  const values: OrchestrationValues = {
    ...parsed,
    options: parseRunOptions(plugin, parsed.options),
  };
  const settings = assertResolves(plugin, destination, template, values.overrides, 'overrides');
  const audience = plugin.audienceOf?.(settings);
  if (audience) {
    await assertAudienceFree(
      deps.db,
      audience,
      { kind: 'orchestration', id },
      'overrides.customAudienceName',
    );
  }
  checkScheduleWith(deps.schedules, values.schedule);
  if (await orchestrationNameTaken(deps.db, values.name, id)) {
    throw new ConflictError('an orchestration with this name already exists', 'name');
  }
  const saved = await saveOrchestrationRow(deps.db, id, values, new Date(clock(deps)()));
  if (deps.schedules) await applySchedule(deps.schedules, 'orchestration', id, saved.schedule);
  deps.logger?.info(
    { orchestrationId: id, destinationId: destination.id, scheduled: saved.schedule !== null },
    'orchestration saved',
  );
  return saved;
}

/**
 * Validates and saves a new orchestration: the template must belong to the destination, the options suit its
 * plugin, and the settings must resolve (destination, template, overrides); a missing setting is named under
 * `overrides.<key>`. With `deps.schedules` its schedule is registered with the engine.
 * @throws ValidationError, ConflictError (name taken), AudienceOwned (the audience is another runnable's)
 */
export async function createOrchestration(
  deps: RunnableStoreDeps,
  input: OrchestrationInput,
): Promise<Orchestration> {
  return save(deps, newRunnableId('orc'), input);
}

/** Changes an orchestration with the checks of {@link createOrchestration}. @throws RunnableNotFound and those */
export async function updateOrchestration(
  deps: RunnableStoreDeps,
  id: string,
  patch: OrchestrationPatch,
): Promise<Orchestration> {
  const current = await getOrchestration(deps.db, id);
  const base: OrchestrationInput = {
    name: current.name,
    description: current.description,
    sourceQuery: current.sourceQuery,
    destinationId: current.destinationId,
    templateId: current.templateId,
    schedule: current.schedule,
    overrides: current.overrides,
    options: current.options,
    skipUnchanged: current.skipUnchanged,
  };
  return save(deps, id, { ...base, ...definedOnly(patch) });
}

/** Deletes an orchestration and its schedule; its workflows stay. @throws RunnableNotFound */
export async function deleteOrchestration(deps: RunnableStoreDeps, id: string): Promise<void> {
  await deleteOrchestrationRow(deps.db, id);
  if (deps.schedules) await applySchedule(deps.schedules, 'orchestration', id, null);
  deps.logger?.info({ orchestrationId: id }, 'orchestration deleted');
}
