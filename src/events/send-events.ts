import { TtadsError } from '../errors.js';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import { sourceLabel, type Duck, type DuckOptions, type SourceSpec } from '../sources/index.js';
import { acquireRunLock, type ConcurrentRuns, type RunLock } from '../store/run-lock.js';
import { followRunPauses } from '../store/run-pause.js';
import { finishRun, type RunOrigin } from '../store/runs.js';
import type { Store } from '../store/store.js';
import type { RequestStats, TikTokClient } from '../tiktok/index.js';
import { openJournal } from './journal-open.js';
import type { AcknowledgedJournal } from './journal.js';
import { MAX_EVENTS_PER_REQUEST } from './mapping.js';
import { pump, type SendProgress } from './pump.js';
import { RejectsFile } from './rejects-file.js';
import { emptyReport, withRequestStats, type EventsReport } from './report.js';
import { beginRun, errorRecord, saveReportsPeriodically } from './run-record.js';
import { parseEventSettings, type EventSettings, type EventSettingsInput } from './settings.js';
import { startStaging, type StagingRun } from './staging-start.js';
import { eventWindow, MAX_EVENT_AGE_DAYS } from './event-time.js';

export type { SendProgress } from './pump.js';

/** I/O the engine is given, so tests run it against the emulator and a test store. */
export interface SendEventsDeps {
  client: Pick<TikTokClient, 'trackEventsJson' | 'stats' | 'watchPauses'>;
  store: Store;
  logger: Logger;
  /** Epoch ms; decides the 28-day window and the time of rows without a timestamp. */
  clock?: () => number;
  /** With the embedded store the journal lives in `<dataDir>/events/`; with PostgreSQL, in the store. */
  dataDir: string;
  /** Another send of this event set is going (another process or machine): wait for it (default) or refuse. */
  concurrentRuns?: ConcurrentRuns;
  progress?: SendProgress;
  /** Directories the source may read (the `sourceRoots` setting); unset: DuckDB reads anything. */
  sourceRoots?: readonly string[] | undefined;
}

export interface SendEventsOptions {
  source: SourceSpec;
  settings: EventSettingsInput | EventSettings;
  /** Validate, group and count without sending or journaling anything. */
  dryRun?: boolean;
  /** Where to write the rejects CSV (it holds the rejected rows as they are, personal data included). */
  rejectsPath?: string;
  /** Events per request, 1 to 1,000 (default 1,000, TikTok's maximum). */
  batchSize?: number;
  /** Requests in progress at once (default 8; give the client's concurrency); its rps limit still applies. */
  maxInFlight?: number;
  /** Rows per block read from DuckDB (default: about 3 MB of text, at most 20,000; see defaultBlockRows). */
  blockRows?: number;
  /** DuckDB limits of the staging database (default 128MB, 64MB once staged, spilling to disk beyond; 2 threads). */
  duck?: DuckOptions;
  /** What made this run (a workflow's step), stored with the run's params so the run names its workflow. */
  origin?: RunOrigin;
  /**
   * The source already being staged (startStaging, with the same source, settings and source roots),
   * begun before the store was open so that the two overlap; the run takes it over and closes it.
   */
  staging?: Promise<StagingRun> | undefined;
}

/** The run failed after it started; `report` is what it did, `cause` why it stopped (as thrown). */
export class EventsRunError extends TtadsError {
  override readonly name = 'EventsRunError';
  constructor(
    readonly report: EventsReport,
    override readonly cause: unknown,
  ) {
    // What to do is what to do about the cause; a cause outside the family is unexpected.
    super(cause instanceof Error ? cause.message : String(cause), {
      ...(cause instanceof TtadsError
        ? { code: cause.code, kind: cause.kind, httpStatus: cause.httpStatus, hint: cause.hint }
        : { code: 'events_run_failed', kind: 'internal' }),
      cause,
    });
  }
}

/**
 * Sends a source's offline events to TikTok: rows are staged in DuckDB (numbered; the rows of an event
 * brought together wherever they are in the source), validated and grouped into events, filtered through the journal (nothing TikTok acknowledged is sent
 * again), and sent in requests of up to 1,000 events with several in flight. Acknowledged events are
 * journaled before they are counted; refused ones go to the report and the rejects file. The run and
 * its report are stored in the `runs` table. Throws EventsRunError when the run fails after starting.
 */
export async function sendEvents(deps: SendEventsDeps, options: SendEventsOptions): Promise<EventsReport> {
  const early = options.staging;
  let taken = false;
  const stage = (settings: EventSettings) => {
    taken = true;
    return (
      early ??
      startStaging({ source: options.source, settings, sourceRoots: deps.sourceRoots, duck: options.duck })
    );
  };
  try {
    return await send(deps, options, stage);
  } finally {
    // A staging started by the caller that the run never took (it failed before): close its database.
    if (early && !taken)
      void early.then(
        ({ duck }) => duck.close(),
        () => undefined,
      );
  }
}

async function send(
  deps: SendEventsDeps,
  options: SendEventsOptions,
  startStage: (settings: EventSettings) => Promise<StagingRun>,
): Promise<EventsReport> {
  const started = Date.now();
  const batchSize = options.batchSize ?? MAX_EVENTS_PER_REQUEST;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_EVENTS_PER_REQUEST) {
    throw new RangeError(
      `batchSize must be a whole number from 1 to ${MAX_EVENTS_PER_REQUEST}, got ${batchSize}`,
    );
  }
  const settings = parseEventSettings(options.settings);
  const stage = () => startStage(settings);
  const nowMs = (deps.clock ?? Date.now)();
  const dryRun = options.dryRun ?? false;
  // One send per event set at a time, across machines: two sends loading the journal before either is
  // acknowledged would both send the same events.
  const scope = `events:${settings.eventSetId ?? settings.pixelCode ?? 'from-rows'}`;
  const id = randomUUID();
  const lock = dryRun
    ? undefined
    : await acquireRunLock(deps.store, {
        scope,
        runId: id,
        concurrentRuns: deps.concurrentRuns ?? 'wait',
        onWait: (message, holder) => deps.logger.warn({ holder }, message),
      });
  let journal: AcknowledgedJournal;
  let runId: string;
  let resumed: string[];
  try {
    journal = guarded(await openJournal(deps.store, deps.dataDir, lock), lock);
    // Runs left `running` of this journal (and, on PostgreSQL, this event set) died: this one resumes them.
    const journalName = deps.store.engine === 'postgres' ? `${journal.path}/${scope}` : journal.path;
    ({ runId, resumed } = await beginRun(
      deps.store,
      runParams(options, settings, journalName, dryRun),
      id,
    ).catch(async (error: unknown) => {
      await journal.close();
      throw error;
    }));
  } catch (error) {
    await lock?.release();
    throw error;
  }
  if (!dryRun) await journal.startRun(runId);
  const report = emptyReport(runId, sourceLabel(options.source), dryRun);
  const log = deps.logger.child({ component: 'events', runId });
  log.debug({ source: report.source, dryRun, resumes: resumed }, 'events send started');
  // The client may serve several runs: the report counts this run's requests only.
  const statsBefore = deps.client.stats();
  const final = () => finalReport(report, deps.client.stats(), statsBefore, started);
  const saver = saveReportsPeriodically(deps.store, log, final);
  // While TikTok pauses the client, the run's status says until when (for the server and other processes).
  const pauses = followRunPauses(deps.store, runId, deps.client, log);
  let duck: Duck | undefined;
  let rejects: RejectsFile | undefined;
  try {
    const run = await stage();
    duck = run.duck;
    const staged = run.staged;
    report.columns = { ...staged.columns };
    if (options.rejectsPath) {
      rejects = await RejectsFile.open(
        options.rejectsPath,
        staged.fields.map((f) => staged.columns[f]!),
      );
      report.rejectsFile = options.rejectsPath;
    }
    const windowStart = Math.floor(eventWindow(nowMs, settings.clockSkewSeconds).earliestMs / 1000);
    await journal.prune(windowStart - MAX_EVENT_AGE_DAYS * 86_400);
    const acknowledged = await journal.loadKeys(windowStart);
    await pump({
      client: deps.client,
      progress: deps.progress,
      settings,
      nowMs,
      staged,
      journal,
      acknowledged,
      report,
      rejects,
      dryRun,
      batchSize,
      maxInFlight: options.maxInFlight,
      blockRows: options.blockRows,
    });
    const status = dryRun ? 'dry_run' : 'succeeded';
    report.status = status;
    const done = final();
    await saver.stop();
    await finishRun(deps.store, runId, { status, report: done as unknown as Record<string, unknown> });
    log.debug(summary(done), 'events send finished');
    return done;
  } catch (error) {
    report.status = 'failed';
    report.error = errorRecord(error);
    const done = final();
    await saver.stop();
    await finishRun(deps.store, runId, {
      status: 'failed',
      report: done as unknown as Record<string, unknown>,
      error: report.error,
    }).catch((e: unknown) => log.error({ err: e }, 'could not record the failed run'));
    log.debug({ ...summary(done), error: report.error }, 'events send failed');
    throw new EventsRunError(done, error);
  } finally {
    await pauses.stop();
    deps.progress?.stop();
    await rejects?.close();
    duck?.close();
    await journal.close();
    await lock?.release();
  }
}

/** The journal, refusing to record anything once the run's lock is lost (the run then stops). */
function guarded(journal: AcknowledgedJournal, lock: RunLock | undefined): AcknowledgedJournal {
  if (!lock) return journal;
  const append = journal.append.bind(journal);
  journal.append = (entries) => {
    lock.assertHeld();
    return append(entries);
  };
  return journal;
}

function runParams(
  options: SendEventsOptions,
  settings: EventSettings,
  journalPath: string,
  dryRun: boolean,
) {
  return {
    source: sourceLabel(options.source),
    journal: journalPath,
    eventSetId: settings.eventSetId,
    pixelCode: settings.pixelCode,
    eventSource: settings.eventSource,
    fixedEvent: settings.fixedEvent,
    defaultRegion: settings.defaultRegion,
    timeZone: settings.timeZone,
    testEventCode: settings.testEventCode,
    limitedDataUse: settings.limitedDataUse,
    dryRun,
    ...(options.origin ? { origin: options.origin } : {}),
  };
}

function finalReport(
  report: EventsReport,
  stats: RequestStats,
  before: RequestStats,
  started: number,
): EventsReport {
  const durationMs = Date.now() - started;
  return {
    ...withRequestStats(report, stats, before),
    rejected: { ...report.rejected, byReason: { ...report.rejected.byReason } },
    conflicts: { ...report.conflicts },
    durationMs,
    eventsPerSecond: durationMs > 0 ? Math.round((report.eventsBuilt * 1000) / durationMs) : 0,
  };
}

function summary(report: EventsReport) {
  const { rowsRead, eventsBuilt, alreadySent, sent, acknowledged, rejected, requests, retries, durationMs } =
    report;
  return { rowsRead, eventsBuilt, alreadySent, sent, acknowledged, rejected, requests, retries, durationMs };
}
