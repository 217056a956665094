import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  EventsRunError,
  JournalLockedError,
  parseEventSettings,
  sendEvents,
  type EventsReport,
} from '../../events/index.js';
import { allRowsRejected, TransientStepError, type StepContext } from '../../jobs/index.js';
import { keepRejectsFile } from '../rejects-blobs.js';
import type { DestinationStep, SendContext } from '../types.js';
import type { EventsRunOptions } from './run-options.js';
import type { EventSettings } from './settings.js';

/** The events engine's settings of a run: the plugin's (event set, source, pixel) and the run options. */
export function eventSettingsOf(settings: EventSettings, options: EventsRunOptions): Record<string, unknown> {
  const merged: Record<string, unknown> = {
    defaultRegion: 'US',
    ...options,
    eventSource: settings.eventSource,
    eventSetId: settings.eventSetId,
    pixelCode: settings.pixelCode,
  };
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined));
}

/**
 * Where a send of this step attempt writes its rejected rows: `<dataDir>/rejects/`, named by the workflow,
 * the attempt and a random part (a step repeated after a crash gets a file of its own).
 */
export function rejectsFileFor(dataDir: string, ctx: Pick<StepContext, 'workflow' | 'attempt'>): string {
  const name = `events-${ctx.workflow.id}-${ctx.attempt}-${randomBytes(4).toString('hex')}.csv`;
  return join(dataDir, 'rejects', name.replace(/[^\w.-]/g, '_'));
}

/**
 * sendEvents creates the rejects file before it reads a row; a run that rejected nothing leaves only the
 * header, which is removed (and left out of the step's report) so that "has a rejects file" means "has
 * rejects". The run's stored report may still name the removed file: the download answers 404 for it.
 */
async function dropEmptyRejects(report: EventsReport): Promise<EventsReport> {
  const file = report.rejectsFile;
  if (!file || report.rejected.rows + report.rejected.events > 0) return report;
  await rm(file, { force: true });
  const { rejectsFile: _removed, ...rest } = report;
  return rest;
}

/**
 * `send_events`: sends the source's offline and web events. The events engine's journal keeps an event TikTok
 * acknowledged from being sent again when the step is repeated (retry, Resolve). Every row rejected stops the
 * workflow with the invalid-input action.
 */
async function sendEventsStep(ctx: SendContext): Promise<object> {
  const client = await ctx.client();
  const settings = parseEventSettings(eventSettingsOf(ctx.settings as EventSettings, ctx.options));
  // The journal (one per data directory, shared with `ttads events send`) is a DuckDB file: another process
  // holding it is a wait-and-retry, and DuckDB does not lock a file against this same process, so sends of
  // this worker take turns.
  const rejectsPath = rejectsFileFor(ctx.dataDir, ctx.step);
  const sent = await ctx
    .serial(ctx.dataDir, () =>
      sendEvents(
        {
          client,
          store: ctx.store,
          logger: ctx.logger,
          dataDir: ctx.dataDir,
          clock: ctx.now ?? Date.now,
          sourceRoots: ctx.sourceRoots,
          ...(ctx.concurrentRuns ? { concurrentRuns: ctx.concurrentRuns } : {}),
        },
        { source: ctx.source, settings, rejectsPath, origin: ctx.origin },
      ),
    )
    .catch(async (err: unknown) => {
      if (err instanceof EventsRunError)
        await keepRejectsFile(ctx, (await dropEmptyRejects(err.report)).rejectsFile);
      if (err instanceof JournalLockedError) throw new TransientStepError(err.message, { cause: err });
      throw err;
    });
  const report = await dropEmptyRejects(sent);
  await keepRejectsFile(ctx, report.rejectsFile);
  if (report.rowsRead > 0 && report.acknowledged === 0 && report.alreadySent === 0) {
    throw allRowsRejected(report.rowsRead, report.rejected.byReason, report.runId);
  }
  return report;
}

/** The step of an events run. */
export const SEND_EVENTS_STEP: DestinationStep = { name: 'send_events', run: sendEventsStep };
