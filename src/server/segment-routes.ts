import { z } from 'zod';
import {
  createSegment,
  deleteSegment,
  getSegment,
  listSegments,
  segmentInputSchema,
  updateSegment,
  type Segment,
  type SegmentPatch,
} from '../orchestrations/index.js';
import type { Queryable } from '../store/store.js';
import { patchSchemaOf, storeDeps, type RunnableRouteDeps } from './runnable-routes.js';
import { HttpError, type Caller, type RouteSpec, route, idParam } from './routes.js';
import { nameApiSchema } from './openapi.js';

const ADMIN_ONLY = 'Admins only (absent for business users)';
const segmentView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  sourceQuery: z.string().optional().describe(`The source, as --source takes it. ${ADMIN_ONLY}`),
  columns: z.record(z.string(), z.string()).optional().describe(`Column mapping. ${ADMIN_ONLY}`),
  idTypes: z.array(z.string()).nullable().describe('Default user ID types; null: EMAIL and PHONE'),
  openToBusinessUsers: z.boolean().optional().describe(ADMIN_ONLY),
  createdAt: z.string().optional().describe(ADMIN_ONLY),
  updatedAt: z.string().optional().describe(ADMIN_ONLY),
});
nameApiSchema(segmentView, 'Segment');

/**
 * A segment as a business user sees it: what it is (name, description, the id types it sends), never where it
 * comes from (its source text or column names may name files, tables and columns that are the admins' business).
 */
export function businessUserSegment(s: Segment): Pick<Segment, 'id' | 'name' | 'description' | 'idTypes'> {
  return { id: s.id, name: s.name, description: s.description, idTypes: s.idTypes };
}

/** The segment if the caller may see it; a 404 otherwise (its existence is not told either). */
export async function visibleSegment(
  db: Queryable,
  caller: Caller | undefined,
  id: string,
): Promise<Segment> {
  const segment = await getSegment(db, id);
  if (caller?.role !== 'admin' && !segment.openToBusinessUsers)
    throw new HttpError(404, `segment ${id} does not exist`);
  return segment;
}

const TAG = 'segments';
const ADMIN = ['admin'] as const;

/**
 * Segments: admins define them (source, column mapping, default id types) and open some to business users;
 * business users list and read those opened to them, by name and description only.
 */
export function segmentRoutes(deps: RunnableRouteDeps): RouteSpec[] {
  const db = deps.control.db;
  const view = (caller: Caller | undefined, s: Segment) =>
    caller?.role === 'admin' ? s : businessUserSegment(s);
  return [
    route({
      method: 'get',
      path: '/api/segments',
      summary: 'List segments by name (business users: those opened to them, name and description only)',
      tag: TAG,
      roles: ['admin', 'business_user'],
      response: z.object({ segments: z.array(segmentView) }),
      handler: async ({ caller }) => {
        const all = await listSegments(db, { openOnly: caller?.role !== 'admin' });
        return { segments: all.map((s) => view(caller, s)) };
      },
    }),
    route({
      method: 'get',
      path: '/api/segments/:id',
      summary: 'One segment (business users: one opened to them, name and description only)',
      tag: TAG,
      roles: ['admin', 'business_user'],
      response: segmentView,
      handler: async ({ caller, params }) => view(caller, await visibleSegment(db, caller, idParam(params))),
    }),
    route({
      method: 'post',
      path: '/api/segments',
      summary: 'Define a segment: its source, optional column mapping and default user ID types',
      tag: TAG,
      roles: ADMIN,
      body: segmentInputSchema,
      response: segmentView,
      handler: ({ body }) => createSegment(storeDeps(deps), body),
    }),
    route({
      method: 'patch',
      path: '/api/segments/:id',
      summary: 'Change a segment, with the checks of create; its campaigns send the new definition',
      tag: TAG,
      roles: ADMIN,
      body: patchSchemaOf(segmentInputSchema),
      response: segmentView,
      handler: ({ params, body }) => updateSegment(storeDeps(deps), idParam(params), body as SegmentPatch),
    }),
    route({
      method: 'delete',
      path: '/api/segments/:id',
      summary: 'Delete a segment no campaign sends (409 naming the campaigns otherwise)',
      tag: TAG,
      roles: ADMIN,
      response: z.object({ id: z.string(), deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await deleteSegment(storeDeps(deps), idParam(params));
        return { id: idParam(params), deleted: true };
      },
    }),
  ];
}
