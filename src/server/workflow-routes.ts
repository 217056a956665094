import { z } from 'zod';
import { getWorkflow, getWorkflowDetails, listWorkflows, type WorkflowRecord } from '../jobs/index.js';
import type { ControlRouteDeps } from './control-route-deps.js';
import { campaignVisibility } from './campaign-routes.js';
import { HttpError, type Caller, type RouteSpec, route, idParam } from './routes.js';
import { businessWorkflowView } from './workflow-views.js';
import { WORKFLOW_STATUSES, workflowDetailsView, workflowView } from './workflow-schemas.js';

const STATUSES = WORKFLOW_STATUSES;

/**
 * Whether a business user may see (and resolve) a workflow: only the workflows of campaigns they see (the
 * campaign exists and its data template is offered to campaigns). Orchestrations' workflows, and any other,
 * are for admins, even on a destination opened to business users.
 */
export function businessUserCheck(deps: ControlRouteDeps): (w: WorkflowRecord) => Promise<boolean> {
  const visibleCampaign = campaignVisibility(deps.control);
  return (workflow) => {
    const { campaignId } = workflow.subject;
    if (workflow.kind !== 'campaign' || typeof campaignId !== 'string') return Promise.resolve(false);
    return visibleCampaign(campaignId);
  };
}

async function visible(deps: ControlRouteDeps, caller: Caller | undefined, id: string) {
  const workflow = await getWorkflow(deps.control.db, id);
  const allowed = workflow && (caller?.role === 'admin' || (await businessUserCheck(deps)(workflow)));
  if (!allowed) throw new HttpError(404, `workflow ${id} does not exist`);
  return workflow;
}

const TAG = 'workflows';
const BOTH = ['admin', 'business_user'] as const;

/** Workflows: list, show (steps, history, action) and Resolve. */
export function workflowRoutes(deps: ControlRouteDeps): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/workflows',
      summary:
        'List workflows, newest first (business users: those of the campaigns they see, without source text, ' +
        'paths, credential ids or engine messages)',
      tag: TAG,
      roles: BOTH,
      query: z.object({
        status: z
          .string()
          .regex(/^[a-z_]+(,[a-z_]+)*$/, 'comma-separated statuses')
          .transform((s) => s.split(','))
          .pipe(z.array(z.enum(STATUSES)))
          .optional()
          .describe(`Only these statuses, comma-separated: ${STATUSES.join(', ')}`),
        kind: z.string().optional().describe('Only workflows of this kind'),
        destinationId: z.string().optional().describe('Only workflows of this destination'),
        limit: z.coerce.number().int().min(1).max(500).default(100).describe('How many'),
      }),
      response: z.object({ workflows: z.array(workflowView) }),
      handler: async ({ caller, query }) => {
        const admin = caller?.role === 'admin';
        // Business users only ever see campaign workflows: ask for those, so the limit counts theirs.
        if (!admin && query.kind !== undefined && query.kind !== 'campaign') return { workflows: [] };
        const kind = admin ? query.kind : 'campaign';
        const all = await listWorkflows(deps.control.db, {
          ...(query.status ? { status: query.status } : {}),
          ...(kind ? { kind } : {}),
          ...(query.destinationId ? { subject: { destinationId: query.destinationId } } : {}),
          limit: query.limit,
        });
        if (admin) return { workflows: all };
        const check = businessUserCheck(deps);
        const shown = [];
        for (const w of all) if (await check(w)) shown.push(businessWorkflowView(w));
        return { workflows: shown };
      },
    }),
    route({
      method: 'get',
      path: '/api/workflows/:id',
      summary: 'One workflow with its steps, status history and workflow action',
      tag: TAG,
      roles: BOTH,
      response: workflowDetailsView,
      handler: async ({ caller, params }) => {
        const workflow = await visible(deps, caller, idParam(params));
        const details = (await getWorkflowDetails(deps.control.db, workflow.id)) ?? workflow;
        return caller?.role === 'admin' ? details : businessWorkflowView(details);
      },
    }),
    route({
      method: 'post',
      path: '/api/workflows/:id/resolve',
      summary:
        'Resume a stopped workflow from the step that stopped, with the configuration as it is now ' +
        '(business users: the workflows of campaigns they see; 404 for any other)',
      tag: TAG,
      roles: BOTH,
      response: workflowView,
      handler: async ({ caller, params }) => {
        const workflow = await visible(deps, caller, idParam(params));
        const resolved = await deps.workflows.resolve(workflow.id);
        return caller?.role === 'admin' ? resolved : businessWorkflowView(resolved);
      },
    }),
  ];
}
