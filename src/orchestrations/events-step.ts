import type { OfflineEventSettings } from '../config/index.js';
import { JournalLockedError, parseEventSettings, sendEvents } from '../events/index.js';
import { allRowsRejected, TransientStepError, type StepContext, type StepResult } from '../jobs/index.js';
import { clock, type OrchestrationDeps } from './deps.js';
import { runFingerprint, sourceFingerprint } from './fingerprint.js';
import { recordFingerprint } from './orchestrations-repo.js';
import type { EventsRunOptions } from './run-options.js';
import { readRunSettings } from './run-settings.js';
import type { Serializer } from './serial.js';
import { asJson, credentialClientFor, noteRefusedToken, parseRunSource } from './step-support.js';

/** The events engine's settings of a run: the plugin's (event set, source, pixel) and the run options. */
export function eventSettingsOf(
  settings: OfflineEventSettings,
  options: EventsRunOptions,
): Record<string, unknown> {
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
 * `send_events`: sends the source's offline events with the credential's token as stored now. The events
 * engine's journal keeps an event TikTok acknowledged from being sent again when the step is repeated
 * (retry, Resolve). Every row rejected stops the workflow with the invalid-input action.
 */
export async function sendEventsStep(
  deps: OrchestrationDeps,
  ctx: StepContext,
  serial: Serializer,
): Promise<StepResult> {
  const run = readRunSettings(ctx.settings);
  const source = parseRunSource(deps, run.source);
  const fingerprint = run.skipUnchanged ? runFingerprint(run, await sourceFingerprint(source)) : undefined;
  const client = await credentialClientFor(deps, run.credentialId);
  const settings = parseEventSettings(eventSettingsOf(run.settings as OfflineEventSettings, run.options));
  // The journal (one per data directory, shared with `ttads events send`) is a DuckDB file: another process
  // holding it is a wait-and-retry, and DuckDB does not lock a file against this same process, so sends of
  // this worker take turns.
  const report = await serial(deps.dataDir, () =>
    sendEvents(
      { client, store: deps.store, logger: ctx.logger, dataDir: deps.dataDir, clock: clock(deps) },
      { source, settings },
    ),
  ).catch(async (err: unknown) => {
    if (err instanceof JournalLockedError) throw new TransientStepError(err.message, { cause: err });
    await noteRefusedToken(deps, run.credentialId, err);
    throw err;
  });
  if (report.rowsRead > 0 && report.acknowledged === 0 && report.alreadySent === 0) {
    throw allRowsRejected(report.rowsRead, report.rejected.byReason);
  }
  if (fingerprint && run.orchestrationId) {
    await recordFingerprint(deps.store, run.orchestrationId, fingerprint, new Date(clock(deps)()));
  }
  return asJson({ ...report, ...(fingerprint ? { fingerprint } : {}) });
}
