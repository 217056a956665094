import type { Command } from 'commander';
import { openSecretBox } from '../config/index.js';
import { builtInDestinations, DestinationRegistry, type DestinationSpec } from '../destinations/index.js';
import { StepRegistry, WorkflowEngine, type WorkflowEngineOptions } from '../jobs/index.js';
import {
  orchestrationEngineOptions,
  runSettingsResolver,
  type AppControlDeps,
  type OrchestrationDeps,
} from '../orchestrations/index.js';
import type { ControlApi } from './control-api.js';
import { localControlApi, type LocalControl } from './control-api-local.js';
import { httpControlApi } from './control-api-http.js';
import { usageError } from './cli-errors.js';
import { reportFailure } from './output.js';
import { API_KEY_ENV, SERVER_ENV, ServerClient, serverTarget } from './server-client.js';
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

export { addSettingsOptions, settingsFromFlags } from './settings-flags.js';
export { fields, table } from './text-table.js';

/**
 * Control-plane deps without the secret key, for commands that never touch a secret (API keys): loading it
 * would create a key file in the data directory as a side effect.
 */
function withoutSecrets(runtime: Runtime): AppControlDeps {
  const refuse = (): never => {
    throw new Error('this command does not open the secret key');
  };
  const secrets = { keyId: 'none', encrypt: refuse, decrypt: refuse, deriveKey: refuse };
  return {
    db: runtime.store,
    secrets,
    tiktok: runtime.client,
    logger: runtime.logger,
    plugins: new DestinationRegistry(builtInDestinations),
  };
}

/** What the control-plane commands work with: the control plane (local store or a server) and where to print. */
export interface ControlContext {
  api: ControlApi;
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

/** Runtime options plus `--json` and `--server`. */
export function addControlOptions(command: Command): Command {
  return addRuntimeOptions(command)
    .option('--json', 'print JSON instead of a table')
    .option(
      '--server <url>',
      `a running \`ttads serve\` to do this on, instead of opening the store (env ${SERVER_ENV}; ` +
        `API key from ${API_KEY_ENV})`,
    );
}

/** What the local API needs of a runtime: its control-plane deps and one-shot workflow engines. */
export function localControl(runtime: Runtime, control: AppControlDeps): LocalControl {
  return {
    control,
    embedded: runtime.store.engine === 'pglite',
    async engine({ work }) {
      const engine = createWorkflowEngine(runtime, {
        worker: false,
        control,
        // A one-shot run: poll often, no periodic recovery (work() recovers once at start).
        extra: { pollingIntervalSeconds: 0.5, recoverIntervalSeconds: 0 },
      });
      await engine.start();
      if (work) await engine.work();
      return engine;
    },
  };
}

/** A context on a local store (tests, and the commands without `--server`). */
export function localContext(local: LocalControl, print: Print): ControlContext {
  return { api: localControlApi(local), print };
}

const stdoutPrint: Print = (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

/** Flags that say how to open the store or reach TikTok: the server has its own, so they are refused with it. */
const LOCAL_ONLY = ['dataDir', 'databaseUrl', 'apiUrl', 'accessToken', 'rps', 'concurrency', 'config'];
const flagOf = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Runs `fn` on the control plane chosen once here: a running server with `--server` (or TTADS_SERVER), else
 * the store this process opens (closed afterwards). Any failure is reported with its exit code.
 */
export async function withControl(
  opts: Record<string, unknown>,
  fn: (ctx: ControlContext) => Promise<void>,
  needs: { secrets: boolean } = { secrets: true },
): Promise<void> {
  try {
    const target = serverTarget(opts);
    if (target) {
      const local = LOCAL_ONLY.filter((key) => opts[key] !== undefined).map(flagOf);
      if (local.length > 0) {
        throw usageError(
          `${local.join(', ')}: the server uses its own settings; leave them out with --server.`,
        );
      }
      await fn({ api: httpControlApi(new ServerClient(target)), print: stdoutPrint });
      return;
    }
    const runtime = await openRuntime(settingsFromOptions(opts));
    try {
      const control = needs.secrets ? await controlDeps(runtime) : withoutSecrets(runtime);
      await fn(localContext(localControl(runtime, control), stdoutPrint));
    } finally {
      await runtime.close();
    }
  } catch (err) {
    reportFailure(err);
  }
}

/** Prints `value` as JSON with `--json`, else the text. */
export function emit(ctx: ControlContext, json: unknown, value: unknown, text: () => string): void {
  ctx.print(json ? JSON.stringify(value, null, 2) : text());
}
