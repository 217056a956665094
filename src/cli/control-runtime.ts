import type { Command } from 'commander';
import { openSecretBox, type PartialSettings } from '../config/index.js';
import { builtInDestinations, DestinationRegistry, type DestinationSpec } from '../destinations/index.js';
import { StepRegistry, WorkflowEngine, type WorkflowEngineOptions } from '../jobs/index.js';
import {
  orchestrationEngineOptions,
  runSettingsResolver,
  type AppControlDeps,
  type OrchestrationDeps,
} from '../orchestrations/index.js';
import { reportFailure } from './output.js';
import {
  addRuntimeOptions,
  openRuntime,
  secretKeyFromEnv,
  settingsFromOptions,
  sourceDatabaseUrlOption,
  type Runtime,
} from './runtime.js';

/** Where a command writes its answer (stdout in the CLI, an array in tests). */
export type Print = (text: string) => void;

/** What the control-plane commands work with. */
export interface ControlContext {
  control: AppControlDeps;
  print: Print;
}

/**
 * The control-plane deps of a runtime: its store, the secret key of its data dir, its TikTok client, and the
 * registry of its destinations, built here once (the built-in ones unless a test gives more).
 */
export async function controlDeps(
  runtime: Runtime,
  destinations: readonly DestinationSpec[] = builtInDestinations,
): Promise<AppControlDeps> {
  const secrets = await openSecretBox({
    dataDir: runtime.settings.dataDir,
    secretKey: secretKeyFromEnv(),
    logger: runtime.logger,
  });
  return {
    db: runtime.store,
    secrets,
    tiktok: runtime.client,
    logger: runtime.logger,
    plugins: new DestinationRegistry(destinations),
  };
}

/** What the workflow steps of orchestrations and campaigns need, from a runtime and its control-plane deps. */
export function orchestrationDeps(runtime: Runtime, control: AppControlDeps): OrchestrationDeps {
  const { db: _db, ...rest } = control;
  return {
    ...rest,
    store: runtime.store,
    dataDir: runtime.settings.dataDir,
    concurrency: runtime.settings.concurrency,
    concurrentRuns: runtime.settings.concurrentRuns,
    sourceRoots: runtime.settings.sourceRoots,
    sourceStatementTimeoutMs: runtime.settings.sourceStatementTimeoutMs,
    ...sourceDatabaseUrlOption(),
  };
}

/** Options of {@link createWorkflowEngine}. */
export interface WorkflowEngineChoice {
  /** pg-boss maintenance and cron in this process (a server with `--worker`, a worker, the CLI's own run). */
  worker: boolean;
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
  /**
   * The control-plane deps: with them the engine runs orchestrations and campaigns (steps, Resolve's
   * settings, schedules). Without them it can still create and resolve (settings re-resolved from the store)
   * but has no steps, so it must not `work()`.
   */
  control?: AppControlDeps | undefined;
  /** Anything else, e.g. a faster polling interval for a one-shot run. */
  extra?: Partial<Omit<WorkflowEngineOptions, 'store'>>;
}

/**
 * The workflow engine of a process, not started. Servers, workers and the CLI share this one spot, where
 * `orchestrationEngineOptions` (src/orchestrations) plugs in steps, settings re-resolution and the schedule
 * handler.
 */
export function createWorkflowEngine(runtime: Runtime, opts: WorkflowEngineChoice): WorkflowEngine {
  const hooks = opts.control
    ? orchestrationEngineOptions(orchestrationDeps(runtime, opts.control))
    : {
        registry: new StepRegistry(),
        resolveSettings: runSettingsResolver(runtime.store, new DestinationRegistry(builtInDestinations)),
      };
  return new WorkflowEngine({
    store: runtime.store,
    logger: runtime.logger,
    supervise: opts.worker,
    schedule: opts.worker,
    ...hooks,
    ...(opts.webhookUrl ? { webhookUrl: opts.webhookUrl } : {}),
    ...(opts.webhookSecret ? { webhookSecret: opts.webhookSecret } : {}),
    ...opts.extra,
  });
}

/** Runtime options plus `--json`. */
export function addControlOptions(command: Command): Command {
  return addRuntimeOptions(command).option('--json', 'print JSON instead of a table');
}

/** Opens the runtime, runs `fn`, closes it; any failure is reported with its exit code. */
export async function withControl(
  opts: Record<string, unknown>,
  fn: (ctx: ControlContext & { runtime: Runtime }) => Promise<void>,
): Promise<void> {
  try {
    const runtime = await openRuntime(settingsFromOptions(opts));
    try {
      const print: Print = (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      await fn({ control: await controlDeps(runtime), print, runtime });
    } finally {
      await runtime.close();
    }
  } catch (err) {
    reportFailure(err);
  }
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '-';
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return value.toString();
  return JSON.stringify(value) ?? '-';
};

/** A plain-text table: a header line, then one line per row, columns padded to their widest cell; `(none)` when empty. */
export function table<T extends object>(
  rows: readonly T[],
  columns: readonly (readonly [Extract<keyof T, string>, string])[],
): string {
  const lines = [
    columns.map(([, header]) => header),
    ...rows.map((r) => columns.map(([key]) => cell(r[key]))),
  ];
  const widths = columns.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  const text = lines
    .map((l) =>
      l
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
  return rows.length === 0 ? `${text}\n(none)` : text;
}

/** `key: value` lines, for one object. */
export function fields(pairs: readonly [string, unknown][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${cell(v)}`).join('\n');
}

/** Prints `value` as JSON with `--json`, else the text. */
export function emit(ctx: ControlContext, json: unknown, value: unknown, text: () => string): void {
  ctx.print(json ? JSON.stringify(value, null, 2) : text());
}

/** Options that set plugin settings, shared by destinations and templates. */
export function addSettingsOptions(command: Command): Command {
  return command
    .option('--advertiser-id <id>', 'TikTok advertiser ID (19 digits)')
    .option('--audience-name <name>', 'custom audiences: name of the custom audience')
    .option('--user-id-types <types>', 'custom audiences: comma-separated, e.g. EMAIL,PHONE')
    .option(
      '--event-set-id <id>',
      'offline events: the offline event set ID (19 digits), or the pixel code when the event source is web',
    )
    .option('--event-source <source>', 'offline events: offline or web')
    .option('--pixel-code <code>', 'web events: the pixel code (an alias of --event-set-id)')
    .option('--settings <json>', 'any settings as a JSON object (the flags above win)');
}

/** The settings given by {@link addSettingsOptions}; unset flags are left out. */
export function settingsFromFlags(opts: Record<string, unknown>): PartialSettings {
  let base: PartialSettings = {};
  if (typeof opts.settings === 'string') {
    try {
      base = JSON.parse(opts.settings) as PartialSettings;
    } catch {
      throw Object.assign(new Error('--settings must be a JSON object'), { name: 'UsageError' });
    }
  }
  const flags: PartialSettings = {
    advertiserId: opts.advertiserId,
    customAudienceName: opts.audienceName,
    userIdTypes:
      typeof opts.userIdTypes === 'string'
        ? opts.userIdTypes.split(',').map((t) => t.trim().toUpperCase())
        : undefined,
    eventSetId: opts.eventSetId,
    eventSource: opts.eventSource,
    pixelCode: opts.pixelCode,
  };
  return { ...base, ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) };
}
