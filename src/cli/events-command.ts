import type { Command } from 'commander';
import { InvalidSettingError } from '../config/settings.js';
import {
  describeReason,
  EventsRunError,
  parseEventSettings,
  sendEvents,
  startStaging,
  type EventSettings,
  type EventsReport,
} from '../events/index.js';
import { parseSourceArg } from '../sources/index.js';
import { createProgress, reportFailure } from './output.js';
import { addRuntimeOptions, openRuntime, settingsFromOptions, sourceDatabaseUrlFromEnv } from './runtime.js';

interface SendFlags {
  source: string;
  sourceDatabaseUrl?: string;
  eventSetId?: string;
  pixelCode?: string;
  eventSource?: string;
  defaultRegion: string;
  timeZone?: string;
  event?: string;
  testEventCode?: string;
  limitedDataUse?: boolean;
  dryRun?: boolean;
  json?: boolean;
  rejects?: string;
  batchSize?: string;
}

/** `ttads events send`: send a source's offline events to TikTok's Events API. */
export function registerEventsCommand(program: Command): void {
  const events = program
    .command('events')
    .description("Offline events: send conversions to TikTok's Events API");
  const send = events
    .command('send')
    .description(
      'Validate, group and send the events of a file or query; already acknowledged events are never sent again',
    )
    .requiredOption('--source <source>', 'a .csv/.parquet/.json file, DuckDB SQL over files, or pg:<query>')
    .option('--source-database-url <url>', 'PostgreSQL for pg: sources (env SOURCE_DATABASE_URL)')
    .option(
      '--event-set-id <id>',
      'event set of rows without event_set_id: the offline event set id, or for web events the pixel code',
    )
    .option('--pixel-code <code>', 'web events: the pixel code (an alias of --event-set-id for web events)')
    .option(
      '--event-source <source>',
      'web or offline, for rows without event_source (default offline; web when only a pixel code is given)',
    )
    .option(
      '--default-region <region>',
      'ISO 3166 region of phone numbers written without a country code',
      'US',
    )
    .option('--time-zone <zone>', 'IANA time zone of timestamps written without an offset (default UTC)')
    .option('--event <name>', 'send every row as this event (e.g. Purchase), whatever its event column says')
    .option('--test-event-code <code>', "TikTok's test event code: events show in Test Events only")
    .option('--limited-data-use', 'flag every event for limited data use')
    .option('--dry-run', 'validate, group and count without sending anything')
    .option('--rejects <file>', 'write rejected rows (as in the source: personal data included) to this CSV')
    .option('--batch-size <n>', 'events per request, 1 to 1000', '1000')
    .option('--json', 'print the report as JSON on stdout');
  addRuntimeOptions(send).action(async (flags: SendFlags & Record<string, unknown>) => {
    try {
      await runSend(flags);
    } catch (error) {
      reportFailure(error);
    }
  });
}

function eventSettings(flags: SendFlags): EventSettings {
  try {
    return parseEventSettings({
      eventSetId: flags.eventSetId,
      pixelCode: flags.pixelCode,
      eventSource: flags.eventSource,
      defaultRegion: flags.defaultRegion,
      timeZone: flags.timeZone,
      fixedEvent: flags.event,
      testEventCode: flags.testEventCode,
      limitedDataUse: flags.limitedDataUse,
    });
  } catch (error) {
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
    const text = issues.map((i) => `${i.path.map(String).join('.') || 'settings'}: ${i.message}`).join('; ');
    throw new InvalidSettingError(`invalid events setting: ${text || String(error)}`);
  }
}

async function runSend(flags: SendFlags & Record<string, unknown>): Promise<void> {
  const settings = settingsFromOptions(flags);
  const send = eventSettings(flags);
  const source = parseSourceArg(flags.source, {
    databaseUrl: flags.sourceDatabaseUrl ?? sourceDatabaseUrlFromEnv(),
    statementTimeoutMs: settings.sourceStatementTimeoutMs,
  });
  const batchSize = Number(flags.batchSize ?? 1000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
    throw new InvalidSettingError(
      `invalid --batch-size ${flags.batchSize}: expected a whole number from 1 to 1000`,
    );
  }
  // The source is staged while the store opens (seconds each for large sources): DuckDB copies it in its
  // own threads once the copy is under way, and sendEvents takes the staging over (closing it if it fails).
  let underWay: () => void = () => undefined;
  const copying = new Promise<void>((resolve) => (underWay = resolve));
  const staging = startStaging({ source, settings: send, sourceRoots: settings.sourceRoots }, underWay);
  staging.catch(() => undefined); // its failure is the run's, reported by sendEvents
  await copying;
  let runtime: Awaited<ReturnType<typeof openRuntime>>;
  try {
    runtime = await openRuntime(settings);
  } catch (error) {
    void staging.then(
      ({ duck }) => duck.close(),
      () => undefined,
    );
    throw error;
  }
  try {
    const report = await sendEvents(
      {
        client: runtime.client,
        store: runtime.store,
        logger: runtime.logger,
        dataDir: settings.dataDir,
        sourceRoots: settings.sourceRoots,
        concurrentRuns: settings.concurrentRuns,
        progress: createProgress(!flags.json && process.stderr.isTTY),
      },
      {
        source,
        settings: send,
        dryRun: flags.dryRun,
        rejectsPath: flags.rejects,
        batchSize,
        maxInFlight: settings.concurrency,
        staging,
      },
    );
    printReport(report, flags.json);
  } catch (error) {
    if (!(error instanceof EventsRunError)) throw error;
    printReport(error.report, flags.json);
    reportFailure(error.cause);
  } finally {
    await runtime.close();
  }
}

function printReport(report: EventsReport, json = false): void {
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
}

const n = (value: number) => value.toLocaleString('en-US');

/** The report as a person reads it. */
export function formatReport(report: EventsReport): string {
  const title = report.dryRun ? 'Dry run' : 'Events send';
  const lines = [
    `${title} ${report.status} (run ${report.runId}) in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  rows read        ${n(report.rowsRead)}${report.duplicateRows ? ` (${n(report.duplicateRows)} duplicate rows merged)` : ''}`,
    `  events built     ${n(report.eventsBuilt)}`,
    `  already sent     ${n(report.alreadySent)}`,
    `  ${report.dryRun ? 'would send  ' : 'sent        '}     ${n(report.sent)}`,
    `  acknowledged     ${n(report.acknowledged)}`,
    `  rejected         ${n(report.rejected.rows)} rows, ${n(report.rejected.events)} events`,
  ];
  for (const [reason, count] of Object.entries(report.rejected.byReason).sort((a, b) => b[1] - a[1])) {
    lines.push(`    ${reason.padEnd(22)} ${n(count).padStart(9)}  ${describeReason(reason)}`);
  }
  for (const [column, count] of Object.entries(report.conflicts)) {
    lines.push(`  note: ${n(count)} events had rows disagreeing on ${column} (the first value was sent)`);
  }
  lines.push(`  requests         ${n(report.requests)} (${n(report.retries)} retries)`);
  lines.push(`  throughput       ${n(report.eventsPerSecond)} events/s`);
  if (report.rejectsFile) lines.push(`  rejects file     ${report.rejectsFile}`);
  return `${lines.join('\n')}\n`;
}
