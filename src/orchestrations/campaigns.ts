import { randomBytes } from 'node:crypto';
import {
  campaignOffer,
  ConflictError,
  getDestination,
  getTemplate,
  ValidationError,
  type DataTemplate,
  type Destination,
  type FieldIssue,
  type PartialSettings,
  resolveSettings,
} from '../config/index.js';
import { definedOnly, parseInput } from '../config/validate.js';
import type { DestinationRegistry } from '../destinations/index.js';
import type { Queryable } from '../store/store.js';
import {
  campaignNameTaken,
  deleteCampaignRow,
  getCampaign,
  saveCampaignRow,
  type Campaign,
  type CampaignValues,
} from './campaigns-repo.js';
import { assertAudienceFree } from './audience-owners.js';
import { clock, newRunnableId, type RunnableStoreDeps } from './deps.js';
import { parseRunOptions } from './run-options.js';
import { applySchedule, checkScheduleWith } from './scheduling.js';
import { campaignInputSchema, type CampaignInput, type CampaignPatch } from './schema.js';
import { segmentOfCampaign, segmentSettings } from './segments.js';
import { loadOrIssue, resolutionIssues } from './settings-check.js';

export { getCampaign, listCampaigns, type Campaign } from './campaigns-repo.js';

/** The settings a campaign overrides: its id types and its audience name, when set. */
export function campaignOverrides(c: Pick<Campaign, 'idTypes' | 'audienceName'>): PartialSettings {
  return {
    ...(c.idTypes ? { userIdTypes: c.idTypes } : {}),
    ...(c.audienceName ? { customAudienceName: c.audienceName } : {}),
  };
}

/**
 * The template of a campaign and its destination, when the template is offered to campaigns.
 * @throws ValidationError naming `templateId` with every reason it is not offered
 */
export async function campaignTarget(
  db: Queryable,
  plugins: DestinationRegistry,
  templateId: string,
): Promise<{ destination: Destination; template: DataTemplate }> {
  const issues: FieldIssue[] = [];
  const template = await loadOrIssue(() => getTemplate(db, templateId), 'templateId', issues);
  if (!template) throw new ValidationError(issues);
  const destination = await getDestination(db, template.destinationId);
  const offer = campaignOffer(plugins, destination, template);
  if (!offer.offered) {
    throw new ValidationError([
      {
        path: 'templateId',
        message: `the data template is not offered to campaigns: ${offer.reasons.join('; ')}`,
      },
    ]);
  }
  return { destination, template };
}

/** Who saves a campaign: a business user may only pick a segment opened to business users. */
export interface CampaignSaveOptions {
  openSegmentsOnly?: boolean;
}

async function save(
  deps: RunnableStoreDeps,
  id: string,
  input: unknown,
  opts: CampaignSaveOptions & { currentSeed?: string },
): Promise<Campaign> {
  const parsed = parseInput(campaignInputSchema, input);
  const segment = await segmentOfCampaign(deps.db, parsed.segmentId, {
    openOnly: opts.openSegmentsOnly === true,
  });
  const { destination, template } = await campaignTarget(deps.db, deps.plugins, parsed.templateId);
  const plugin = deps.plugins.plugin(destination.plugin);
  const values: CampaignValues = {
    ...parsed,
    controlGroupSeed: parsed.controlGroupSeed ?? opts.currentSeed ?? randomBytes(8).toString('hex'),
    options: parseRunOptions(plugin, parsed.options),
  };
  // The segment's id types, then the campaign's id types and audience name, override the template's; they
  // must still make valid settings.
  const resolution = resolveSettings(
    plugin,
    destination,
    template,
    campaignOverrides(values),
    segmentSettings(segment),
  );
  const issues = resolutionIssues(resolution, 'settings').map((issue) => ({
    ...issue,
    path: issue.path
      .replace(/^settings\.customAudienceName/, 'audienceName')
      .replace(/^settings\.userIdTypes/, 'idTypes')
      .replace(/^segment\.userIdTypes/, 'segmentId'),
  }));
  if (issues.length > 0) throw new ValidationError(issues);
  // Naming an audience another orchestration or campaign keeps (its name here, or the template's) is refused.
  const audience = plugin.audienceOf?.(resolution.settings);
  if (audience) await assertAudienceFree(deps.db, audience, { kind: 'campaign', id }, 'audienceName');
  checkScheduleWith(deps.schedules, values.schedule);
  if (await campaignNameTaken(deps.db, values.name, id)) {
    throw new ConflictError('a campaign with this name already exists', 'name');
  }
  const saved = await saveCampaignRow(deps.db, id, values, new Date(clock(deps)()));
  if (deps.schedules) await applySchedule(deps.schedules, 'campaign', id, saved.schedule);
  deps.logger?.info(
    { campaignId: id, segmentId: segment.id, templateId: template.id, oneTime: saved.oneTime },
    'campaign saved',
  );
  return saved;
}

/**
 * Validates and saves a new campaign: the segment must exist (and, with `openSegmentsOnly`, be opened to
 * business users); the template must be offered to campaigns (custom audiences, available, every setting
 * known); id types default to the segment's, else EMAIL and PHONE; a control-group seed is generated when
 * absent. @throws ValidationError, ConflictError (name taken), AudienceOwned (the audience is another runnable's)
 */
export async function createCampaign(
  deps: RunnableStoreDeps,
  input: CampaignInput,
  opts: CampaignSaveOptions = {},
): Promise<Campaign> {
  return save(deps, newRunnableId('cmp'), input, opts);
}

/** Changes a campaign with the checks of {@link createCampaign}; the seed is kept unless given. */
export async function updateCampaign(
  deps: RunnableStoreDeps,
  id: string,
  patch: CampaignPatch,
  opts: CampaignSaveOptions = {},
): Promise<Campaign> {
  const current = await getCampaign(deps.db, id);
  const base: CampaignInput = {
    name: current.name,
    description: current.description,
    segmentId: current.segmentId,
    templateId: current.templateId,
    idTypes: current.idTypes,
    audienceName: current.audienceName,
    schedule: current.schedule,
    controlGroupPercent: current.controlGroupPercent,
    controlGroupSeed: current.controlGroupSeed,
    controlGroupKey: current.controlGroupKey,
    options: current.options,
  };
  return save(
    deps,
    id,
    { ...base, ...definedOnly(patch) },
    { ...opts, currentSeed: current.controlGroupSeed },
  );
}

/** Deletes a campaign and its schedule; its workflows and recorded control groups stay. @throws RunnableNotFound */
export async function deleteCampaign(deps: RunnableStoreDeps, id: string): Promise<void> {
  await deleteCampaignRow(deps.db, id);
  if (deps.schedules) await applySchedule(deps.schedules, 'campaign', id, null);
  deps.logger?.info({ campaignId: id }, 'campaign deleted');
}
