import { z } from 'zod';
import {
  createDestination,
  deleteDestination,
  destinationSchema,
  getDestination,
  listDestinations,
  testDestination,
  updateDestination,
  type ConnectionReport,
  type Destination,
  type DestinationPatch,
} from '../config/index.js';
import type { Caller } from './routes.js';
import type { ControlRouteDeps } from './control-route-deps.js';
import { HttpError, type RouteSpec, route, idParam } from './routes.js';
import { nameApiSchema } from './openapi.js';

/** Business users see a destination opened to them or to campaigns. */
export function openToBusinessUsers(destination: Destination): boolean {
  return destination.businessUserAccess || destination.availableToCampaigns;
}

/** A destination as the caller may see it: business users never see its credential. */
export function destinationFor(caller: Caller | undefined, destination: Destination): object {
  if (caller?.role === 'admin') return destination;
  const { credentialId: _hidden, ...rest } = destination;
  return rest;
}

/** The destination if the caller may see it; a 404 otherwise (its existence is not told either). */
export async function visibleDestination(
  deps: ControlRouteDeps,
  caller: Caller | undefined,
  id: string,
): Promise<Destination> {
  const destination = await getDestination(deps.control.db, id);
  if (caller?.role !== 'admin' && !openToBusinessUsers(destination))
    throw new HttpError(404, `destination ${id} does not exist`);
  return destination;
}

const settingsView = z.record(z.string(), z.unknown());
const destinationView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  plugin: z.string().describe('The destination plugin (GET /api/plugins)'),
  credentialId: z.string().optional().describe('Admins only'),
  settings: settingsView,
  businessUserAccess: z.boolean(),
  availableToCampaigns: z.boolean(),
  lastTestedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
nameApiSchema(destinationView, 'Destination');
const connectionView = z.object({
  ok: z.boolean(),
  problem: z.string().optional(),
  message: z.string().optional(),
  checks: z.array(z.object({ check: z.string(), status: z.string(), detail: z.string() })),
  testedAt: z.string(),
});
nameApiSchema(connectionView, 'ConnectionReport');
const savedView = z.object({ destination: destinationView, connection: connectionView.nullable() });
nameApiSchema(savedView, 'SavedDestination');

// No defaults here: an absent field keeps its stored value.
const patchBody = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  credentialId: z.string().optional(),
  businessUserAccess: z.boolean().optional(),
  availableToCampaigns: z.boolean().optional(),
  settings: settingsView
    .optional()
    .describe("Replaces every setting; the plugin's schema applies (GET /api/plugins)"),
});

const TAG = 'destinations';

/** Destinations: admins manage them; business users list and read those opened to them. */
export function destinationRoutes(deps: ControlRouteDeps): RouteSpec[] {
  const { control } = deps;
  const { plugins } = control;
  // One schema per plugin, its id and former ids (aliases) accepted; saved under its current id.
  const schemas = plugins
    .plugins()
    .flatMap((p) => [p.id, ...(p.aliases ?? [])].map((id) => destinationSchema({ ...p, id })));
  const [first, ...more] = schemas;
  // Discriminated by plugin, so that a bad setting is named by its path (body.settings.advertiserId).
  const createBody = first ? z.discriminatedUnion('plugin', [first, ...more]) : z.never();
  return [
    route({
      method: 'get',
      path: '/api/destinations',
      summary: 'List destinations (business users: only those opened to them or to campaigns)',
      tag: TAG,
      roles: ['admin', 'business_user'],
      query: z.object({
        plugin: z
          .enum(plugins.plugins().flatMap((p) => [p.id, ...(p.aliases ?? [])]))
          .optional()
          .describe('Only destinations of this plugin'),
      }),
      response: z.object({ destinations: z.array(destinationView) }),
      handler: async ({ caller, query }) => {
        const all = await listDestinations(
          control.db,
          query.plugin ? { plugin: plugins.canonical(query.plugin) } : {},
        );
        const visible = caller?.role === 'admin' ? all : all.filter(openToBusinessUsers);
        return { destinations: visible.map((d) => destinationFor(caller, d)) };
      },
    }),
    route({
      method: 'get',
      path: '/api/destinations/:id',
      summary: 'One destination',
      tag: TAG,
      roles: ['admin', 'business_user'],
      response: destinationView,
      handler: async ({ caller, params }) =>
        destinationFor(caller, await visibleDestination(deps, caller, idParam(params))),
    }),
    route({
      method: 'post',
      path: '/api/destinations',
      summary: 'Create a destination; its connection is tested first and a failure refuses it (422)',
      tag: TAG,
      roles: ['admin'],
      body: createBody,
      response: savedView,
      handler: ({ body }) => createDestination(control, body),
    }),
    route({
      method: 'patch',
      path: '/api/destinations/:id',
      summary: 'Change a destination; a new credential or new settings are tested again',
      tag: TAG,
      roles: ['admin'],
      body: patchBody,
      response: savedView,
      handler: ({ params, body }) => updateDestination(control, idParam(params), body as DestinationPatch),
    }),
    route({
      method: 'delete',
      path: '/api/destinations/:id',
      summary: 'Delete a destination that has no data templates',
      tag: TAG,
      roles: ['admin'],
      response: z.object({ id: z.string(), deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await deleteDestination(control.db, idParam(params));
        return { id: idParam(params), deleted: true };
      },
    }),
    route({
      method: 'post',
      path: '/api/destinations/:id/test',
      summary: 'Test the connection now: token, advertisers, role, event set (a failure is ok: false)',
      tag: TAG,
      roles: ['admin'],
      response: connectionView,
      handler: async ({ params }): Promise<ConnectionReport> => testDestination(control, idParam(params)),
    }),
  ];
}
