import { z } from 'zod';
import type { Queryable } from '../store/store.js';
import { assertConnection, type ConnectionReport } from './connection.js';
import { asConflict, newId } from './db.js';
import { clockOf, type ControlPlaneDeps } from './deps.js';
import { getDestination, type Destination } from './destinations-repo.js';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from './errors.js';
import type { DestinationPlugin, PluginLookup } from './plugins.js';
import { campaignOffer } from './campaign-offer.js';
import { resolveSettings } from './resolve-settings.js';
import {
  getTemplate,
  saveTemplateRow,
  templateNameTaken,
  type DataTemplate,
  type TemplateValues,
} from './templates-repo.js';
import { definedOnly, parseInput } from './validate.js';

export { getTemplate, listTemplates, type DataTemplate } from './templates-repo.js';
export { campaignOffer, listCampaignTemplates, visibleToBusinessUsers } from './campaign-offer.js';
export {
  describeUnresolved,
  resolveSettings,
  SETTING_LAYERS,
  type SettingLayer,
  type SettingsHolder,
  type SettingsResolution,
  type SettingsResolved,
  type SettingsUnresolved,
} from './resolve-settings.js';

const common = {
  destinationId: z.string().min(1).describe('The destination this data template belongs to'),
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('Name of the data template, e.g. "TikTok Ads Manager custom audiences"'),
  description: z
    .string()
    .trim()
    .max(2000)
    .default('')
    .describe('What the template is for, e.g. "Send custom audiences to TikTok Ads Manager."'),
  businessUserAccess: z.boolean().default(false).describe('Allow business users to use this data template'),
  availableToCampaigns: z
    .boolean()
    .default(false)
    .describe(
      'Make this data template available to campaigns; every required setting must then be known (here or on the ' +
        'destination). Never for offline events.',
    ),
};

/** A data template's fields but its settings, whatever its plugin. */
export const templateBaseSchema = z.strictObject(common);

/** The input schema of a plugin's data templates; the web form is generated from it. */
export function templateSchema(plugin: DestinationPlugin) {
  return z.strictObject({
    ...common,
    settings: plugin.partialSchema
      .default({})
      .describe(`Settings of ${plugin.label} that fill or override the destination's`),
  });
}

export type TemplateInput = z.input<ReturnType<typeof templateSchema>>;
/** Input of {@link updateTemplate}: the destination never changes; `settings`, when given, replaces them all. */
export type TemplatePatch = Partial<Omit<TemplateInput, 'destinationId'>>;

function campaignIssues(
  plugins: PluginLookup,
  destination: Destination,
  values: TemplateValues,
): FieldIssue[] {
  if (!values.availableToCampaigns) return [];
  const offer = campaignOffer(plugins, destination, values);
  if (offer.offered) return [];
  const plugin = plugins.plugin(destination.plugin);
  const resolved = resolveSettings(plugin, destination, values);
  if (!plugin.campaigns || !destination.availableToCampaigns || resolved.ok) {
    return [{ path: 'availableToCampaigns', message: offer.reasons.join('; ') }];
  }
  return resolved.missing.map((key) => ({
    path: `settings.${key}`,
    message: 'required before the template can be offered to campaigns (the destination does not set it)',
  }));
}

/**
 * What the template's settings contradict once merged over the destination's, e.g. a pixel code as the
 * event set ID of a destination whose event source is offline. Each value was checked on its own already.
 */
function layerIssues(
  plugin: DestinationPlugin,
  destination: Destination,
  values: TemplateValues,
): FieldIssue[] {
  const resolved = resolveSettings(plugin, destination, values);
  if (resolved.ok) return [];
  return resolved.invalid
    .filter((issue) => issue.path.startsWith('template.'))
    .map((issue) => ({ ...issue, path: `settings.${issue.path.slice('template.'.length)}` }));
}

/** A saved template and the connection test that allowed it (null when it sets nothing TikTok can check). */
export interface SavedTemplate {
  template: DataTemplate;
  connection: ConnectionReport | null;
}

async function save(
  deps: ControlPlaneDeps,
  id: string,
  destination: Destination,
  input: unknown,
  previous?: DataTemplate,
): Promise<SavedTemplate> {
  const plugin = deps.plugins.plugin(destination.plugin);
  const values: TemplateValues = parseInput(templateSchema(plugin), input);
  const issues = [
    ...layerIssues(plugin, destination, values),
    ...campaignIssues(deps.plugins, destination, values),
  ];
  if (issues.length > 0) throw new ValidationError(issues);
  if (await templateNameTaken(deps.db, destination.id, values.name, id)) {
    throw new ConflictError('this destination already has a data template with this name', 'name');
  }
  // What TikTok can check in settings: a template that sets any of it is tested like a destination.
  const checkedKeys = plugin.checkedKeys ?? [];
  const checked = (s: Record<string, unknown>) => JSON.stringify(checkedKeys.map((k) => s[k] ?? null));
  const test =
    checkedKeys.some((k) => values.settings[k] !== undefined) &&
    (!previous || checked(previous.settings) !== checked(values.settings));
  const merged = resolveSettings(plugin, destination, values).settings;
  const connection = test
    ? await assertConnection(deps, {
        plugin,
        credentialId: destination.credentialId,
        settings: merged,
      })
    : null;
  try {
    const template = await saveTemplateRow(deps.db, id, values, new Date(clockOf(deps)()));
    deps.logger?.info({ templateId: id, destinationId: destination.id, tested: test }, 'data template saved');
    return { template, connection };
  } catch (err) {
    throw asConflict(err, {
      unique: 'this destination already has a data template with this name',
      uniqueField: 'name',
    });
  }
}

async function destinationOf(db: Queryable, id: string): Promise<Destination> {
  try {
    return await getDestination(db, id);
  } catch (err) {
    if (err instanceof NotFoundError)
      throw new ValidationError([{ path: 'destinationId', message: err.message }]);
    throw err;
  }
}

/**
 * Saves a new data template. Refused when it asks to be offered to campaigns but cannot be (offline events,
 * destination not available to campaigns, or a required setting unknown); settings TikTok can check
 * (advertiser, event set) are tested first.
 * @throws ValidationError, ConflictError, ConnectionTestFailed
 */
export async function createTemplate(deps: ControlPlaneDeps, input: TemplateInput): Promise<SavedTemplate> {
  const destination = await destinationOf(
    deps.db,
    typeof input.destinationId === 'string' ? input.destinationId : '',
  );
  return save(deps, newId('tpl'), destination, input);
}

/** Changes a data template, with the checks of {@link createTemplate}. @throws NotFoundError and those */
export async function updateTemplate(
  deps: ControlPlaneDeps,
  id: string,
  patch: TemplatePatch,
): Promise<SavedTemplate> {
  const current = await getTemplate(deps.db, id);
  const destination = await getDestination(deps.db, current.destinationId);
  const { id: _id, createdAt: _c, updatedAt: _u, ...base } = current;
  return save(
    deps,
    id,
    destination,
    { ...base, ...definedOnly(patch), destinationId: current.destinationId },
    current,
  );
}

/** Deletes a data template. @throws NotFoundError, ConflictError when something still uses it */
export async function deleteTemplate(db: Queryable, id: string): Promise<void> {
  try {
    const row = await db.queryOne('DELETE FROM data_templates WHERE id = $1 RETURNING id', [id]);
    if (!row) throw new NotFoundError('data template', id);
  } catch (err) {
    throw asConflict(err, { foreignKey: `data template ${id} is used by an orchestration or campaign` });
  }
}
