import { builtInDestinations, DestinationRegistry, type DestinationSpec } from '../destinations/index.js';
import { join } from 'node:path';
import type { Command } from 'commander';
import { openSecretBox } from '../config/index.js';
import { startWorkerProcess, type WorkerProcess } from '../jobs/index.js';
import { createLogger, type Logger } from '../logger.js';
import { orchestrationWorkerOptions, syncSchedules } from '../orchestrations/index.js';
import type { Settings } from '../config/settings.js';
import { confinedSettings } from '../config/source-roots.js';
import type { OpenStoreOptions } from '../store/open.js';
import { appQuota } from './tiktok-quota.js';
import { createTikTokClient } from '../tiktok/index.js';
import { reportFailure } from './output.js';
import {
  addRuntimeOptions,
  secretKeyFromEnv,
  settingsFromOptions,
  sourceDatabaseUrlOption,
} from './runtime.js';

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  webhookUrl?: string | undefined;
  /** Signs the webhook's notifications (required with `webhookUrl`). */
  webhookSecret?: string | undefined;
  /** Workflows run at once by this process (default 2). */
  localConcurrency?: number | undefined;
  /** Stop on SIGTERM/SIGINT (default true; tests turn it off). */
  handleSignals?: boolean;
  /** Faster polling in tests. */
  pollingIntervalSeconds?: number;
  logger?: Logger;
  /** More store options (tests: a PostgreSQL schema of their own). */
  storeOptions?: Pick<OpenStoreOptions, 'schema' | 'poolSize'>;
  /** The destinations it runs (default the built-in ones; a test adds its own). */
  destinations?: readonly DestinationSpec[];
}

/**
 * Starts a workflow worker process on the store of `settings` (PostgreSQL: several such processes, on one
 * machine or several, share the work; the database claim runs each workflow on one worker at a time). It runs
 * orchestrations and campaigns, fires their schedules, and first makes pg-boss's schedules match the store.
 * DuckDB is confined to the source roots (`confinedSettings`: TTADS_SOURCE_ROOTS, else `sources/` beside the
 * data directory).
 * @throws a UsageError on the embedded store, which one process only may open (use `ttads serve --worker`)
 */
export async function startWorker(given: Settings, opts: StartWorkerOptions = {}): Promise<WorkerProcess> {
  if (!given.databaseUrl) {
    throw Object.assign(
      new Error(
        'ttads worker needs PostgreSQL (--database-url or DATABASE_URL): the embedded store is opened by one ' +
          'process only; run workflows there with `ttads serve --worker`',
      ),
      { name: 'UsageError' },
    );
  }
  // Runs the campaigns of business users: DuckDB reads only the source roots, by default too.
  const settings = confinedSettings(given);
  const logger = opts.logger ?? createLogger({ level: settings.logLevel });
  const secrets = await openSecretBox({ dataDir: settings.dataDir, secretKey: secretKeyFromEnv(), logger });
  const quota = appQuota(settings);
  const tiktok = createTikTokClient({
    baseUrl: settings.apiUrl,
    rps: settings.rps,
    concurrency: settings.concurrency,
    timeoutMs: settings.timeoutMs,
    retry: { maxElapsedMs: settings.tiktokOutageMaxMs },
    listingWaitMs: settings.tiktokListingWaitMs,
    suspensionMs: settings.tiktokSuspensionMs,
    quota: quota.quota,
    logger,
  });
  const worker = await startWorkerProcess({
    store: { databaseUrl: settings.databaseUrl, dataDir: join(settings.dataDir, 'db'), ...opts.storeOptions },
    logger,
    ...orchestrationWorkerOptions({
      plugins: new DestinationRegistry(opts.destinations ?? builtInDestinations),
      secrets,
      tiktok,
      logger,
      dataDir: settings.dataDir,
      concurrency: settings.concurrency,
      concurrentRuns: settings.concurrentRuns,
      sourceRoots: settings.sourceRoots,
      sourceStatementTimeoutMs: settings.sourceStatementTimeoutMs,
      ...sourceDatabaseUrlOption(),
    }),
    ...(opts.webhookUrl ? { webhookUrl: opts.webhookUrl } : {}),
    ...(opts.webhookSecret ? { webhookSecret: opts.webhookSecret } : {}),
    ...(opts.localConcurrency ? { localConcurrency: opts.localConcurrency } : {}),
    ...(opts.pollingIntervalSeconds ? { pollingIntervalSeconds: opts.pollingIntervalSeconds } : {}),
    handleSignals: opts.handleSignals ?? true,
  });
  // The worker's store exists once it started: from then on the app's quota is counted with every process.
  quota.attach(worker.store);
  try {
    const synced = await syncSchedules(worker.store, worker.engine.schedules);
    logger.info(synced, 'schedules synchronised');
  } catch (err) {
    await worker.shutdown();
    throw err;
  }
  return worker;
}

/** `ttads worker`: a process that only runs workflows (no HTTP API), for PostgreSQL deployments. */
export function registerWorkerCommand(program: Command): void {
  addRuntimeOptions(
    program
      .command('worker')
      .description(
        'Run workflows (orchestrations, campaigns, their schedules) in this process; start several against ' +
          'one PostgreSQL',
      )
      .option('--local-concurrency <n>', 'workflows run at once by this process', '2')
      .option('--webhook-url <url>', 'where failed workflows are notified (env TTADS_WEBHOOK_URL)')
      .option(
        '--webhook-secret <secret>',
        'signs the notifications (X-Ttads-Signature); required with a webhook (env TTADS_WEBHOOK_SECRET)',
      ),
  ).action(async (opts: Record<string, unknown>) => {
    try {
      const localConcurrency = Number(opts.localConcurrency);
      if (!Number.isInteger(localConcurrency) || localConcurrency < 1) {
        throw Object.assign(new Error('--local-concurrency must be a positive whole number'), {
          name: 'UsageError',
        });
      }
      const worker = await startWorker(settingsFromOptions(opts), {
        webhookUrl: (opts.webhookUrl as string | undefined) ?? process.env.TTADS_WEBHOOK_URL,
        webhookSecret: (opts.webhookSecret as string | undefined) ?? process.env.TTADS_WEBHOOK_SECRET,
        localConcurrency,
      });
      process.stdout.write(
        `ttads worker ${worker.engine.worker} running workflows on ${worker.store.engine}; Ctrl-C stops it\n`,
      );
    } catch (err) {
      reportFailure(err);
    }
  });
}
