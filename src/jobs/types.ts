import type { WorkflowActionType } from '../errors.js';
import type { RunPause } from '../store/runs.js';

/** A JSON value as stored in a `jsonb` column. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/**
 * Where a workflow is: `queued` waits for a worker (first run, retry after a transient failure, or
 * after Resolve); `running` is owned by one worker; `action_required` stopped with a workflow action
 * a person must act on; `failed` stopped on an error nobody anticipated; `succeeded` is done.
 */
export type WorkflowStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'action_required';

/** Where one step is. A step that failed is run again when the workflow is retried or resolved. */
export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed';

/** The kinds of workflow action; each has texts in `actions.ts`. Errors name them, so they live with the errors. */
export type { WorkflowActionType } from '../errors.js';

/** A link shown with a workflow action. */
export interface ActionLink {
  label: string;
  url: string;
}

/** What a person must do before the workflow can go on; shown with a Resolve button. */
export interface WorkflowAction {
  type: WorkflowActionType;
  title: string;
  whatHappened: string;
  likelyCauses: string[];
  stepsToFix: string[];
  links?: ActionLink[];
  /** The step that stopped. */
  step: string;
  /** The error as stored (TikTok code, message, request id); never a token. */
  error?: JsonObject;
  /**
   * ISO time when the workflow continues by itself, without Resolve (TikTok's daily limit: the next 00:00
   * UTC, when the app's quota resets). Resolve still continues it sooner.
   */
  resumesAt?: string;
}

/** One stored workflow. */
export interface WorkflowRecord {
  id: string;
  kind: string;
  subject: JsonObject;
  status: WorkflowStatus;
  currentStep: string | null;
  settings: JsonObject;
  input: JsonObject;
  action: WorkflowAction | null;
  error: JsonObject | null;
  /** Worker holding the claim while running (for display; ownership is the claim token). */
  claimedBy: string | null;
  leaseUntil: Date | null;
  /** How many times a worker claimed it. */
  runs: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** One stored step. */
export interface StepRecord {
  workflowId: string;
  position: number;
  name: string;
  status: StepStatus;
  /** Executions in total. */
  attempts: number;
  /** Transient failures since the step last succeeded or the workflow was resolved. */
  failures: number;
  output: Json | null;
  error: JsonObject | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** One status change of a workflow. */
export interface StatusChange {
  id: number;
  workflowId: string;
  at: Date;
  from: WorkflowStatus | null;
  to: WorkflowStatus;
  step: string | null;
  note: string | null;
  detail: JsonObject | null;
}

/** A workflow with its steps and history, as the API shows it. */
export interface WorkflowDetails extends WorkflowRecord {
  steps: StepRecord[];
  history: StatusChange[];
  /** While running: TikTok paused its run ("paused by TikTok until HH:MM UTC"); else null. */
  pause: RunPause | null;
}
