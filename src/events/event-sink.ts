import type { Refusal } from './assembler.js';
import { OutgoingBatcher, type OutgoingBatch } from './batches.js';
import type { GroupedEvent } from './grouping.js';
import { journalKey } from './journal.js';
import { fingerprint, KeySet } from './key-set.js';
import { SEND_REJECT_REASONS } from './vocabulary.js';
import { bump, type EventsReport } from './report.js';
import type { EventSettings } from './settings.js';

const DUPLICATE_EVENT: Refusal = {
  reason: 'duplicate_event',
  field: 'event_id',
  message: SEND_REJECT_REASONS.duplicate_event,
};

/**
 * Where built events go: counted, checked against the journal (an acknowledged event is never sent
 * again), then batched into requests that the engine collects with `takeReady()`.
 */
export class EventSink {
  private readonly seen = new KeySet();
  private readonly batcher: OutgoingBatcher;
  private ready: OutgoingBatch[] = [];

  constructor(
    private readonly report: EventsReport,
    /** Fingerprints of the keys the journal holds. */
    private readonly acknowledged: KeySet,
    settings: Pick<EventSettings, 'limitedDataUse'>,
    private readonly eventRejected: (sourceRows: readonly number[], refusal: Refusal) => void,
    private readonly dryRun: boolean,
    batchSize?: number,
  ) {
    this.batcher = new OutgoingBatcher(settings, batchSize);
  }

  accept(event: GroupedEvent): void {
    const report = this.report;
    report.eventsBuilt += 1;
    report.duplicateRows += event.duplicateRows;
    for (const column of event.conflicts) bump(report.conflicts, column);
    // Hashing the key costs time, so it is skipped when neither check can match: an empty journal and an
    // explicit event id (explicit ids cannot repeat, the source being sorted by them).
    if (this.acknowledged.size > 0 || event.eventIdDerived) {
      const print = fingerprint(journalKey(event));
      if (this.acknowledged.size > 0 && this.acknowledged.hasFingerprint(print)) {
        report.alreadySent += 1;
        return;
      }
      if (event.eventIdDerived && !this.seen.addFingerprint(print)) {
        report.rejected.events += 1;
        bump(report.rejected.byReason, DUPLICATE_EVENT.reason);
        this.eventRejected(event.sourceRows, DUPLICATE_EVENT);
        return;
      }
    }
    report.sent += 1;
    if (this.dryRun) return;
    const full = this.batcher.add(event);
    if (full) this.ready.push(full);
  }

  /** Requests ready to send; with `all`, the partly filled ones too (at the end of the source). */
  takeReady(all = false): OutgoingBatch[] {
    const batches = all ? [...this.ready, ...this.batcher.flush()] : this.ready;
    this.ready = [];
    return batches;
  }
}
