import type { TikTokClient } from '../tiktok/index.js';
import { RowAssembler, type Refusal } from './assembler.js';
import { EventSink } from './event-sink.js';
import type { AcknowledgedJournal } from './journal.js';
import type { KeySet } from './key-set.js';
import type { RejectsFile } from './rejects-file.js';
import { bump, type EventsReport } from './report.js';
import { createFieldValidator } from './row-validator.js';
import { BatchSender } from './sender.js';
import type { EventSettings } from './settings.js';
import type { StagedSource } from './staging.js';

/** A progress display (the CLI's bar); counts source rows. */
export interface SendProgress {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What one pass over the staged source needs. */
export interface PumpInput {
  client: Pick<TikTokClient, 'trackEventsJson'>;
  progress?: SendProgress | undefined;
  settings: EventSettings;
  nowMs: number;
  staged: StagedSource;
  journal: AcknowledgedJournal;
  acknowledged: KeySet;
  report: EventsReport;
  rejects: RejectsFile | undefined;
  dryRun: boolean;
  batchSize?: number | undefined;
  maxInFlight?: number | undefined;
  blockRows?: number | undefined;
}

/** Reads every block, turns rows into events and requests, and sends them; returns when all are done. */
export async function pump(input: PumpInput): Promise<void> {
  const { settings, staged, report, rejects, dryRun, progress } = input;
  const refusedEvents: { rows: readonly number[]; refusal: Refusal }[] = [];
  const sink = new EventSink(
    report,
    input.acknowledged,
    settings,
    (rows, refusal) => refusedEvents.push({ rows, refusal }),
    dryRun,
    input.batchSize,
  );
  const sender = new BatchSender(
    input.client,
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
    { testEventCode: settings.testEventCode, maxInFlight: input.maxInFlight ?? 8 },
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
  progress?.start(staged.rowCount, dryRun ? 'Checking events' : 'Sending events');
  try {
    for await (const slice of staged.blocks(input.blockRows)) {
      assembler.push(slice, 0, slice.rows);
      report.rowsRead += slice.rows;
      await send();
      await rejects?.drained();
      progress?.update(report.rowsRead);
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
