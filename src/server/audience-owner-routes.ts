import { z } from 'zod';
import { listAudienceOwners, transferAudience, type AppControlDeps } from '../orchestrations/index.js';
import type { RouteSpec } from './routes.js';
import { route } from './routes.js';
import { nameApiSchema } from './openapi.js';

const runnable = z.object({
  kind: z.enum(['orchestration', 'campaign']),
  id: z.string().trim().min(1, 'the id of the orchestration or campaign'),
});

const ownerView = z.object({
  advertiserId: z.string(),
  audienceName: z.string(),
  owner: runnable.describe('The orchestration or campaign whose runs keep this audience'),
  ownerName: z.string().nullable().describe('Its name; null when it was deleted (the audience stays owned)'),
  claimedAt: z.string().describe('When it first synced the audience'),
  updatedAt: z.string().describe('When the owner last changed'),
});
nameApiSchema(ownerView, 'AudienceOwner');

const transferBody = z.strictObject({
  advertiserId: z.string().trim().min(1).describe('The advertiser the audience is found under (the first)'),
  audienceName: z.string().min(1).describe('The exact custom audience name'),
  to: runnable.describe('The orchestration or campaign that keeps the audience from now on'),
});

const TAG = 'audience-owners';
const ADMIN = ['admin'] as const;

/**
 * Audience ownership (admins): which orchestration or campaign keeps each custom audience, and handing one
 * over. Any other runnable naming an owned audience is refused with 409, at save and before a run sends.
 */
export function audienceOwnerRoutes(deps: { control: AppControlDeps }): RouteSpec[] {
  const db = deps.control.db;
  return [
    route({
      method: 'get',
      path: '/api/audience-owners',
      summary: 'List owned custom audiences and the orchestration or campaign each belongs to',
      tag: TAG,
      roles: ADMIN,
      query: z.object({
        advertiserId: z.string().optional().describe('Only the audiences of this advertiser'),
      }),
      response: z.object({ audiences: z.array(ownerView) }),
      handler: async ({ query }) => ({
        audiences: await listAudienceOwners(
          db,
          query.advertiserId ? { advertiserId: query.advertiserId } : {},
        ),
      }),
    }),
    route({
      method: 'post',
      path: '/api/audience-owners/transfer',
      summary:
        'Hand a custom audience over to another orchestration or campaign (404 when that one does not exist); ' +
        'its runs may then sync the audience and others are refused with 409',
      tag: TAG,
      roles: ADMIN,
      body: transferBody,
      response: ownerView,
      handler: ({ body }) =>
        transferAudience(db, { advertiserId: body.advertiserId, audienceName: body.audienceName }, body.to),
    }),
  ];
}
