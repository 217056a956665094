import type { z } from 'zod';
import { ConflictError, type PartialSettings } from '../config/index.js';
import { definedOnly, parseInput } from '../config/validate.js';
import { assertAudienceFree, audienceOf } from './audience-owners.js';
import { clock, newRunnableId, type RunnableStoreDeps } from './deps.js';
import {
  deleteRunnableRow,
  getRunnable,
  runnableNameTaken,
  saveRunnableRow,
  type AnyRunnableTable,
  type RunnableRecord,
  type RunnableTable,
} from './runnable-repo.js';
import { applySchedule, checkScheduleWith } from './scheduling.js';

/** What a kind's checks make of a valid input: the values stored, and the settings its runs would send with. */
export interface PreparedRunnable<V> {
  values: V;
  /** The id of the destination plugin the runnable sends to. */
  plugin: string;
  /** Resolved settings: the audience they name must not be another runnable's. */
  settings: PartialSettings;
}

/**
 * One kind of runnable (orchestration or campaign) as the shared create, update and delete below see it:
 * its table, its input schema, and what differs: the checks an input passes before it is stored.
 */
export interface RunnableKind<R extends RunnableRecord, V extends Pick<R, 'name' | 'schedule'>, P, O> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  table: RunnableTable<R, V, any, any>;
  /** The prefix of new ids (`orc_...`). */
  prefix: 'orc' | 'cmp';
  /** The input of create; an update is the stored fields of this schema, patched. */
  schema: z.ZodObject;
  /** Checks a parsed input against the configuration. @throws ValidationError naming the field at fault */
  prepare(deps: RunnableStoreDeps, parsed: P, opts: O): Promise<PreparedRunnable<V>>;
  /** The field named when the audience is another runnable's. */
  audiencePath: string;
  /** What the "saved" log line tells of one (ids and flags, never personal data). */
  logged(saved: R): Record<string, unknown>;
}

async function save<R extends RunnableRecord, V extends Pick<R, 'name' | 'schedule'>, P, O>(
  kind: RunnableKind<R, V, P, O>,
  deps: RunnableStoreDeps,
  id: string,
  input: unknown,
  opts: O,
): Promise<R> {
  const { kind: name } = kind.table;
  const parsed = parseInput(kind.schema, input) as P;
  const { values, plugin, settings } = await kind.prepare(deps, parsed, opts);
  // Naming an audience another orchestration or campaign keeps (here, or through the template) is refused.
  const audience = audienceOf(deps.plugins, plugin, settings);
  if (audience) await assertAudienceFree(deps.db, audience, { kind: name, id }, kind.audiencePath);
  checkScheduleWith(deps.schedules, values.schedule);
  if (await runnableNameTaken(kind.table, deps.db, values.name, id)) {
    throw new ConflictError(
      `${name === 'orchestration' ? 'an' : 'a'} ${name} with this name already exists`,
      'name',
    );
  }
  const saved = await saveRunnableRow(kind.table, deps.db, id, values, new Date(clock(deps)()));
  if (deps.schedules) await applySchedule(deps.schedules, name, id, saved.schedule);
  deps.logger?.info({ [`${name}Id`]: id, ...kind.logged(saved) }, `${name} saved`);
  return saved;
}

/**
 * Validates and saves a new runnable: the input's shape, the kind's checks, an audience no other runnable
 * keeps, a schedule the engine accepts and a unique name; with `deps.schedules` its schedule is registered.
 * @throws ValidationError, ConflictError (name taken), AudienceOwned (the audience is another runnable's)
 */
export function createRunnable<R extends RunnableRecord, V extends Pick<R, 'name' | 'schedule'>, P, O>(
  kind: RunnableKind<R, V, P, O>,
  deps: RunnableStoreDeps,
  input: unknown,
  opts: O,
): Promise<R> {
  return save(kind, deps, newRunnableId(kind.prefix), input, opts);
}

/**
 * Changes a runnable with the checks of {@link createRunnable}: the patch's defined fields over the stored
 * ones (a JSON field given replaces the stored one whole). @throws RunnableNotFound and those of create
 */
export async function updateRunnable<R extends RunnableRecord, V extends Pick<R, 'name' | 'schedule'>, P, O>(
  kind: RunnableKind<R, V, P, O>,
  deps: RunnableStoreDeps,
  id: string,
  patch: object,
  opts: O,
): Promise<R> {
  const current = (await getRunnable(kind.table, deps.db, id)) as unknown as Record<string, unknown>;
  const base = Object.fromEntries(Object.keys(kind.schema.shape).map((key) => [key, current[key]]));
  return save(kind, deps, id, { ...base, ...definedOnly(patch) }, opts);
}

/** Deletes a runnable and its schedule; its workflows stay. @throws RunnableNotFound */
export async function deleteRunnable(
  kind: { table: Pick<AnyRunnableTable, 'kind' | 'table'> },
  deps: RunnableStoreDeps,
  id: string,
): Promise<void> {
  const { kind: name } = kind.table;
  await deleteRunnableRow(kind.table, deps.db, id);
  if (deps.schedules) await applySchedule(deps.schedules, name, id, null);
  deps.logger?.info({ [`${name}Id`]: id }, `${name} deleted`);
}
