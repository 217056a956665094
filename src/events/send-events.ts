import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { openDuck, sourceLabel, type DuckOptions, type SourceSpec } from '../sources/index.js';
import { finishRun } from '../store/runs.js';
import type { Store } from '../store/store.js';
import type { TikTokClient } from '../tiktok/index.js';
import { RowAssembler, type Refusal } from './assembler.js';
import { EventSink } from './event-sink.js';
import { EventJournal } from './journal.js';
import type { KeySet } from './key-set.js';
import { RejectsFile } from './rejects-file.js';
import { bump, emptyReport, withRequestStats, type EventsReport } from './report.js';
import { createFieldValidator } from './row-validator.js';
import { beginRun, errorRecord, saveReportsPeriodically } from './run-record.js';
import { BatchSender } from './sender.js';
import { parseEventSettings, type EventSettings, type EventSettingsInput } from './settings.js';
import { stageSource, type StagedSource } from './staging.js';
import { MAX_EVENTS_PER_REQUEST } from './mapping.js';
import { eventWindow, MAX_EVENT_AGE_DAYS } from './window.js';

/** A progress display (the CLI's bar); counts source rows. */
export interface SendProgress {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}

/** I/O the engine is given, so tests run it against the emulator and a test store. */
export interface SendEventsDeps {
  client: Pick<TikTokClient, 'trackEvents' | 'stats'>;
  store: Store;
  logger: Logger;
  /** Epoch ms; decides the 28-day window and the time of rows without a timestamp. */
  clock?: () => number;
  /** The journal lives in `<dataDir>/events/`. */
  dataDir: string;
  progress?: SendProgress;
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
  /** Rows per block read from DuckDB (default 20,000). */
  blockRows?: number;
  /** DuckDB limits of the staging database (default 128MB, spilling to disk beyond; 2 threads). */
  duck?: DuckOptions;
}

/** The run failed after it started; `report` is what it did, `cause` why it stopped (as thrown). */
export class EventsRunError extends Error {
  override readonly name = 'EventsRunError';
  constructor(
    readonly report: EventsReport,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Sends a source's offline events to TikTok: rows are staged in DuckDB (numbered, sorted by event id),
 * validated and grouped into events, filtered through the journal (nothing TikTok acknowledged is sent
 * again), and sent in requests of up to 1,000 events with several in flight. Acknowledged events are
 * journaled before they are counted; refused ones go to the report and the rejects file. The run and
 * its report are stored in the `runs` table. Throws EventsRunError when the run fails after starting.
 */
export async function sendEvents(deps: SendEventsDeps, options: SendEventsOptions): Promise<EventsReport> {
  const started = Date.now();
  const batchSize = options.batchSize ?? MAX_EVENTS_PER_REQUEST;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_EVENTS_PER_REQUEST) {
    throw new RangeError(
      `batchSize must be a whole number from 1 to ${MAX_EVENTS_PER_REQUEST}, got ${batchSize}`,
    );
  }
  const settings = parseEventSettings(options.settings);
  const nowMs = (deps.clock ?? Date.now)();
  const dryRun = options.dryRun ?? false;
  const journal = await EventJournal.open(join(deps.dataDir, 'events'));
  const { runId, resumed } = await beginRun(
    deps.store,
    runParams(options, settings, journal.path, dryRun),
  ).catch(async (error: unknown) => {
    await journal.close();
    throw error;
  });
  if (!dryRun) await journal.startRun(runId);
  const report = emptyReport(runId, sourceLabel(options.source), dryRun);
  const log = deps.logger.child({ component: 'events', runId });
  log.debug({ source: report.source, dryRun, resumes: resumed }, 'events send started');
  const saver = saveReportsPeriodically(deps.store, log, () => finalReport(report, deps, started));
  const duck = await openDuck({ memoryLimit: '128MB', threads: 2, ...options.duck });
  let rejects: RejectsFile | undefined;
  try {
    const staged = await stageSource(options.source, duck, {
      required: settings.fixedEvent ? ['email'] : ['email', 'event'],
    });
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
    await pump({ deps, options, settings, nowMs, staged, journal, acknowledged, report, rejects });
    const status = dryRun ? 'dry_run' : 'succeeded';
    report.status = status;
    const final = finalReport(report, deps, started);
    await saver.stop();
    await finishRun(deps.store, runId, { status, report: final as unknown as Record<string, unknown> });
    log.debug(summary(final), 'events send finished');
    return final;
  } catch (error) {
    report.status = 'failed';
    report.error = errorRecord(error);
    const final = finalReport(report, deps, started);
    await saver.stop();
    await finishRun(deps.store, runId, {
      status: 'failed',
      report: final as unknown as Record<string, unknown>,
      error: report.error,
    }).catch((e: unknown) => log.error({ err: e }, 'could not record the failed run'));
    log.debug({ ...summary(final), error: report.error }, 'events send failed');
    throw new EventsRunError(final, error);
  } finally {
    deps.progress?.stop();
    await rejects?.close();
    duck.close();
    await journal.close();
  }
}

interface PumpInput {
  deps: SendEventsDeps;
  options: SendEventsOptions;
  settings: EventSettings;
  nowMs: number;
  staged: StagedSource;
  journal: EventJournal;
  acknowledged: KeySet;
  report: EventsReport;
  rejects: RejectsFile | undefined;
}

/** Reads every block, turns rows into events and requests, and sends them; returns when all are done. */
async function pump(input: PumpInput): Promise<void> {
  const { deps, options, settings, staged, report, rejects } = input;
  const dryRun = options.dryRun ?? false;
  const refusedEvents: { rows: readonly number[]; refusal: Refusal }[] = [];
  const sink = new EventSink(
    report,
    input.acknowledged,
    settings,
    (rows, refusal) => refusedEvents.push({ rows, refusal }),
    dryRun,
    options.batchSize,
  );
  const sender = new BatchSender(
    deps.client,
    {
      acknowledged: async (entries) => {
        await input.journal.append(entries);
        report.acknowledged += entries.length;
      },
      rejected: (rows, refusal) => {
        report.rejected.events += 1;
        bump(report.rejected.byReason, refusal.reason);
        refusedEvents.push({ rows, refusal });
      },
    },
    { testEventCode: settings.testEventCode, maxInFlight: options.maxInFlight ?? 8 },
  );
  const assembler = new RowAssembler(
    createFieldValidator(settings, input.nowMs, staged.fields),
    staged.fields,
    {
      rowRejected: (row, refusals, cells, offset) => {
        report.rejected.rows += 1;
        for (const refusal of refusals) {
          bump(report.rejected.byReason, refusal.reason);
          rejects?.writeLine(row, refusal, cells.slice(offset, offset + staged.fields.length));
        }
      },
      event: (event) => sink.accept(event),
    },
  );
  const send = async (all = false) => {
    for (const batch of sink.takeReady(all)) await sender.submit(batch);
  };
  deps.progress?.start(staged.rowCount, dryRun ? 'Checking events' : 'Sending events');
  try {
    for await (const slice of staged.blocks(options.blockRows)) {
      assembler.push(slice, 0, slice.rows);
      report.rowsRead += slice.rows;
      await send();
      await rejects?.drained();
      deps.progress?.update(report.rowsRead);
      // Let responses and journal writes run between slices (a slice is a few ms of pure JS).
      await yieldToIo();
    }
    assembler.finish();
    await send(true);
  } finally {
    await sender.drain().finally(async () => writeRefusedEvents(staged, rejects, refusedEvents));
  }
}

/** TikTok's refusals and duplicates, with their rows read back from the staging table. */
async function writeRefusedEvents(
  staged: StagedSource,
  rejects: RejectsFile | undefined,
  refused: readonly { rows: readonly number[]; refusal: Refusal }[],
): Promise<void> {
  if (!rejects || refused.length === 0) return;
  const rows = await staged.rowsByNumber(refused.flatMap((r) => r.rows));
  for (const { rows: numbers, refusal } of refused) {
    for (const row of numbers) rejects.writeLine(row, refusal, rows.get(row) ?? []);
    await rejects.drained();
  }
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
  };
}

function finalReport(report: EventsReport, deps: SendEventsDeps, started: number): EventsReport {
  const durationMs = Date.now() - started;
  return {
    ...withRequestStats(report, deps.client.stats()),
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
