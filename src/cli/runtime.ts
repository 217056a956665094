import { join } from 'node:path';
import type { Command } from 'commander';
import { SECRET_KEY_ENV } from '../config/secrets.js';
import { readConfigFile, resolveSettings, type Settings } from '../config/settings.js';
import { createLogger, type Logger } from '../logger.js';
import { SOURCE_DATABASE_URL_ENV } from '../sources/spec.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { leanStore } from './process-tuning.js';
import { appQuota } from './tiktok-quota.js';
import { createTikTokClient, type TikTokClient } from '../tiktok/index.js';

/**
 * The database of `pg:` sources named by the SOURCE_DATABASE_URL environment variable (empty: none). Only the
 * faces read the environment; the engines get the value passed in.
 */
export function sourceDatabaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[SOURCE_DATABASE_URL_ENV] || undefined;
}

/** `{ sourceDatabaseUrl }` for deps, when SOURCE_DATABASE_URL is set; else nothing. */
export function sourceDatabaseUrlOption(env: NodeJS.ProcessEnv = process.env): {
  sourceDatabaseUrl?: string;
} {
  const url = sourceDatabaseUrlFromEnv(env);
  return url ? { sourceDatabaseUrl: url } : {};
}

/** The key for secrets at rest from the TTADS_SECRET_KEY environment variable (see loadSecretKey). */
export function secretKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[SECRET_KEY_ENV];
}

/** Options every command that talks to TikTok or the store accepts (each also has an env variable). */
export function addRuntimeOptions(command: Command): Command {
  return command
    .option('--api-url <url>', 'TikTok Business API base URL (env TIKTOK_API_URL; e.g. a `ttads emulator`)')
    .option(
      '--access-token <token>',
      'TikTok access token (env TIKTOK_ACCESS_TOKEN; prefer the env variable)',
    )
    .option('--data-dir <dir>', 'where the embedded store and snapshots live (env TTADS_DATA_DIR)')
    .option('--database-url <url>', 'PostgreSQL for the store instead of the embedded one (env DATABASE_URL)')
    .option('--rps <n>', 'requests per second sent to TikTok (env TTADS_RPS)')
    .option('--concurrency <n>', 'requests in flight to TikTok (env TTADS_CONCURRENCY)')
    .option('--config <file>', 'JSON config file (default ./ttads.config.json)');
}

/** Settings from flags > env > config file > defaults, validated once. */
export function settingsFromOptions(
  opts: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): Settings {
  const file = readConfigFile(typeof opts.config === 'string' ? opts.config : undefined);
  return resolveSettings(
    {
      apiUrl: opts.apiUrl,
      accessToken: opts.accessToken,
      dataDir: opts.dataDir,
      databaseUrl: opts.databaseUrl,
      rps: opts.rps,
      concurrency: opts.concurrency,
    },
    env,
    file,
  );
}

/** Everything a command needs, built in one place; `close()` releases it. */
export interface Runtime {
  settings: Settings;
  logger: Logger;
  store: Store;
  client: TikTokClient;
  close(): Promise<void>;
}

/** Opens the store (embedded unless a database URL is set) and builds the TikTok client. */
export async function openRuntime(
  settings: Settings,
  logger = createLogger({ level: settings.logLevel }),
): Promise<Runtime> {
  const store = await openStore({
    databaseUrl: settings.databaseUrl,
    dataDir: join(settings.dataDir, 'db'),
    logger,
    lean: leanStore(),
  });
  const quota = appQuota(settings);
  quota.attach(store);
  const client = createTikTokClient({
    baseUrl: settings.apiUrl,
    accessToken: settings.accessToken,
    rps: settings.rps,
    concurrency: settings.concurrency,
    timeoutMs: settings.timeoutMs,
    retry: { maxElapsedMs: settings.tiktokOutageMaxMs },
    listingWaitMs: settings.tiktokListingWaitMs,
    suspensionMs: settings.tiktokSuspensionMs,
    quota: quota.quota,
    // Beside the progress bar: a run paused by TikTok says until when, then continues by itself.
    onPause: (pause) =>
      process.stderr.write(
        `ttads: ${pause.message} (${pause.reason === 'throttled' ? "the app's per-minute quota is spent" : 'TikTok is failing'}); the run continues by itself\n`,
      ),
    logger,
  });
  return { settings, logger, store, client, close: () => store.close() };
}
