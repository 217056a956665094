import { TtadsError } from '../errors.js';
import { readFileSync, existsSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { z } from 'zod';
import { DEFAULT_LOG_LEVEL } from '../logger.js';
import { DEFAULT_DUCKDB_MEMORY } from '../sources/duck-defaults.js';

/** `/a:/b` (the environment's form, like PATH) or a JSON list (the config file's) as a list of directories. */
function rootList(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.split(':').filter((part) => part.trim() !== '');
}

/**
 * Process-wide settings. One zod schema gives validation, the TypeScript type, help text and (later)
 * the UI form. Each entry names the environment variable that can set it.
 */
export const settingsSchema = z.object({
  apiUrl: z
    .url()
    .default('https://business-api.tiktok.com')
    .describe('TikTok Business API base URL (TikTok, its sandbox, or `ttads emulator`)'),
  accessToken: z.string().min(1).optional().describe('TikTok advertiser access token'),
  dataDir: z.string().min(1).default('./.ttads').describe('Where the embedded store and snapshots live'),
  databaseUrl: z.string().min(1).optional().describe('PostgreSQL URL; the embedded store is used when unset'),
  rps: z.coerce.number().positive().max(1000).default(10).describe('Requests per second sent to TikTok'),
  concurrency: z.coerce.number().int().positive().max(64).default(4).describe('Requests in flight to TikTok'),
  tiktokTier: z
    .enum(['basic', 'advanced', 'premium', 'ultimate', 'sandbox'])
    .default('basic')
    .describe(
      "The TikTok app's rate-limit tier: basic 10 QPS/600 QPM/864,000 QPD, advanced 20, premium 30, ultimate 50 " +
        'QPS, sandbox 1 QPS/30 QPM; shared by every process using the app (through PostgreSQL when set)',
    ),
  tiktokQps: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe("Overrides the tier's requests per second"),
  tiktokQpm: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe("Overrides the tier's requests per minute"),
  tiktokQpd: z.coerce.number().int().positive().optional().describe("Overrides the tier's requests per day"),
  tiktokOutageMaxMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(600_000)
    .describe(
      'How long a run pauses through a TikTok outage (5xx, timeouts, 5xxxx codes) before it gives up (ms)',
    ),
  tiktokListingWaitMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(180_000)
    .describe(
      "How long a new audience may take to appear in TikTok's list (ms): a create whose answer was lost is " +
        'looked for by name that long before it is sent again, so that no second audience is made',
    ),
  tiktokSuspensionMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(300_000)
    .describe(
      "Advanced: how long every request pauses after TikTok throttled the app's per-minute quota (ms); " +
        "TikTok's rule is 5 minutes, change it only against an emulator with a shorter suspension",
    ),
  timeoutMs: z.coerce
    .number()
    .int()
    .positive()
    .default(30_000)
    .describe('Timeout of one TikTok request (ms)'),
  duckdbMemoryLimit: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i, 'a size such as 300MB or 1GB')
    .default(DEFAULT_DUCKDB_MEMORY)
    .describe('Memory DuckDB may use for bulk work before spilling to disk (audiences, events)'),
  sourceRoots: z
    .preprocess(
      rootList,
      z
        .array(z.string().trim().refine(isAbsolute, 'each directory must be an absolute path'))
        .min(1, 'name at least one directory'),
    )
    .optional()
    .describe(
      "Directories source queries may read; DuckDB is confined to them and ttads' own work files (unset: " +
        '`serve` and `worker` use a `sources` directory beside the data directory; other commands are unrestricted)',
    ),
  sourceStatementTimeoutMs: z.coerce
    .number()
    .int()
    .positive()
    .default(300_000)
    .describe(
      'How long one statement of a PostgreSQL source query may run (ms); previews allow at most 30 s',
    ),
  concurrentRuns: z
    .enum(['wait', 'refuse'])
    .default('wait')
    .describe(
      'A run of an audience or event set that another process or machine is running: wait for it, or refuse',
    ),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default(DEFAULT_LOG_LEVEL),
  maxBodyBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024)
    .describe('`ttads serve`: largest request body accepted, in bytes (larger ones answer 413)'),
  previewConcurrency: z.coerce
    .number()
    .int()
    .positive()
    .max(16)
    .default(2)
    .describe('`ttads serve`: previews run at once; one more answers 429'),
  previewTimeoutMs: z.coerce
    .number()
    .int()
    .min(100)
    .default(30_000)
    .describe('`ttads serve`: how long one preview may run before it is stopped (504)'),
});

export type Settings = z.infer<typeof settingsSchema>;

/** Environment variable for each setting. */
export const SETTINGS_ENV: Record<keyof Settings, string> = {
  apiUrl: 'TIKTOK_API_URL',
  accessToken: 'TIKTOK_ACCESS_TOKEN',
  dataDir: 'TTADS_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  rps: 'TTADS_RPS',
  concurrency: 'TTADS_CONCURRENCY',
  tiktokTier: 'TTADS_TIKTOK_TIER',
  tiktokQps: 'TTADS_TIKTOK_QPS',
  tiktokQpm: 'TTADS_TIKTOK_QPM',
  tiktokQpd: 'TTADS_TIKTOK_QPD',
  tiktokOutageMaxMs: 'TTADS_TIKTOK_OUTAGE_MAX_MS',
  tiktokListingWaitMs: 'TTADS_TIKTOK_LISTING_WAIT_MS',
  tiktokSuspensionMs: 'TTADS_TIKTOK_SUSPENSION_MS',
  timeoutMs: 'TTADS_TIMEOUT_MS',
  duckdbMemoryLimit: 'TTADS_DUCKDB_MEMORY',
  sourceRoots: 'TTADS_SOURCE_ROOTS',
  sourceStatementTimeoutMs: 'TTADS_PG_TIMEOUT_MS',
  concurrentRuns: 'TTADS_CONCURRENT_RUNS',
  logLevel: 'TTADS_LOG_LEVEL',
  maxBodyBytes: 'TTADS_MAX_BODY_BYTES',
  previewConcurrency: 'TTADS_PREVIEW_CONCURRENCY',
  previewTimeoutMs: 'TTADS_PREVIEW_TIMEOUT_MS',
};

/** Raised when a setting is invalid; the message names the setting and where it came from. */
export class InvalidSettingError extends TtadsError {
  override name = 'InvalidSettingError';
  constructor(message: string) {
    super(message, { code: 'invalid_setting', kind: 'fix_input' });
  }
}

/** Reads `ttads.config.json` (or the given path); a missing default file is not an error. */
export function readConfigFile(path: string | undefined, cwd = process.cwd()): Record<string, unknown> {
  const file = path ?? `${cwd}/ttads.config.json`;
  if (!existsSync(file)) {
    if (path) throw new InvalidSettingError(`config file not found: ${path}`);
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new InvalidSettingError(`config file ${file} must hold a JSON object`);
    }
    return parsed as Record<string, unknown>;
  } catch (err) {
    if (err instanceof InvalidSettingError) throw err;
    throw new InvalidSettingError(`config file ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Resolves settings once: flags override environment, which overrides the config file, which overrides
 * the defaults. Undefined flag values are ignored so that commander's absent options do not mask env.
 */
export function resolveSettings(
  flags: Partial<Record<keyof Settings, unknown>>,
  env: NodeJS.ProcessEnv,
  file: Record<string, unknown> = {},
): Settings {
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(settingsSchema.shape) as (keyof Settings)[]) {
    const fromFlag = flags[key];
    const fromEnv = env[SETTINGS_ENV[key]];
    const fromFile = file[key];
    const value = fromFlag ?? (fromEnv === '' ? undefined : fromEnv) ?? fromFile;
    if (value !== undefined) merged[key] = value;
  }
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const origin =
      flags[key as keyof Settings] !== undefined
        ? 'flag'
        : env[SETTINGS_ENV[key as keyof Settings]] !== undefined
          ? `env ${SETTINGS_ENV[key as keyof Settings]}`
          : 'config file';
    throw new InvalidSettingError(`invalid setting ${key} (from ${origin}): ${issue.message}`);
  }
  const exposed = rootHoldingDataDir(parsed.data);
  if (exposed) {
    throw new InvalidSettingError(
      `invalid setting sourceRoots: ${exposed} contains the data directory ${resolve(parsed.data.dataDir)}, ` +
        'whose secret key and store source queries must not read; list the directories of your exports instead',
    );
  }
  return parsed.data;
}

/** A source root that is, or contains, the data directory (which holds the secret key), if any. */
function rootHoldingDataDir(settings: Settings): string | undefined {
  const dataDir = resolve(settings.dataDir);
  return settings.sourceRoots?.find((root) => {
    const r = resolve(root);
    return dataDir === r || dataDir.startsWith(r.endsWith(sep) ? r : `${r}${sep}`);
  });
}
