import { z } from 'zod';
import {
  createOrchestration,
  deleteOrchestration,
  getOrchestration,
  listOrchestrations,
  orchestrationInputSchema,
  runOrchestrationNow,
  updateOrchestration,
} from '../orchestrations/index.js';
import type { RouteSpec } from './routes.js';
import { nameApiSchema } from './openapi.js';
import { runnableRoutes, scheduleView, type RunnableRouteDeps } from './runnable-routes.js';

const json = z.record(z.string(), z.unknown());
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

/** Orchestrations (admins only): list, show, create, change, delete, and run now as a workflow. */
export function orchestrationRoutes(deps: RunnableRouteDeps): RouteSpec[] {
  return runnableRoutes(
    {
      kind: 'orchestration',
      plural: 'orchestrations',
      roles: ['admin'],
      view: orchestrationView,
      input: orchestrationInputSchema,
      summaries: {
        list: 'List orchestrations by name',
        get: 'One orchestration',
        create: 'Create an orchestration; its settings must resolve (a missing one is named under overrides)',
        patch: 'Change an orchestration, with the checks of create; overrides and options are replaced whole',
        delete: 'Delete an orchestration and its schedule; its workflows stay',
        run: 'Run now: creates and enqueues its workflow (409 while a run of it is queued or running)',
      },
      listQuery: z.object({
        destinationId: z.string().optional().describe('Only those sending to this destination'),
        templateId: z.string().optional().describe('Only those using this data template'),
        scheduled: z.enum(['true', 'false']).optional().describe('true: only scheduled; false: on demand'),
      }),
      list: (db, query) =>
        listOrchestrations(db, {
          ...(query.destinationId ? { destinationId: query.destinationId } : {}),
          ...(query.templateId ? { templateId: query.templateId } : {}),
          ...(query.scheduled ? { scheduled: query.scheduled === 'true' } : {}),
        }),
      get: getOrchestration,
      create: createOrchestration,
      update: updateOrchestration,
      remove: deleteOrchestration,
      runNow: runOrchestrationNow,
    },
    deps,
  );
}
