import type { Logger } from '../logger.js';
import type { RunPause } from './runs.js';
import type { Queryable } from './store.js';

/** A pause as the TikTok client announces it (`TikTokClient.watchPauses`); null when sending resumes. */
export type PauseNotice = { until: Date; reason: RunPause['reason']; message: string } | null;

/** What announces pauses: the TikTok client (typed here by shape, the store imports no other foundation). */
export interface PauseSource {
  watchPauses(listener: (notice: PauseNotice) => void): () => void;
}

/**
 * Stores (or clears, with null) the pause of a running run. A run that already ended is left alone, so a late
 * write never marks a finished run as paused.
 */
export async function setRunPause(db: Queryable, runId: string, pause: RunPause | null): Promise<void> {
  await db.query(`UPDATE runs SET pause = $2::jsonb WHERE id = $1 AND status = 'running'`, [
    runId,
    pause ? JSON.stringify(pause) : null,
  ]);
}

/**
 * Keeps `runs.pause` of a running run in step with the pauses its TikTok client announces, so that any other
 * process (the server, `ttads workflows show`) shows "paused by TikTok until HH:MM UTC" while it waits. Writes
 * go one after the other in the order announced; a failed write is logged, never fails the run. `stop()`
 * stops following and clears the pause (`finishRun` clears it too).
 */
export function followRunPauses(
  db: Queryable,
  runId: string,
  source: PauseSource,
  logger?: Logger,
): { stop(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  const write = (pause: RunPause | null): void => {
    chain = chain
      .then(() => setRunPause(db, runId, pause))
      .catch((err: unknown) =>
        logger?.warn({ runId, err: (err as Error).message }, 'could not store the pause of the run'),
      );
  };
  const unwatch = source.watchPauses((notice) =>
    write(
      notice ? { until: notice.until.toISOString(), reason: notice.reason, message: notice.message } : null,
    ),
  );
  return {
    async stop() {
      unwatch();
      write(null);
      await chain;
    },
  };
}

/**
 * The pause of a workflow's running run that is not over yet (the run names the workflow in
 * `params.origin`), or null. A pause whose time has passed is not shown: its process may have died.
 */
export async function workflowRunPause(db: Queryable, workflowId: string): Promise<RunPause | null> {
  const row = await db.queryOne<{ pause: RunPause }>(
    `SELECT pause FROM runs
     WHERE status = 'running' AND pause IS NOT NULL AND params @> $1::jsonb
       AND (pause->>'until')::timestamptz > now()
     ORDER BY started_at DESC LIMIT 1`,
    [JSON.stringify({ origin: { workflowId } })],
  );
  return row?.pause ?? null;
}
