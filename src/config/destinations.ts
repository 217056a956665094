import { z } from 'zod';
import type { Queryable } from '../store/store.js';
import { assertConnection, type ConnectionReport, testConnection } from './connection.js';
import { loadCredentialRow } from './credentials-repo.js';
import { asConflict, newId } from './db.js';
import { clockOf, type ControlPlaneDeps } from './deps.js';
import {
  destinationNameTaken,
  getDestination,
  saveDestinationRow,
  type Destination,
  type DestinationValues,
} from './destinations-repo.js';
import { ConflictError, NotFoundError, ValidationError } from './errors.js';
import type { DestinationPlugin, PluginLookup } from './plugins.js';
import { definedOnly, parseInput } from './validate.js';

export {
  getDestination,
  listDestinations,
  type Destination,
  type DestinationFilter,
} from './destinations-repo.js';

const common = {
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('Name of the destination, unique, e.g. "TikTok Ads Manager custom audiences"'),
  description: z
    .string()
    .trim()
    .max(2000)
    .default('')
    .describe('What the destination is for, e.g. "Send custom audiences to TikTok Ads Manager."'),
  credentialId: z
    .string()
    .min(1)
    .describe('The credential (TikTok OAuth authorization) used to send data to TikTok Ads Manager'),
  businessUserAccess: z
    .boolean()
    .default(false)
    .describe('Allow business users to use this destination (they never see its credential)'),
  availableToCampaigns: z
    .boolean()
    .default(false)
    .describe('Make this destination available to campaigns (custom audiences only)'),
};

/** The input schema of a plugin's destinations; the web form is generated from it. */
export function destinationSchema(plugin: DestinationPlugin) {
  return z
    .strictObject({
      ...common,
      plugin: z.literal(plugin.id).describe(plugin.label),
      settings: plugin.partialSchema
        .default({})
        .describe(`Settings of ${plugin.label}; templates may fill the rest`),
    })
    .refine((d) => plugin.campaigns || !d.availableToCampaigns, {
      path: ['availableToCampaigns'],
      message:
        plugin.noCampaignsReason ?? `${plugin.label} is sent by orchestrations only, never by campaigns`,
    });
}

/** Input of {@link createDestination}, for any plugin. */
export type DestinationInput = z.input<ReturnType<typeof destinationSchema>>;
/** Input of {@link updateDestination}: the plugin never changes; `settings`, when given, replaces them all. */
export type DestinationPatch = Partial<Omit<DestinationInput, 'plugin'>>;

/** A saved destination and the connection test that allowed it (null when nothing to test changed). */
export interface SavedDestination {
  destination: Destination;
  connection: ConnectionReport | null;
}

/** Parses a destination of any plugin; a former id (alias) of the plugin is saved as its current id. */
function parseDestination(plugins: PluginLookup, input: unknown): Omit<DestinationValues, 'lastTestedAt'> {
  const id = (input as { plugin?: unknown } | null)?.plugin;
  if (typeof id !== 'string') {
    throw new ValidationError([
      {
        path: 'plugin',
        message: `one of ${plugins
          .plugins()
          .map((p) => p.id)
          .join(', ')}`,
      },
    ]);
  }
  const plugin = plugins.plugin(id);
  return parseInput(destinationSchema(plugin), { ...(input as object), plugin: plugin.id });
}

async function checkReferences(
  db: Queryable,
  values: { name: string; credentialId: string },
  id?: string,
): Promise<void> {
  try {
    await loadCredentialRow(db, values.credentialId);
  } catch (err) {
    if (err instanceof NotFoundError)
      throw new ValidationError([{ path: 'credentialId', message: err.message }]);
    throw err;
  }
  if (await destinationNameTaken(db, values.name, id)) {
    throw new ConflictError('a destination with this name already exists', 'name');
  }
}

async function save(
  deps: ControlPlaneDeps,
  id: string,
  values: Omit<DestinationValues, 'lastTestedAt'>,
  test: boolean,
  lastTestedAt: Date | null,
): Promise<SavedDestination> {
  await checkReferences(deps.db, values, id);
  const connection = test
    ? await assertConnection(deps, { ...values, plugin: deps.plugins.plugin(values.plugin) })
    : null;
  try {
    const destination = await saveDestinationRow(
      deps.db,
      id,
      { ...values, lastTestedAt: connection ? connection.testedAt : lastTestedAt },
      new Date(clockOf(deps)()),
    );
    deps.logger?.info({ destinationId: id, plugin: values.plugin, tested: test }, 'destination saved');
    return { destination, connection };
  } catch (err) {
    throw asConflict(err, { unique: 'a destination with this name already exists', uniqueField: 'name' });
  }
}

/**
 * Validates and saves a new destination after testing its connection (token valid, advertiser reachable and
 * authorized, role sufficient, event set found).
 * @throws ValidationError, ConflictError (name taken), ConnectionTestFailed (with the report)
 */
export async function createDestination(
  deps: ControlPlaneDeps,
  input: DestinationInput,
): Promise<SavedDestination> {
  return save(deps, newId('dst'), parseDestination(deps.plugins, input), true, null);
}

/**
 * Changes a destination; the connection is tested again when its credential or settings change.
 * @throws NotFoundError, ValidationError, ConflictError, ConnectionTestFailed
 */
export async function updateDestination(
  deps: ControlPlaneDeps,
  id: string,
  patch: DestinationPatch,
): Promise<SavedDestination> {
  const current = await getDestination(deps.db, id);
  const { id: _id, createdAt: _c, updatedAt: _u, lastTestedAt, ...base } = current;
  const values = parseDestination(deps.plugins, { ...base, ...definedOnly(patch), plugin: current.plugin });
  const changed =
    values.credentialId !== current.credentialId ||
    JSON.stringify(values.settings) !== JSON.stringify(current.settings);
  return save(deps, id, values, changed, lastTestedAt);
}

/** Tests a saved destination's connection now; a success is recorded as its `lastTestedAt`. */
export async function testDestination(deps: ControlPlaneDeps, id: string): Promise<ConnectionReport> {
  const destination = await getDestination(deps.db, id);
  const report = await testConnection(deps, {
    ...destination,
    plugin: deps.plugins.plugin(destination.plugin),
  });
  if (report.ok) {
    await deps.db.query('UPDATE destinations SET last_tested_at = $2 WHERE id = $1', [id, report.testedAt]);
  }
  return report;
}

/** Deletes a destination that has no data templates. @throws ConflictError, NotFoundError */
export async function deleteDestination(db: Queryable, id: string): Promise<void> {
  try {
    const row = await db.queryOne('DELETE FROM destinations WHERE id = $1 RETURNING id', [id]);
    if (!row) throw new NotFoundError('destination', id);
  } catch (err) {
    throw asConflict(err, { foreignKey: `destination ${id} has data templates; delete them first` });
  }
}
