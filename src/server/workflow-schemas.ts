import { z } from 'zod';
import type { WorkflowStatus } from '../jobs/index.js';
import { nameApiSchema } from './openapi.js';

// The workflow answers of /api/workflows, named for the OpenAPI document (and so the web app's generated
// types). They describe the JSON the routes answer with; the routes do not parse their answers with them.

/** The statuses of a workflow. */
export const WORKFLOW_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'action_required',
] as const satisfies readonly WorkflowStatus[];

const json = z.record(z.string(), z.unknown());
const date = z.string().describe('ISO 8601');

const status = z.enum(WORKFLOW_STATUSES);
nameApiSchema(status, 'WorkflowStatus');

const actionLink = z.object({ label: z.string(), url: z.string() });
nameApiSchema(actionLink, 'ActionLink');

/** What a person must do before a stopped workflow can go on (business users: its standard texts). */
const workflowAction = z.object({
  type: z.string().describe('The kind of action, e.g. invalid_credentials'),
  title: z.string(),
  whatHappened: z.string(),
  likelyCauses: z.array(z.string()),
  stepsToFix: z.array(z.string()),
  links: z.array(actionLink).optional(),
  step: z.string().describe('The step that stopped'),
  error: json.optional().describe('The error as stored (admins only)'),
  resumesAt: date
    .optional()
    .describe("When the workflow continues by itself (TikTok's daily limit: 00:00 UTC); Resolve is sooner"),
});
nameApiSchema(workflowAction, 'WorkflowAction');

/** A workflow as listed (business users: without source text, paths, credential ids or engine messages). */
export const workflowView = z.object({
  id: z.string(),
  kind: z.string(),
  subject: z
    .record(z.string(), z.string())
    .describe('Ids of what it runs for (orchestrationId or campaignId, destinationId, templateId)'),
  status,
  currentStep: z.string().nullable(),
  settings: json.describe('The resolved settings of this run'),
  input: json,
  action: workflowAction.nullable().describe('The workflow action a person must act on, then Resolve'),
  error: json.nullable(),
  claimedBy: z.string().nullable(),
  leaseUntil: date.nullable(),
  runs: z.number(),
  createdAt: date,
  updatedAt: date,
  finishedAt: date.nullable(),
});
nameApiSchema(workflowView, 'Workflow');

const step = z.object({
  workflowId: z.string(),
  position: z.number(),
  name: z.string(),
  status: z.enum(['pending', 'running', 'succeeded', 'failed']),
  attempts: z.number().describe('Executions in total'),
  failures: z.number().describe('Transient failures since the step last succeeded or was resolved'),
  output: z.unknown().describe('What the step gave (business users: counts and ids only)'),
  error: json.nullable(),
  startedAt: date.nullable(),
  finishedAt: date.nullable(),
});
nameApiSchema(step, 'WorkflowStep');

const statusChange = z.object({
  id: z.number(),
  workflowId: z.string(),
  at: date,
  from: status.nullable(),
  to: status,
  step: z.string().nullable(),
  note: z.string().nullable(),
  detail: json.nullable(),
});
nameApiSchema(statusChange, 'WorkflowStatusChange');

/** Why and until when TikTok paused a running run (the app's per-minute quota, an outage). */
export const runPause = z.object({
  until: date.describe('When sending resumes'),
  reason: z.enum(['throttled', 'outage']),
  message: z.string().describe('"paused by TikTok until HH:MM UTC"'),
});
nameApiSchema(runPause, 'RunPause');

/** A workflow with its steps and status history. */
export const workflowDetailsView = workflowView.extend({
  steps: z.array(step),
  history: z.array(statusChange),
  pause: runPause
    .nullable()
    .describe('While running: TikTok paused its run and it continues by itself at `until`; else null'),
});
nameApiSchema(workflowDetailsView, 'WorkflowDetails');
