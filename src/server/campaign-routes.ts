import { z } from 'zod';
import {
  campaignInputSchema,
  createCampaign,
  deleteCampaign,
  listCampaigns,
  runCampaignNow,
  unknownCampaignKey,
  updateCampaign,
  type Campaign,
  type CampaignPatch,
} from '../orchestrations/index.js';
import {
  patchSchemaOf,
  scheduleView,
  startedWorkflowView,
  startRun,
  storeDeps,
  type RunnableRouteDeps,
} from './orchestration-routes.js';
import { offeredToCampaigns, visibleCampaign } from './campaign-access.js';
import type { RouteSpec } from './routes.js';
import { businessWorkflowView } from './workflow-views.js';
import { route, idParam } from './routes.js';
import { nameApiSchema } from './openapi.js';

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

const TAG = 'campaigns';
const BOTH = ['admin', 'business_user'] as const;

/**
 * Campaigns: admins manage them all; business users list, read, create and run those whose data template is
 * offered to campaigns (create already refuses any other template, naming `templateId`), picking a segment
 * opened to them. No campaign field takes a query: a source query is refused, saying to use a segment.
 */
export function campaignRoutes(deps: RunnableRouteDeps): RouteSpec[] {
  const db = deps.control.db;
  return [
    route({
      method: 'get',
      path: '/api/campaigns',
      summary: 'List campaigns by name (business users: those on templates offered to campaigns)',
      tag: TAG,
      roles: BOTH,
      query: z.object({ templateId: z.string().optional().describe('Only the campaigns of this template') }),
      response: z.object({ campaigns: z.array(campaignView) }),
      handler: async ({ caller, query }) => {
        const all = await listCampaigns(db, query.templateId ? { templateId: query.templateId } : {});
        if (caller?.role === 'admin') return { campaigns: all };
        const offers = new Map<string, boolean>();
        const shown: Campaign[] = [];
        for (const c of all) {
          if (!offers.has(c.templateId))
            offers.set(c.templateId, await offeredToCampaigns(deps.control, c.templateId));
          if (offers.get(c.templateId)) shown.push(c);
        }
        return { campaigns: shown };
      },
    }),
    route({
      method: 'get',
      path: '/api/campaigns/:id',
      summary: 'One campaign',
      tag: TAG,
      roles: BOTH,
      response: campaignView,
      handler: ({ caller, params }) => visibleCampaign(deps.control, caller, idParam(params)),
    }),
    route({
      method: 'post',
      path: '/api/campaigns',
      summary:
        'Create a campaign: a segment (business users: one opened to them) sent to a data template offered to campaigns',
      tag: TAG,
      roles: BOTH,
      body: campaignInputSchema,
      response: campaignView,
      handler: ({ caller, body }) =>
        createCampaign(storeDeps(deps), body, { openSegmentsOnly: caller?.role !== 'admin' }),
    }),
    route({
      method: 'patch',
      path: '/api/campaigns/:id',
      summary: 'Change a campaign, with the checks of create; the control-group seed is kept unless given',
      tag: TAG,
      roles: ['admin'],
      body: patchSchemaOf(campaignInputSchema, { error: unknownCampaignKey }),
      response: campaignView,
      handler: ({ params, body }) => updateCampaign(storeDeps(deps), idParam(params), body as CampaignPatch),
    }),
    route({
      method: 'delete',
      path: '/api/campaigns/:id',
      summary: 'Delete a campaign and its schedule; its workflows and recorded control groups stay',
      tag: TAG,
      roles: ['admin'],
      response: z.object({ id: z.string(), deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await deleteCampaign(storeDeps(deps), idParam(params));
        return { id: idParam(params), deleted: true };
      },
    }),
    route({
      method: 'post',
      path: '/api/campaigns/:id/run',
      summary: 'Send now: creates and enqueues its workflow (a one-time campaign is sent once)',
      tag: TAG,
      roles: BOTH,
      response: startedWorkflowView,
      handler: async ({ caller, params }) => {
        const campaign = await visibleCampaign(deps.control, caller, idParam(params));
        const started = await startRun('campaign', () =>
          runCampaignNow({ engine: deps.workflows, db, plugins: deps.control.plugins }, campaign.id),
        );
        return caller?.role === 'admin' ? started : businessWorkflowView(started);
      },
    }),
  ];
}
