import type { z } from 'zod';
import type { DestinationPlugin, FieldIssue, PartialSettings } from '../config/index.js';
import type { WorkflowActionType } from '../errors.js';
import type { StepContext } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import type { Cell, Duck, SourceSpec } from '../sources/index.js';
import type { ConcurrentRuns } from '../store/run-lock.js';
import type { RunOrigin } from '../store/runs.js';
import type { Store } from '../store/store.js';
import type { TikTokClient } from '../tiktok/index.js';

/** Runs tasks one at a time per key, in this process (two runs writing one audience take turns). */
export type Serializer = <T>(key: string, task: () => Promise<T>) => Promise<T>;

/** An audience a run writes to: one owner (orchestration or campaign) per advertiser and name. */
export interface AudienceRef {
  advertiserId: string;
  audienceName: string;
}

/**
 * What a destination's step gets from the glue (`src/orchestrations`), which has already done what every
 * destination shares: settings resolved and checked, run options parsed, a campaign's control group taken out
 * of the source, the credential's token read as stored now.
 */
export interface SendContext {
  /** The workflow step under way: its logger, workflow, attempt and the outputs of earlier steps. */
  step: StepContext;
  /** Who runs: an orchestration or a campaign, by id. */
  runnable: { kind: 'orchestration' | 'campaign'; id: string };
  /** Resolved, complete settings of the plugin. */
  settings: PartialSettings;
  /** Run options, as {@link DestinationSpec.runOptions} parsed them. */
  options: Record<string, unknown>;
  source: SourceSpec;
  /**
   * A TikTok client with the credential's token as stored now; an invalid credential stops the workflow with
   * the invalid-credentials action. Called when the step is ready to send (after checking what it can alone).
   */
  client(): Promise<TikTokClient>;
  store: Store;
  logger: Logger;
  /** Root data directory (snapshots, journals; rejects files under `rejects/`). */
  dataDir: string;
  concurrency: number;
  /** A run of the same audience or event set going elsewhere: wait for it (default) or refuse (the setting). */
  concurrentRuns?: ConcurrentRuns | undefined;
  sourceRoots?: readonly string[] | undefined;
  now?: (() => number) | undefined;
  /** What the engine's run records as its origin. */
  origin: RunOrigin;
  serial: Serializer;
  /**
   * Makes this runnable the owner of an audience before anything is sent; an audience another runnable owns
   * stops the workflow (the `audience_owned` action).
   */
  claimAudience(ref: AudienceRef): Promise<void>;
}

/** One workflow step of a destination's run, after `resolve_settings` (and a campaign's hold-out). */
export interface DestinationStep {
  /** The step's name in workflows, e.g. `sync_audience`. */
  name: string;
  /** Sends, and returns the report (JSON-able) stored as the step's output. */
  run(ctx: SendContext): Promise<object>;
}

/** The first rows of a source as a preview hands them to the destination. */
export interface PreviewContext {
  columns: string[];
  rows: Record<string, Cell>[];
  /** The DuckDB table holding those rows (every column text). */
  table: string;
  duck: Duck;
  settings: PartialSettings;
  options: Record<string, unknown>;
  sourceLabel: string;
  nowMs: number;
}

/** How a run would send each previewed row, in the order of the rows given. */
export interface DestinationPreview {
  rows: {
    sent: Record<string, unknown> | null;
    rejects: { field: string; reason: string; message: string }[];
    eventRows?: number[];
    target?: { eventSource: string; eventSourceId: string };
  }[];
  note: string;
}

/** A report field worth showing (a count of the step's report), for the web app. */
export interface ReportField {
  key: string;
  label: string;
}

/** A workflow action a destination's failure calls for, and what to tell the person. */
export interface FailureAction {
  action: WorkflowActionType;
  detail: string;
}

/**
 * A destination: everything ttads knows about sending to it, declared in its own folder under
 * `src/destinations/<id>/` and looked up in the `DestinationRegistry` by everything else.
 */
export interface DestinationSpec extends DestinationPlugin {
  /** Former ids, still accepted on input (API, CLI, config files) and read as this one. */
  aliases?: readonly string[];
  /** How a run reads its source: the engine's options, all optional (not settings of the plugin). */
  runOptions: {
    schema: z.ZodObject;
    /** One line for forms: what the options are, with an example. */
    help: string;
    /** What the engine refuses in options that parsed: checked at save rather than at the first run. */
    check?(options: Record<string, unknown>): FieldIssue[];
  };
  /** What its runs report. */
  report: {
    /** The kind of run the engine records (`runs.kind`). */
    runKind: string;
    /** The setting naming what a run sends to (its report's subject), e.g. `customAudienceName`. */
    targetSetting?: string;
    fields: readonly ReportField[];
  };
  /** The steps a run takes, in order. */
  steps: readonly DestinationStep[];
  /** How a run would send the first rows of a source; nothing is sent. @throws ValidationError */
  preview(ctx: PreviewContext): Promise<DestinationPreview>;
  /**
   * Whether what a preview shows as sent carries raw values (an event's amounts, order ids): business users
   * then see only the rejects. False when it is hashes only.
   */
  previewSendsRawValues: boolean;
  /** The workflow action one of its failures calls for, when the error does not name one itself. */
  failureAction?(err: unknown): FailureAction | undefined;
  /** The audience a run with these settings writes to, if it writes to one (owned by one runnable). */
  audienceOf?(settings: PartialSettings): AudienceRef | undefined;
}
