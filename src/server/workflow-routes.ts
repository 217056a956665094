import { z } from 'zod';
import { getDestination, getTemplate, NotFoundError } from '../config/index.js';
import {
  getWorkflow,
  getWorkflowDetails,
  listWorkflows,
  type WorkflowRecord,
  type WorkflowStatus,
} from '../jobs/index.js';
import { controlRoute, idParam } from './control-errors.js';
import type { ControlRouteDeps } from './control-routes.js';
import { openToBusinessUsers } from './destination-routes.js';
import { HttpError, type Caller, type RouteSpec } from './routes.js';
import { templateOpenToBusinessUsers } from './template-routes.js';

const STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'action_required',
] as const satisfies readonly WorkflowStatus[];

/**
 * Whether a business user may see (and resolve) a workflow: only when its subject names a destination
 * opened to business users or campaigns (and, when it names one, a template opened to them too). Workflows
 * whose subject names no destination are for admins.
 */
export function businessUserCheck(deps: ControlRouteDeps): (w: WorkflowRecord) => Promise<boolean> {
  const cache = new Map<string, Promise<boolean>>();
  const cached = (key: string, compute: () => Promise<boolean>) => {
    let hit = cache.get(key);
    if (!hit) cache.set(key, (hit = compute()));
    return hit;
  };
  const notFoundIsFalse = (err: unknown) => {
    if (err instanceof NotFoundError) return false;
    throw err;
  };
  return async (workflow) => {
    const { destinationId, templateId } = workflow.subject;
    if (typeof destinationId !== 'string') return false;
    const db = deps.control.db;
    const destinationOpen = await cached(`d:${destinationId}`, () =>
      getDestination(db, destinationId).then(openToBusinessUsers, notFoundIsFalse),
    );
    if (!destinationOpen || typeof templateId !== 'string') return destinationOpen;
    return cached(`t:${templateId}`, async () => {
      try {
        const template = await getTemplate(db, templateId);
        return templateOpenToBusinessUsers(await getDestination(db, template.destinationId), template);
      } catch (err) {
        return notFoundIsFalse(err);
      }
    });
  };
}

async function visible(deps: ControlRouteDeps, caller: Caller | undefined, id: string) {
  const workflow = await getWorkflow(deps.control.db, id);
  const allowed = workflow && (caller?.role === 'admin' || (await businessUserCheck(deps)(workflow)));
  if (!allowed) throw new HttpError(404, `workflow ${id} does not exist`);
  return workflow;
}

const json = z.record(z.string(), z.unknown());
const workflowView = z.object({
  id: z.string(),
  kind: z.string(),
  subject: json.describe('Ids of what it runs for (orchestration, campaign, destination...)'),
  status: z.enum(STATUSES),
  currentStep: z.string().nullable(),
  settings: json.describe('The resolved settings of this run'),
  input: json,
  action: json.nullable().describe('The workflow action a person must act on, then Resolve'),
  error: json.nullable(),
  claimedBy: z.string().nullable(),
  leaseUntil: z.string().nullable(),
  runs: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
const detailsView = workflowView.extend({ steps: z.array(json), history: z.array(json) });

const TAG = 'workflows';
const BOTH = ['admin', 'business_user'] as const;

/** Workflows: list, show (steps, history, action) and Resolve. */
export function workflowRoutes(deps: ControlRouteDeps): RouteSpec[] {
  return [
    controlRoute({
      method: 'get',
      path: '/api/workflows',
      summary: 'List workflows, newest first (business users: those of destinations opened to them)',
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
        const all = await listWorkflows(deps.control.db, {
          ...(query.status ? { status: query.status } : {}),
          ...(query.kind ? { kind: query.kind } : {}),
          ...(query.destinationId ? { subject: { destinationId: query.destinationId } } : {}),
          limit: query.limit,
        });
        if (caller?.role === 'admin') return { workflows: all };
        const check = businessUserCheck(deps);
        const shown = [];
        for (const w of all) if (await check(w)) shown.push(w);
        return { workflows: shown };
      },
    }),
    controlRoute({
      method: 'get',
      path: '/api/workflows/:id',
      summary: 'One workflow with its steps, status history and workflow action',
      tag: TAG,
      roles: BOTH,
      response: detailsView,
      handler: async ({ caller, params }) => {
        const workflow = await visible(deps, caller, idParam(params));
        return (await getWorkflowDetails(deps.control.db, workflow.id)) ?? workflow;
      },
    }),
    controlRoute({
      method: 'post',
      path: '/api/workflows/:id/resolve',
      summary: 'Resume a stopped workflow from the step that stopped, with the configuration as it is now',
      tag: TAG,
      roles: BOTH,
      response: workflowView,
      handler: async ({ caller, params }) => {
        const workflow = await visible(deps, caller, idParam(params));
        return deps.workflows.resolve(workflow.id);
      },
    }),
  ];
}
