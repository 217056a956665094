import { z } from 'zod';
import type { WorkflowEngine } from '../jobs/index.js';
import {
  createOrchestration,
  deleteOrchestration,
  getOrchestration,
  listOrchestrations,
  orchestrationInputSchema,
  runOrchestrationNow,
  updateOrchestration,
  type AppControlDeps,
  type OrchestrationPatch,
  type RunnableStoreDeps,
  type ScheduleRegistry,
} from '../orchestrations/index.js';
import type { RouteSpec } from './routes.js';
import { route, idParam } from './routes.js';
import { toHttpError } from './http-errors.js';
import { nameApiSchema } from './openapi.js';

/** What the orchestration and campaign routes need (`ttads serve` passes its control-route deps). */
export interface RunnableRouteDeps {
  control: AppControlDeps;
  /** Enqueues runs; its schedules (when present) are kept in step with saves and deletes. */
  workflows: Pick<WorkflowEngine, 'create'> & { schedules?: ScheduleRegistry };
}

/** The deps of the save functions of src/orchestrations, from the route deps. */
export function storeDeps(deps: RunnableRouteDeps): RunnableStoreDeps {
  const { db, now, logger, plugins } = deps.control;
  return {
    db,
    plugins,
    ...(now ? { now } : {}),
    ...(logger ? { logger } : {}),
    ...(deps.workflows.schedules ? { schedules: deps.workflows.schedules } : {}),
  };
}

/**
 * The schema of a PATCH body from a create schema: every field optional and without its default (an absent
 * field keeps its stored value; zod's `partial()` would fill the defaults in). `params`: as z.strictObject's
 * (e.g. the message of an unknown key).
 */
export function patchSchemaOf(
  schema: z.ZodObject,
  params?: Parameters<typeof z.strictObject>[1],
): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  const fields: Record<string, z.ZodType> = schema.shape;
  for (const [key, field] of Object.entries(fields)) {
    const inner: z.ZodType = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field;
    shape[key] = inner.optional().describe(field.description ?? key);
  }
  return z.strictObject(shape, params);
}

/** Runs a start-a-run call; a refused setting is named under `entity` (there is no request body). */
export async function startRun<T>(entity: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    throw toHttpError(err, entity);
  }
}

const json = z.record(z.string(), z.unknown());
const schedule = z.object({ cron: z.string(), timezone: z.string() });
nameApiSchema(schedule, 'Schedule');
/** When a recurring orchestration or campaign runs; null: on demand (or a one-time campaign). */
export const scheduleView = schedule.nullable();
const orchestrationView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  sourceQuery: z.string(),
  destinationId: z.string(),
  templateId: z.string(),
  schedule: scheduleView,
  overrides: json,
  options: json,
  skipUnchanged: z.boolean(),
  lastFingerprint: z.string().nullable().describe('Of the data last sent, for skipUnchanged'),
  lastFingerprintAt: z.string().nullable(),
  lastSkippedAt: z.string().nullable(),
  skippedRuns: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
nameApiSchema(orchestrationView, 'Orchestration');
/** A workflow as a run answers it (see /api/workflows/:id for its steps). */
export const startedWorkflowView = z.object({
  id: z.string(),
  kind: z.string(),
  subject: json,
  status: z.string(),
  currentStep: z.string().nullable(),
  settings: json.describe('The resolved settings of this run'),
  createdAt: z.string(),
});
nameApiSchema(startedWorkflowView, 'StartedWorkflow');

const TAG = 'orchestrations';
const ADMIN = ['admin'] as const;

/** Orchestrations (admins only): list, show, create, change, delete, and run now as a workflow. */
export function orchestrationRoutes(deps: RunnableRouteDeps): RouteSpec[] {
  const db = deps.control.db;
  return [
    route({
      method: 'get',
      path: '/api/orchestrations',
      summary: 'List orchestrations by name',
      tag: TAG,
      roles: ADMIN,
      query: z.object({
        destinationId: z.string().optional().describe('Only those sending to this destination'),
        templateId: z.string().optional().describe('Only those using this data template'),
        scheduled: z.enum(['true', 'false']).optional().describe('true: only scheduled; false: on demand'),
      }),
      response: z.object({ orchestrations: z.array(orchestrationView) }),
      handler: async ({ query }) => ({
        orchestrations: await listOrchestrations(db, {
          ...(query.destinationId ? { destinationId: query.destinationId } : {}),
          ...(query.templateId ? { templateId: query.templateId } : {}),
          ...(query.scheduled ? { scheduled: query.scheduled === 'true' } : {}),
        }),
      }),
    }),
    route({
      method: 'get',
      path: '/api/orchestrations/:id',
      summary: 'One orchestration',
      tag: TAG,
      roles: ADMIN,
      response: orchestrationView,
      handler: ({ params }) => getOrchestration(db, idParam(params)),
    }),
    route({
      method: 'post',
      path: '/api/orchestrations',
      summary: 'Create an orchestration; its settings must resolve (a missing one is named under overrides)',
      tag: TAG,
      roles: ADMIN,
      body: orchestrationInputSchema,
      response: orchestrationView,
      handler: ({ body }) => createOrchestration(storeDeps(deps), body),
    }),
    route({
      method: 'patch',
      path: '/api/orchestrations/:id',
      summary: 'Change an orchestration, with the checks of create; overrides and options are replaced whole',
      tag: TAG,
      roles: ADMIN,
      body: patchSchemaOf(orchestrationInputSchema),
      response: orchestrationView,
      handler: ({ params, body }) =>
        updateOrchestration(storeDeps(deps), idParam(params), body as OrchestrationPatch),
    }),
    route({
      method: 'delete',
      path: '/api/orchestrations/:id',
      summary: 'Delete an orchestration and its schedule; its workflows stay',
      tag: TAG,
      roles: ADMIN,
      response: z.object({ id: z.string(), deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await deleteOrchestration(storeDeps(deps), idParam(params));
        return { id: idParam(params), deleted: true };
      },
    }),
    route({
      method: 'post',
      path: '/api/orchestrations/:id/run',
      summary: 'Run now: creates and enqueues its workflow (409 while a run of it is queued or running)',
      tag: TAG,
      roles: ADMIN,
      response: startedWorkflowView,
      handler: ({ params }) =>
        startRun('orchestration', () =>
          runOrchestrationNow({ engine: deps.workflows, db, plugins: deps.control.plugins }, idParam(params)),
        ),
    }),
  ];
}
