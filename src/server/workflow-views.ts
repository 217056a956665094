import {
  ACTION_TEXTS,
  type Json,
  type JsonObject,
  type StatusChange,
  type StepRecord,
  type WorkflowAction,
  type WorkflowDetails,
  type WorkflowRecord,
} from '../jobs/index.js';

// What business users see of a workflow is chosen field by field (a list of what to keep, not of what to
// hide): its settings, step outputs and errors hold the source text, file paths, the credential id and engine
// messages, which are for admins. A field added to a workflow later stays hidden until it is listed here.

/** Settings of a run snapshot a business user may see: ids of what runs and the resolved plugin settings. */
const SETTINGS_KEPT = [
  'kind',
  'plugin',
  'campaignId',
  'destinationId',
  'templateId',
  'settings',
  'controlGroup',
];

/** Keys whose text is kept in step outputs (names and ids of what was sent, modes); other text is dropped. */
const TEXT_KEPT = new Set([
  'advertiserId',
  'additionalAdvertiserIds',
  'audienceId',
  'audienceName',
  'customAudienceName',
  'campaignId',
  'destinationId',
  'templateId',
  'userIdTypes',
  'idTypes',
  'mode',
  'plugin',
  'status',
  'runId',
]);

/** Counts, flags and the texts of {@link TEXT_KEPT}, recursively; any other text is left out. */
function countsOnly(value: Json, key?: string): Json | undefined {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return key !== undefined && TEXT_KEPT.has(key) ? value : undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => countsOnly(v, key)).filter((v): v is Json => v !== undefined);
    return items.length > 0 || value.length === 0 ? items : undefined;
  }
  const kept: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const shown = countsOnly(v, k);
    if (shown !== undefined) kept[k] = shown;
  }
  return kept;
}

/** The generic error a business user sees; the workflow id finds the detail (admins see it there). */
function genericError(workflowId: string, error: JsonObject | null): JsonObject | null {
  if (!error) return null;
  return {
    message: 'This step failed. An admin can see why in the workflow under this reference.',
    reference: workflowId,
  };
}

/** A workflow action with its standard texts only: what happened in detail quotes engines and TikTok. */
function genericAction(action: WorkflowAction | null): JsonObject | null {
  if (!action) return null;
  const text = ACTION_TEXTS[action.type];
  return {
    type: action.type,
    title: action.title,
    whatHappened: text.whatHappened,
    likelyCauses: [...action.likelyCauses],
    stepsToFix: [...action.stepsToFix],
    ...(action.links ? { links: action.links.map((l) => ({ label: l.label, url: l.url })) } : {}),
    step: action.step,
    ...(action.resumesAt ? { resumesAt: action.resumesAt } : {}),
  };
}

function pick(object: JsonObject, keys: readonly string[]): JsonObject {
  return Object.fromEntries(keys.filter((k) => k in object).map((k) => [k, object[k] as Json]));
}

function stepView(workflowId: string, step: StepRecord): object {
  return {
    workflowId: step.workflowId,
    position: step.position,
    name: step.name,
    status: step.status,
    attempts: step.attempts,
    failures: step.failures,
    output: step.output === null ? null : (countsOnly(step.output) ?? null),
    error: genericError(workflowId, step.error),
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
  };
}

function historyView(change: StatusChange): object {
  return {
    id: change.id,
    workflowId: change.workflowId,
    at: change.at,
    from: change.from,
    to: change.to,
    step: change.step,
    note: change.note,
    detail: null,
  };
}

/**
 * A workflow as a business user sees it: status, steps and their counts, the workflow action's standard
 * texts, and a generic error with a reference instead of the error. No source text, file path, credential
 * id, worker name or engine message.
 */
export function businessWorkflowView(workflow: WorkflowRecord | WorkflowDetails): object {
  const details = 'steps' in workflow ? workflow : undefined;
  return {
    id: workflow.id,
    kind: workflow.kind,
    subject: pick(workflow.subject, ['campaignId', 'destinationId', 'templateId']),
    status: workflow.status,
    currentStep: workflow.currentStep,
    settings: pick(workflow.settings, SETTINGS_KEPT),
    input: pick(workflow.input, ['trigger']),
    action: genericAction(workflow.action),
    error: genericError(workflow.id, workflow.error),
    claimedBy: null,
    leaseUntil: workflow.leaseUntil,
    runs: workflow.runs,
    createdAt: workflow.createdAt,
    updatedAt: workflow.updatedAt,
    finishedAt: workflow.finishedAt,
    ...(details
      ? {
          steps: details.steps.map((s) => stepView(workflow.id, s)),
          history: details.history.map(historyView),
          pause: details.pause,
        }
      : {}),
  };
}
