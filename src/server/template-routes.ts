import { z } from 'zod';
import {
  campaignOffer,
  createTemplate,
  deleteTemplate,
  getDestination,
  getTemplate,
  listDestinations,
  listTemplates,
  templateBaseSchema,
  updateTemplate,
  visibleToBusinessUsers,
  type DataTemplate,
  type Destination,
  type PluginLookup,
  type TemplatePatch,
} from '../config/index.js';
import type { ControlRouteDeps } from './control-route-deps.js';
import { openToBusinessUsers, visibleDestination } from './destination-routes.js';
import { HttpError, type Caller, type RouteSpec, route, idParam } from './routes.js';
import { nameApiSchema } from './openapi.js';

/** A template as answered: with whether it is offered to campaigns, and why not. */
function templateView(plugins: PluginLookup, destination: Destination, template: DataTemplate) {
  return {
    ...template,
    plugin: destination.plugin,
    campaignOffer: campaignOffer(plugins, destination, template),
  };
}

/** Business users see a template opened to them (with its destination) or offered to campaigns. */
export function templateOpenToBusinessUsers(
  plugins: PluginLookup,
  destination: Destination,
  template: DataTemplate,
): boolean {
  return (
    openToBusinessUsers(destination) &&
    (visibleToBusinessUsers(destination, template) || campaignOffer(plugins, destination, template).offered)
  );
}

const settingsView = z.record(z.string(), z.unknown());
const view = z.object({
  id: z.string(),
  destinationId: z.string(),
  plugin: z.string(),
  name: z.string(),
  description: z.string(),
  settings: settingsView,
  businessUserAccess: z.boolean(),
  availableToCampaigns: z.boolean().describe('As asked; see campaignOffer for whether it is offered'),
  campaignOffer: z.object({ offered: z.boolean(), reasons: z.array(z.string()) }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
nameApiSchema(view, 'Template');
nameApiSchema(view.shape.campaignOffer, 'CampaignOffer');
const savedView = z.object({ template: view, connection: z.record(z.string(), z.unknown()).nullable() });
nameApiSchema(savedView, 'SavedTemplate');

const settingsInput = settingsView.describe(
  "Settings of the destination's plugin that fill or override the destination's (GET /api/plugins)",
);
const createBody = templateBaseSchema.extend({ settings: settingsInput.optional() });
// No defaults here: an absent field keeps its stored value.
const patchBody = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  businessUserAccess: z.boolean().optional(),
  availableToCampaigns: z.boolean().optional(),
  settings: settingsInput.optional().describe('Replaces every setting of the template'),
});

const TAG = 'templates';

async function visibleTemplate(deps: ControlRouteDeps, caller: Caller | undefined, id: string) {
  const template = await getTemplate(deps.control.db, id);
  const destination = await getDestination(deps.control.db, template.destinationId);
  if (caller?.role !== 'admin' && !templateOpenToBusinessUsers(deps.control.plugins, destination, template))
    throw new HttpError(404, `data template ${id} does not exist`);
  return templateView(deps.control.plugins, destination, template);
}

/** Data templates: admins manage them; business users read those opened to them or to campaigns. */
export function templateRoutes(deps: ControlRouteDeps): RouteSpec[] {
  const { control } = deps;
  const saved = async (s: { template: DataTemplate; connection: unknown }) => ({
    template: templateView(
      control.plugins,
      await getDestination(control.db, s.template.destinationId),
      s.template,
    ),
    connection: s.connection,
  });
  return [
    route({
      method: 'get',
      path: '/api/templates',
      summary: 'List data templates (business users: those opened to them or offered to campaigns)',
      tag: TAG,
      roles: ['admin', 'business_user'],
      query: z.object({
        destinationId: z.string().optional().describe('Only the templates of this destination'),
        campaigns: z.enum(['true', 'false']).optional().describe('true: only templates offered to campaigns'),
      }),
      response: z.object({ templates: z.array(view) }),
      handler: async ({ caller, query }) => {
        const destinations = query.destinationId
          ? [await visibleDestination(deps, caller, query.destinationId)]
          : await listDestinations(control.db);
        const out = [];
        for (const destination of destinations) {
          for (const template of await listTemplates(control.db, { destinationId: destination.id })) {
            if (
              caller?.role !== 'admin' &&
              !templateOpenToBusinessUsers(control.plugins, destination, template)
            )
              continue;
            const shown = templateView(control.plugins, destination, template);
            if (query.campaigns === 'true' && !shown.campaignOffer.offered) continue;
            out.push(shown);
          }
        }
        return { templates: out };
      },
    }),
    route({
      method: 'get',
      path: '/api/templates/:id',
      summary: 'One data template, with whether it is offered to campaigns',
      tag: TAG,
      roles: ['admin', 'business_user'],
      response: view,
      handler: ({ caller, params }) => visibleTemplate(deps, caller, idParam(params)),
    }),
    route({
      method: 'post',
      path: '/api/templates',
      summary: 'Create a data template; settings TikTok can check are tested first (422 on failure)',
      tag: TAG,
      roles: ['admin'],
      body: createBody,
      response: savedView,
      handler: async ({ body }) => saved(await createTemplate(control, body)),
    }),
    route({
      method: 'patch',
      path: '/api/templates/:id',
      summary: 'Change a data template, with the checks of create',
      tag: TAG,
      roles: ['admin'],
      body: patchBody,
      response: savedView,
      handler: async ({ params, body }) =>
        saved(await updateTemplate(control, idParam(params), body as TemplatePatch)),
    }),
    route({
      method: 'delete',
      path: '/api/templates/:id',
      summary: 'Delete a data template no orchestration or campaign uses',
      tag: TAG,
      roles: ['admin'],
      response: z.object({ id: z.string(), deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await deleteTemplate(control.db, idParam(params));
        return { id: idParam(params), deleted: true };
      },
    }),
  ];
}
