import { z } from 'zod';
import type { WorkflowEngine, WorkflowRecord } from '../jobs/index.js';
import type {
  AppControlDeps,
  RunnableStoreDeps,
  RunNowDeps,
  ScheduleRegistry,
} from '../orchestrations/index.js';
import type { Queryable } from '../store/store.js';
import type { ApiRole } from './api-keys.js';
import { toHttpError } from './http-errors.js';
import { nameApiSchema } from './openapi.js';
import { HttpError, idParam, route, type Caller, type RouteSpec } from './routes.js';
import { businessWorkflowView } from './workflow-views.js';

/** What the orchestration, segment and campaign routes need (`ttads serve` passes its control-route deps). */
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

const schedule = z.object({ cron: z.string(), timezone: z.string() });
nameApiSchema(schedule, 'Schedule');
/** When a recurring orchestration or campaign runs; null: on demand (or a one-time campaign). */
export const scheduleView = schedule.nullable();

/**
 * One kind of runnable (orchestration or campaign) as its routes declare it: paths, roles, schemas and
 * summaries, the functions of src/orchestrations that do the work and, for the kinds business users see,
 * which of them they may see.
 */
export interface RunnableRoutesSpec<R extends { id: string }, Q> {
  kind: 'orchestration' | 'campaign';
  /** The collection: its paths (`/api/<plural>`), its tag and the list's key. */
  plural: 'orchestrations' | 'campaigns';
  /** Who lists, reads, creates and runs; changing and deleting are the admins'. */
  roles: readonly ApiRole[];
  view: z.ZodObject;
  input: z.ZodObject;
  /** As z.strictObject's params, for the PATCH body (e.g. the message of an unknown key). */
  patchParams?: Parameters<typeof z.strictObject>[1];
  summaries: Record<'list' | 'get' | 'create' | 'patch' | 'delete' | 'run', string>;
  listQuery: z.ZodType<Q>;
  list(db: Queryable, query: Q): Promise<R[]>;
  get(db: Queryable, id: string): Promise<R>;
  create(deps: RunnableStoreDeps, body: never, caller: Caller | undefined): Promise<R>;
  update(deps: RunnableStoreDeps, id: string, body: never): Promise<R>;
  remove(deps: RunnableStoreDeps, id: string): Promise<void>;
  runNow(deps: RunNowDeps, id: string): Promise<WorkflowRecord>;
  /**
   * Whether a caller who is not an admin may see one; answers may be cached for the life of the returned
   * function (one request). Unset: only admins reach the routes.
   */
  visibility?(control: Pick<AppControlDeps, 'db' | 'plugins'>): (runnable: R) => Promise<boolean>;
}

/** The routes of one kind of runnable: list, show, create, change, delete, and run now as a workflow. */
export function runnableRoutes<R extends { id: string }, Q>(
  spec: RunnableRoutesSpec<R, Q>,
  deps: RunnableRouteDeps,
): RouteSpec[] {
  const db = deps.control.db;
  const { kind, plural, roles, summaries } = spec;
  const admins = (caller: Caller | undefined) => caller?.role === 'admin' || !spec.visibility;
  // One a caller who is not an admin may not see answers 404: its existence is not told either.
  const visible = async (caller: Caller | undefined, id: string): Promise<R> => {
    const runnable = await spec.get(db, id);
    if (!admins(caller) && !(await spec.visibility!(deps.control)(runnable)))
      throw new HttpError(404, `${kind} ${id} does not exist`);
    return runnable;
  };
  const base = `/api/${plural}`;
  const common = { tag: plural, response: spec.view };
  return [
    route({
      ...common,
      method: 'get',
      path: base,
      summary: summaries.list,
      roles,
      query: spec.listQuery,
      response: z.object({ [plural]: z.array(spec.view) }),
      handler: async ({ caller, query }) => {
        const all = await spec.list(db, query);
        if (admins(caller)) return { [plural]: all };
        const isVisible = spec.visibility!(deps.control);
        const shown: R[] = [];
        for (const runnable of all) if (await isVisible(runnable)) shown.push(runnable);
        return { [plural]: shown };
      },
    }),
    route({
      ...common,
      method: 'get',
      path: `${base}/:id`,
      summary: summaries.get,
      roles,
      handler: ({ caller, params }) => visible(caller, idParam(params)),
    }),
    route({
      ...common,
      method: 'post',
      path: base,
      summary: summaries.create,
      roles,
      body: spec.input,
      handler: ({ caller, body }) => spec.create(storeDeps(deps), body as never, caller),
    }),
    route({
      ...common,
      method: 'patch',
      path: `${base}/:id`,
      summary: summaries.patch,
      roles: ['admin'],
      body: patchSchemaOf(spec.input, spec.patchParams),
      handler: ({ params, body }) => spec.update(storeDeps(deps), idParam(params), body as never),
    }),
    route({
      ...common,
      method: 'delete',
      path: `${base}/:id`,
      summary: summaries.delete,
      roles: ['admin'],
      response: z.object({ id: z.string(), deleted: z.literal(true) }),
      handler: async ({ params }) => {
        await spec.remove(storeDeps(deps), idParam(params));
        return { id: idParam(params), deleted: true };
      },
    }),
    route({
      ...common,
      method: 'post',
      path: `${base}/:id/run`,
      summary: summaries.run,
      roles,
      response: startedWorkflowView,
      handler: async ({ caller, params }) => {
        // A kind business users see is looked up first, so that one they may not see answers 404.
        const id = spec.visibility ? (await visible(caller, idParam(params))).id : idParam(params);
        const started = await startRun(kind, () =>
          spec.runNow({ engine: deps.workflows, db, plugins: deps.control.plugins }, id),
        );
        return admins(caller) ? started : businessWorkflowView(started);
      },
    }),
  ];
}
