import { z } from 'zod';
import { getRun, listRuns } from '../store/runs.js';
import type { Store } from '../store/store.js';
import { rejectsDownload } from './rejects-download.js';
import { HttpError, route, type RouteSpec } from './routes.js';
import { nameApiSchema } from './openapi.js';
import { runPause } from './workflow-schemas.js';

const runSchema = z.object({
  id: z.string(),
  kind: z.enum(['audience', 'events']),
  status: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  report: z.record(z.string(), z.unknown()).nullable(),
  error: z.record(z.string(), z.unknown()).nullable(),
  pause: runPause
    .nullable()
    .describe('While running: TikTok paused it ("paused by TikTok until HH:MM UTC"); else null'),
});
nameApiSchema(runSchema, 'Run');

const callerView = z.object({ role: z.enum(['admin', 'business_user']), keyId: z.string() });
nameApiSchema(callerView, 'Caller');

/** Runs (audience syncs and event sends) with their reports. */
export function runRoutes(store: Store, dataDir?: string): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/runs',
      summary:
        'List runs, newest first, with their reports; a run made by a workflow names it in params.origin ' +
        '(workflowId, step, attempt)',
      tag: 'runs',
      roles: ['admin'],
      query: z.object({
        kind: z.enum(['audience', 'events']).optional().describe('Only runs of this kind'),
        workflowId: z
          .string()
          .min(1)
          .optional()
          .describe('Only the runs this workflow made (params.origin: workflow, step and attempt)'),
        limit: z.coerce.number().int().min(1).max(500).default(50).describe('How many runs'),
      }),
      response: z.object({ runs: z.array(runSchema) }),
      handler: async ({ query }) => ({
        runs: await listRuns(store, {
          ...(query.kind ? { kind: query.kind } : {}),
          ...(query.workflowId ? { workflowId: query.workflowId } : {}),
          limit: query.limit,
        }),
      }),
    }),
    route({
      method: 'get',
      path: '/api/runs/:id/rejects',
      summary:
        "The run's rejected rows as CSV (events: the rows with reason, field and message; audiences: the rejected " +
        'values when the run kept them, else the count per reason); 404 when it has none',
      tag: 'runs',
      roles: ['admin'],
      handler: async ({ params }) => {
        const run = await getRun(store, params.id ?? '');
        if (!run) throw new HttpError(404, `No run ${params.id}.`);
        return rejectsDownload(run, dataDir, store);
      },
    }),
    route({
      method: 'get',
      path: '/api/runs/:id',
      summary: 'One run with its report',
      tag: 'runs',
      roles: ['admin'],
      response: runSchema,
      handler: async ({ params }) => {
        const run = await getRun(store, params.id ?? '');
        if (!run) throw new HttpError(404, `No run ${params.id}.`);
        return run;
      },
    }),
  ];
}

/** Who am I: the caller's role, for the web app. */
export function meRoutes(): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/me',
      summary: 'The role of the API key in use',
      tag: 'auth',
      roles: ['admin', 'business_user'],
      response: callerView,
      handler: ({ caller }) => Promise.resolve({ role: caller?.role, keyId: caller?.keyId }),
    }),
  ];
}
