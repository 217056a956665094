// The shapes the runs and workflows API answers with, as the web app reads them. Reports are stored JSON
// written by the engines over several versions, so every count is optional: the pages show '—' for a
// count a report lacks rather than trusting a field to be there.

/** A JSON object as the API returns it. */
export type JsonObject = Record<string, unknown>;

/** One run (an audience sync or an events send) with its stored report. */
export interface Run {
  id: string;
  kind: 'audience' | 'events';
  status: string;
  startedAt: string;
  finishedAt: string | null;
  params: JsonObject;
  report: JsonObject | null;
  error: JsonObject | null;
}

/** The report of an audience sync (src/audiences/report.ts). */
export interface AudienceReport {
  runId?: string;
  status?: string;
  audienceName?: string;
  audienceId?: string | null;
  advertiserIds?: string[];
  mode?: string;
  idTypes?: string[];
  rowsRead?: number;
  rowsWithIdentifier?: number;
  validIdentifiers?: Record<string, number>;
  rejected?: Record<string, number>;
  added?: number;
  removed?: number;
  unchanged?: number;
  identifiersSent?: number;
  batchesSent?: number;
  resumedFromDeadRun?: boolean;
  audienceIdentifiers?: number;
  requests?: number;
  retries?: number;
  throttled?: number;
  durationMs?: number;
  matched?: { coverNum: number | null; isValid: boolean | null } | null;
  warnings?: string[];
  notes?: string[];
}

/** The report of an events send (src/events/report.ts). */
export interface EventsReport {
  runId?: string;
  status?: string;
  dryRun?: boolean;
  source?: string;
  columns?: Record<string, string>;
  rowsRead?: number;
  duplicateRows?: number;
  eventsBuilt?: number;
  alreadySent?: number;
  sent?: number;
  acknowledged?: number;
  rejected?: { rows?: number; events?: number; byReason?: Record<string, number> };
  conflicts?: Record<string, number>;
  requests?: number;
  retries?: number;
  throttled?: number;
  durationMs?: number;
  eventsPerSecond?: number;
}

export type WorkflowStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'action_required';

/** A link shown with a workflow action. */
export interface ActionLink {
  label: string;
  url: string;
}

/** What a person must do before a stopped workflow can go on. */
export interface WorkflowAction {
  type: string;
  title: string;
  whatHappened: string;
  likelyCauses: string[];
  stepsToFix: string[];
  links?: ActionLink[];
  step: string;
  error?: JsonObject;
}

/** One workflow as listed. */
export interface Workflow {
  id: string;
  kind: string;
  subject: Record<string, string>;
  status: WorkflowStatus;
  currentStep: string | null;
  settings: JsonObject;
  input: JsonObject;
  action: WorkflowAction | null;
  error: JsonObject | null;
  claimedBy: string | null;
  leaseUntil: string | null;
  runs: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** One step of a workflow. */
export interface Step {
  workflowId: string;
  position: number;
  name: string;
  status: string;
  attempts: number;
  failures: number;
  output: unknown;
  error: JsonObject | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** One status change of a workflow. */
export interface StatusChange {
  id: number;
  at: string;
  from: WorkflowStatus | null;
  to: WorkflowStatus;
  step: string | null;
  note: string | null;
  detail: JsonObject | null;
}

/** A workflow with its steps and history. */
export interface WorkflowDetails extends Workflow {
  steps: Step[];
  history: StatusChange[];
}
