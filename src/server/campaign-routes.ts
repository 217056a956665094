import { z } from 'zod';
import { campaignOffer, getDestination, getTemplate, NotFoundError } from '../config/index.js';
import {
  campaignInputSchema,
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  runCampaignNow,
  RunnableNotFound,
  unknownCampaignKey,
  updateCampaign,
  type Campaign,
} from '../orchestrations/index.js';
import type { AppControlDeps } from '../orchestrations/index.js';
import type { RouteSpec } from './routes.js';
import { nameApiSchema } from './openapi.js';
import { runnableRoutes, scheduleView, type RunnableRouteDeps } from './runnable-routes.js';

const campaignView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  segmentId: z.string().describe('The segment sent'),
  templateId: z.string(),
  idTypes: z.array(z.string()).nullable().describe("null: the segment's default types, else EMAIL and PHONE"),
  audienceName: z.string().nullable(),
  schedule: scheduleView,
  oneTime: z.boolean(),
  controlGroupPercent: z.number(),
  controlGroupSeed: z.string(),
  controlGroupKey: z.string().nullable(),
  options: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
nameApiSchema(campaignView, 'Campaign');

/** Whether a data template is offered to campaigns now: what business users may work with. */
export async function offeredToCampaigns(
  control: Pick<AppControlDeps, 'db' | 'plugins'>,
  templateId: string,
): Promise<boolean> {
  const { db, plugins } = control;
  try {
    const template = await getTemplate(db, templateId);
    return campaignOffer(plugins, await getDestination(db, template.destinationId), template).offered;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

/** Whether business users may see a campaign: its data template is offered, asked once per template. */
function offeredCampaigns(
  control: Pick<AppControlDeps, 'db' | 'plugins'>,
): (campaign: Campaign) => Promise<boolean> {
  const offers = new Map<string, Promise<boolean>>();
  return ({ templateId }) => {
    let hit = offers.get(templateId);
    if (!hit) offers.set(templateId, (hit = offeredToCampaigns(control, templateId)));
    return hit;
  };
}

/**
 * Whether business users may see a campaign, by id: it exists and its data template is offered to campaigns.
 * Answers are cached for the life of the returned function (one request).
 */
export function campaignVisibility(
  control: Pick<AppControlDeps, 'db' | 'plugins'>,
): (campaignId: string) => Promise<boolean> {
  const cache = new Map<string, Promise<boolean>>();
  const check = async (id: string): Promise<boolean> => {
    try {
      return await offeredToCampaigns(control, (await getCampaign(control.db, id)).templateId);
    } catch (err) {
      if (err instanceof RunnableNotFound) return false;
      throw err;
    }
  };
  return (id) => {
    let hit = cache.get(id);
    if (!hit) cache.set(id, (hit = check(id)));
    return hit;
  };
}

/**
 * Campaigns: admins manage them all; business users list, read, create and run those whose data template is
 * offered to campaigns (create already refuses any other template, naming `templateId`), picking a segment
 * opened to them. No campaign field takes a query: a source query is refused, saying to use a segment.
 */
export function campaignRoutes(deps: RunnableRouteDeps): RouteSpec[] {
  return runnableRoutes(
    {
      kind: 'campaign',
      plural: 'campaigns',
      roles: ['admin', 'business_user'],
      view: campaignView,
      input: campaignInputSchema,
      patchParams: { error: unknownCampaignKey },
      summaries: {
        list: 'List campaigns by name (business users: those on templates offered to campaigns)',
        get: 'One campaign',
        create:
          'Create a campaign: a segment (business users: one opened to them) sent to a data template offered to campaigns',
        patch: 'Change a campaign, with the checks of create; the control-group seed is kept unless given',
        delete: 'Delete a campaign and its schedule; its workflows and recorded control groups stay',
        run: 'Send now: creates and enqueues its workflow (a one-time campaign is sent once)',
      },
      listQuery: z.object({
        templateId: z.string().optional().describe('Only the campaigns of this template'),
      }),
      list: (db, query) => listCampaigns(db, query.templateId ? { templateId: query.templateId } : {}),
      get: getCampaign,
      create: (store, body, caller) =>
        createCampaign(store, body, { openSegmentsOnly: caller?.role !== 'admin' }),
      update: updateCampaign,
      remove: deleteCampaign,
      runNow: runCampaignNow,
      visibility: offeredCampaigns,
    },
    deps,
  );
}
