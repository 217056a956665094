import type { Duck, SourceSpec } from '../sources/index.js';
import { RowAssembler, type Refusal } from './assembler.js';
import { batchEvents, rowsAt } from './batches.js';
import { EventSink } from './event-sink.js';
import { KeySet } from './key-set.js';
import type { TrackEvent } from './mapping.js';
import { emptyReport } from './report.js';
import { createFieldValidator } from './row-validator.js';
import { parseEventSettings, type EventSettings, type EventSettingsInput } from './settings.js';
import { requiredEventFields, stageSource } from './staging.js';

/** One source row as a send would treat it. */
export interface EventPreviewRow {
  /** 1-based row number in the source. */
  row: number;
  /** The event this row is part of, as it appears in the `data[]` of `event/track/`; null when refused. */
  sent: TrackEvent | null;
  /** The source rows that make that event (several for an order's products), in the order read. */
  eventRows: number[];
  /**
   * Where that event goes: the `event_source` and `event_source_id` of its `event/track/` request (the
   * pixel code of a web event, the offline event set id of an offline one); absent when refused.
   */
  target?: { eventSource: string; eventSourceId: string };
  /** The rules the row breaks, or why its event is held back. */
  rejects: Refusal[];
}

export interface EventsPreview {
  /** Source column read for each seed parameter. */
  columns: Record<string, string>;
  /** Every staged row, by row number. */
  rows: EventPreviewRow[];
}

/**
 * What a send would make of a (small) source, without sending, journaling or recording a run: the rows
 * are staged, validated, grouped into events and mapped by the very code a send runs (staging,
 * RowAssembler, EventSink with an empty journal, OutgoingBatcher), and each row is given the event it
 * ends up in. Rows of one order become one event, listed in `eventRows`. The journal is not read, so an
 * event TikTok already acknowledged shows as sent here while a send would skip it.
 * @param source a source small enough to hold (e.g. the first rows of one, see copyFirstRows)
 * @param opts.label names the source in error messages (default its label)
 * @throws SourceError when a column is missing or the source cannot be read; ZodError for bad settings
 */
export async function previewEvents(
  source: SourceSpec,
  duck: Duck,
  settingsInput: EventSettingsInput | EventSettings,
  opts: { nowMs: number; label?: string | undefined },
): Promise<EventsPreview> {
  const settings = parseEventSettings(settingsInput);
  const staged = await stageSource(source, duck, {
    required: requiredEventFields(settings),
    label: opts.label,
  });
  const byRow = new Map<number, EventPreviewRow>();
  const entry = (row: number): EventPreviewRow => {
    let found = byRow.get(row);
    if (!found) byRow.set(row, (found = { row, sent: null, eventRows: [], rejects: [] }));
    return found;
  };
  const refuse = (rows: readonly number[], refusals: readonly Refusal[]) => {
    for (const row of rows) entry(row).rejects.push(...refusals);
  };
  const report = emptyReport('preview', opts.label ?? '', true);
  // Not a dry run: the sink must batch (and so map) the events; nothing is sent from here.
  const sink = new EventSink(report, new KeySet(), settings, (rows, r) => refuse(rows, [r]), false);
  const assembler = new RowAssembler(
    createFieldValidator(settings, opts.nowMs, staged.fields),
    staged.fields,
    {
      rowRejected: (row, refusals) => refuse([row], refusals),
      event: (event) => sink.accept(event),
    },
  );
  for await (const block of staged.blocks()) {
    for (let r = 0; r < block.rows; r++) entry(Number(block.cells[r * block.width + block.width - 1]));
    assembler.push(block, 0, block.rows);
  }
  assembler.finish();
  for (const batch of sink.takeReady(true)) {
    batchEvents(batch).forEach((data, i) => {
      const rows = [...rowsAt(batch, i)];
      const target = { eventSource: batch.eventSource, eventSourceId: batch.eventSourceId };
      for (const row of rows) Object.assign(entry(row), { sent: data, eventRows: rows, target });
    });
  }
  return {
    columns: { ...staged.columns },
    rows: [...byRow.values()].sort((a, b) => a.row - b.row),
  };
}
