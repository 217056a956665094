import type { Logger } from '../logger.js';
import { finishRun, listRuns, saveRunReport, startRun, type RunOrigin } from '../store/runs.js';
import type { Store } from '../store/store.js';
import type { EventsReport } from './report.js';

/**
 * Run parameters stored with the run: settings, a source label and what made the run (`origin`), never a
 * token or personal data.
 */
export type EventsRunParams = Record<string, string | boolean | RunOrigin | undefined>;

/**
 * Starts the run record. Runs of the same journal still marked `running` died without finishing (the
 * caller holds the journal lock, so none can be alive): they are closed as failed, naming this run as
 * the one that resumes them.
 */
export async function beginRun(
  store: Store,
  params: EventsRunParams,
  id?: string,
): Promise<{ runId: string; resumed: string[] }> {
  const stale = (
    await listRuns(store, { kind: 'events', params: { journal: params.journal }, limit: 100 })
  ).filter((run) => run.status === 'running');
  const runId = await startRun(store, {
    ...(id ? { id } : {}),
    kind: 'events',
    params: { ...params, resumes: stale.length > 0 ? stale.map((r) => r.id) : undefined },
  });
  for (const run of stale) {
    await finishRun(store, run.id, {
      status: 'failed',
      error: {
        name: 'Interrupted',
        message: `The process of this send stopped before it finished; run ${runId} resumed it.`,
        resumedBy: runId,
      },
    });
  }
  return { runId, resumed: stale.map((r) => r.id) };
}

/**
 * Saves the report every `intervalMs` while a run goes, so that a run that dies still shows how far it
 * got. Saves never overlap; a failed save is logged, not fatal (the journal, not the report, is what
 * resuming relies on).
 */
export function saveReportsPeriodically(
  store: Store,
  logger: Logger,
  report: () => EventsReport,
  intervalMs = 2000,
): { stop(): Promise<void> } {
  let saving: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (saving) return;
    const current = report();
    saving = saveRunReport(store, current.runId, current as unknown as Record<string, unknown>)
      .catch((error: unknown) =>
        logger.warn({ err: error, runId: current.runId }, 'could not save the run report'),
      )
      .finally(() => {
        saving = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await saving;
    },
  };
}

/** A plain object describing an error for the run record (TikTok errors give their safe toJSON). */
export function errorRecord(error: unknown): Record<string, unknown> {
  const withJson = error as { toJSON?: unknown } | undefined;
  if (withJson && typeof withJson === 'object' && typeof withJson.toJSON === 'function') {
    return (withJson as { toJSON(): Record<string, unknown> }).toJSON();
  }
  const named = error as { name?: unknown; message?: unknown; hint?: unknown; code?: unknown } | undefined;
  return {
    name: typeof named?.name === 'string' ? named.name : 'Error',
    message: typeof named?.message === 'string' ? named.message : String(error),
    ...(typeof named?.hint === 'string' ? { hint: named.hint } : {}),
    ...(typeof named?.code === 'string' ? { code: named.code } : {}),
  };
}
