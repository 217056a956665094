import { randomBytes } from 'node:crypto';
import {
  campaignOffer,
  getDestination,
  getTemplate,
  ValidationError,
  type DataTemplate,
  type Destination,
  type FieldIssue,
  type PartialSettings,
  resolveSettings,
} from '../config/index.js';
import type { DestinationRegistry } from '../destinations/index.js';
import type { Queryable } from '../store/store.js';
import { CAMPAIGN_TABLE, type Campaign, type CampaignValues } from './campaigns-repo.js';
import type { RunnableStoreDeps } from './deps.js';
import { parseRunOptions } from './run-options.js';
import { createRunnable, deleteRunnable, updateRunnable, type RunnableKind } from './runnable.js';
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

type ParsedCampaign = Omit<CampaignValues, 'controlGroupSeed'> & { controlGroupSeed?: string | undefined };

/**
 * Campaigns: a segment (opened to business users, for them) sent to a data template offered to campaigns,
 * whose settings, with the segment's id types and the campaign's own, must resolve.
 */
export const CAMPAIGNS: RunnableKind<Campaign, CampaignValues, ParsedCampaign, CampaignSaveOptions> = {
  table: CAMPAIGN_TABLE,
  prefix: 'cmp',
  schema: campaignInputSchema,
  audiencePath: 'audienceName',
  prepare: async (deps, parsed, opts) => {
    const segment = await segmentOfCampaign(deps.db, parsed.segmentId, {
      openOnly: opts.openSegmentsOnly === true,
    });
    const { destination, template } = await campaignTarget(deps.db, deps.plugins, parsed.templateId);
    const plugin = deps.plugins.plugin(destination.plugin);
    const values: CampaignValues = {
      ...parsed,
      // An update's input holds the stored seed, so only a new campaign without one draws a seed.
      controlGroupSeed: parsed.controlGroupSeed ?? randomBytes(8).toString('hex'),
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
    return { values, plugin: destination.plugin, settings: resolution.settings };
  },
  logged: (c) => ({ segmentId: c.segmentId, templateId: c.templateId, oneTime: c.oneTime }),
};

/**
 * Validates and saves a new campaign: the segment must exist (and, with `openSegmentsOnly`, be opened to
 * business users); the template must be offered to campaigns (custom audiences, available, every setting
 * known); id types default to the segment's, else EMAIL and PHONE; a control-group seed is generated when
 * absent. @throws ValidationError, ConflictError (name taken), AudienceOwned (the audience is another runnable's)
 */
export function createCampaign(
  deps: RunnableStoreDeps,
  input: CampaignInput,
  opts: CampaignSaveOptions = {},
): Promise<Campaign> {
  return createRunnable(CAMPAIGNS, deps, input, opts);
}

/** Changes a campaign with the checks of {@link createCampaign}; the seed is kept unless given. */
export function updateCampaign(
  deps: RunnableStoreDeps,
  id: string,
  patch: CampaignPatch,
  opts: CampaignSaveOptions = {},
): Promise<Campaign> {
  return updateRunnable(CAMPAIGNS, deps, id, patch, opts);
}

/** Deletes a campaign and its schedule; its workflows and recorded control groups stay. @throws RunnableNotFound */
export function deleteCampaign(deps: RunnableStoreDeps, id: string): Promise<void> {
  return deleteRunnable(CAMPAIGNS, deps, id);
}
