import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from '../logger.js';
import type { ConcurrentRuns, RunLock } from '../store/run-lock.js';
import type { RunOrigin } from '../store/runs.js';
import type { Store } from '../store/store.js';
import type { RequestStats, TikTokClient } from '../tiktok/index.js';
import type { AudienceSyncOptions } from './options.js';
import type { AudienceFiles } from './snapshot-files.js';
import type { AudienceState } from './state.js';
import type { AudienceTarget } from './target.js';

/** What a sync needs from the outside world, built once at start-up. */
export interface AudienceSyncDeps {
  store: Store;
  client: TikTokClient;
  logger: Logger;
  /**
   * Root data directory; the audience's work files live in `<dataDir>/audiences/<key>/`, and so do its
   * snapshots and plans with the embedded store (with PostgreSQL they are blobs in the store).
   */
  dataDir: string;
  /** Another run of this audience is going (another process or machine): wait for it (default) or refuse. */
  concurrentRuns?: ConcurrentRuns;
  /** Requests in flight (the client's rate limit still applies). */
  concurrency: number;
  /** Called as parts of the plan are recorded and batches acknowledged: done and planned batches so far. */
  onProgress?: (done: number, total: number) => void;
  now?: () => number;
  /** DuckDB memory limit (spills beyond it). */
  duckMemoryLimit?: string;
  /** Directories the source may read (the `sourceRoots` setting); unset: DuckDB reads anything. */
  sourceRoots?: readonly string[] | undefined;
  /**
   * When given, the run's rejects (rejected values as read, rows without identifier; the first
   * MAX_REJECT_LINES) are written to `<rejectsDir>/<runId>.csv` when there are any. They are personal data.
   */
  rejectsDir?: string;
  /** Like `rejectsDir`, but this exact file (the CLI's `--rejects`); wins over `rejectsDir`. */
  rejectsPath?: string;
  /** What made this run (a workflow's step), stored with the run's params so the run names its workflow. */
  origin?: RunOrigin;
}

/** One run of a sync once its audience is locked and its target resolved: what its steps share. */
export interface SyncRun {
  deps: AudienceSyncDeps;
  opts: AudienceSyncOptions;
  runId: string;
  /** The audience's key (audienceKey) and its work directory. */
  key: string;
  dir: string;
  files: AudienceFiles;
  lock: RunLock;
  /** The run's DuckDB connection (the planner's); the sender opens one of its own from `connect`. */
  conn: DuckDBConnection;
  connect: () => Promise<DuckDBConnection>;
  log: Logger;
  now: () => number;
  /** When the run began (ms, `now`'s clock), and the client's counters then. */
  began: number;
  statsBefore: RequestStats;
  /** The audience's state as the run found it. */
  state: AudienceState | undefined;
  target: AudienceTarget;
  /** The run's rejects file, when rejects are kept. */
  rejectsPath: string | undefined;
}

/** The error as stored with a failed run: what happened and what to do; never a token. */
export function errorRecord(err: unknown): Record<string, unknown> {
  const e = err as {
    name?: string;
    message?: string;
    code?: unknown;
    tiktokCode?: unknown;
    remedy?: unknown;
    requestId?: unknown;
    hint?: unknown;
    action?: unknown;
  };
  return {
    name: e?.name ?? 'Error',
    message: e?.message ?? String(err),
    // TikTok's own code and remedy, as stored before TikTok's errors joined the family.
    code: e?.tiktokCode ?? e?.code ?? null,
    requestId: e?.requestId ?? null,
    action: e?.remedy ?? e?.action ?? null,
    hint: e?.hint ?? null,
  };
}

/** The process's resident memory in MiB, for the run's log lines. */
export function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 1_048_576);
}
