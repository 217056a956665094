import { randomBytes } from 'node:crypto';
import type { ControlPlaneDeps } from '../config/index.js';
import type { DestinationRegistry } from '../destinations/index.js';
import type { Logger } from '../logger.js';
import type { ConcurrentRuns } from '../store/run-lock.js';
import type { Queryable, Store } from '../store/store.js';
import type { ScheduleRegistry } from './scheduling.js';

/** The control-plane deps of a process, its plugins being the destinations registry (built at start-up). */
export type AppControlDeps = Omit<ControlPlaneDeps, 'plugins'> & { plugins: DestinationRegistry };

/** What saving and deleting orchestrations and campaigns needs. */
export interface RunnableStoreDeps {
  db: Queryable;
  /** Epoch milliseconds; default `Date.now`. */
  now?: () => number;
  logger?: Logger;
  /** The destinations of this process. */
  plugins: DestinationRegistry;
  /** When given, schedules are registered with (or removed from) the workflow engine on save and delete. */
  schedules?: ScheduleRegistry;
}

/**
 * What the workflow steps need: the control plane (credentials are read at run time, so a reauthorization
 * applies on Resolve), the store the engines record their runs in, and where bulk files live.
 */
export interface OrchestrationDeps extends Omit<ControlPlaneDeps, 'db'> {
  store: Store;
  /** The destinations of this process: what each run sends to and how. */
  plugins: DestinationRegistry;
  /** Root data directory: audience snapshots, event journals, campaign control groups. */
  dataDir: string;
  /** Requests in flight for an audience sync (default 4; the client's rate limit still applies). */
  concurrency?: number;
  /** A run of an audience or event set going elsewhere: wait for it (default) or refuse (the setting). */
  concurrentRuns?: ConcurrentRuns;
  /** Database of `pg:` sources (the faces read it from the SOURCE_DATABASE_URL environment variable). */
  sourceDatabaseUrl?: string;
  /** Directories DuckDB sources may read (the `sourceRoots` setting); unset: DuckDB reads anything. */
  sourceRoots?: readonly string[] | undefined;
  /** How long one statement of a `pg:` source may run (the `sourceStatementTimeoutMs` setting). */
  sourceStatementTimeoutMs?: number | undefined;
}

/** The control-plane deps of the glue's deps (the store is the database). */
export function controlDeps(deps: OrchestrationDeps): AppControlDeps {
  return { ...deps, db: deps.store };
}

/** The clock of `deps`. */
export function clock(deps: { now?: (() => number) | undefined }): () => number {
  return deps.now ?? Date.now;
}

/** A new id such as `orc_3f9a0c1d2b4e5f60a7b8c9d0`. */
export function newRunnableId(prefix: 'orc' | 'cmp' | 'seg'): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}
