import { openDuck, sourceAccess, type Duck, type DuckOptions, type SourceSpec } from '../sources/index.js';
import type { EventSettings } from './settings.js';
import { requiredEventFields, stageSource, type StagedSource } from './staging.js';

/** The staging database of a send and the source staged in it. */
export interface StagingRun {
  duck: Duck;
  staged: StagedSource;
}

/** What staging a send's source needs. */
export interface StagingInput {
  source: SourceSpec;
  settings: Pick<EventSettings, 'fixedEvent'>;
  /** Directories the source may read (the `sourceRoots` setting); unset: DuckDB reads anything. */
  sourceRoots?: readonly string[] | undefined;
  /** DuckDB limits (default 128MB, 64MB once staged, spilling to disk beyond; 2 threads). */
  duck?: DuckOptions | undefined;
}

/**
 * Opens a send's staging database and stages its source. A caller may start it before the store is open
 * and hand the promise to sendEvents (`staging`): DuckDB copies the source in its own threads meanwhile.
 * `copying` is called once the bulk copy is under way, or when staging failed before it; on failure the
 * database is closed.
 */
export async function startStaging(input: StagingInput, copying?: () => void): Promise<StagingRun> {
  let duck: Duck | undefined;
  try {
    // The staging database writes no file of its own (the journal and rejects file are not written by it).
    duck = await openDuck({
      memoryLimit: '128MB',
      threads: 2,
      ...sourceAccess(input.sourceRoots),
      ...input.duck,
    });
    const staged = await stageSource(input.source, duck, {
      required: requiredEventFields(input.settings),
      readMemoryLimit: input.duck?.memoryLimit ? undefined : '64MB',
      copying,
    });
    return { duck, staged };
  } catch (error) {
    duck?.close();
    throw error;
  } finally {
    copying?.();
  }
}
