// The shapes the runs and workflows API answers with, as generated from GET /openapi.json. A run's report is
// stored JSON written by the engines over several versions (the API says only that it is an object), so the
// two report shapes below are this app's reading of it: every count is optional, and the pages show '—' for
// a count a report lacks rather than trusting a field to be there.
import type { Schema } from '../api/types';

/** A JSON object as the API returns it. */
export type JsonObject = Record<string, unknown>;

/** One run (an audience sync or an events send) with its stored report. */
export type Run = Schema<'Run'>;

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
  /** Rows TikTok refused inside partial (20001) answers, by `tiktok_<code>` reason. */
  refusedByTikTok?: Record<string, number>;
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

export type WorkflowStatus = Schema<'WorkflowStatus'>;

/** A link shown with a workflow action. */
export type ActionLink = Schema<'ActionLink'>;

/** What a person must do before a stopped workflow can go on. */
export type WorkflowAction = Schema<'WorkflowAction'>;

/** One workflow as listed. */
export type Workflow = Schema<'Workflow'>;

/** One step of a workflow. */
export type Step = Schema<'WorkflowStep'>;

/** One status change of a workflow. */
export type StatusChange = Schema<'WorkflowStatusChange'>;

/** A workflow with its steps and history. */
export type WorkflowDetails = Schema<'WorkflowDetails'>;
